import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

/**
 * Helpers of the real-cluster suite: the built kprod CLI and the pinned release's kubectl, both
 * as separate processes against the local control plane (admin kubeconfig from the global
 * setup), and throw-away namespaces.
 */

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** What a finished process printed. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The admin kubeconfig of the running control plane. */
export function adminKubeconfig(): string {
  return inject('kubeconfig');
}

/** The pinned release's kubectl. */
export function kubectlPath(): string {
  return join(inject('binDir'), 'kubectl');
}

function run(
  file: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number },
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(file, [...args], {
      cwd: options.cwd ?? ROOT,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/root',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 170_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the built kprod CLI with KUBECONFIG set to the admin kubeconfig (or `kubeconfig`). */
export function kprod(
  args: readonly string[],
  options: { kubeconfig?: string; input?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return run(process.execPath, [CLI, ...args], {
    env: { KUBECONFIG: options.kubeconfig ?? adminKubeconfig(), NO_COLOR: '1', ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
}

/** Runs the real kubectl (admin, or `kubeconfig`). */
export function kubectl(
  args: readonly string[],
  options: { kubeconfig?: string; input?: string } = {},
): Promise<Run> {
  return run(kubectlPath(), ['--kubeconfig', options.kubeconfig ?? adminKubeconfig(), ...args], {
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

/** Runs kubectl and returns its stdout; throws with stderr when it fails. */
export async function kubectlOk(
  args: readonly string[],
  options: { kubeconfig?: string; input?: string } = {},
): Promise<string> {
  const result = await kubectl(args, options);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return result.stdout;
}

/** `kubectl get -o json` parsed. */
export async function getJson(args: readonly string[]): Promise<Record<string, unknown>> {
  return JSON.parse(await kubectlOk(['get', ...args, '-o', 'json'])) as Record<string, unknown>;
}

/** A fresh namespace name with the given prefix. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Creates a namespace (with optional labels) and returns its name. */
export async function createNamespace(
  prefix: string,
  labels: Record<string, string> = {},
): Promise<string> {
  const name = uniqueName(prefix);
  const manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
  await kubectlOk(['create', '-f', '-'], { input: JSON.stringify(manifest) });
  return name;
}

/** Deletes namespaces and waits until the namespace controller has removed them. */
export async function deleteNamespaces(...names: string[]): Promise<void> {
  if (names.length === 0) return;
  await kubectl([
    'delete',
    'namespace',
    ...names,
    '--ignore-not-found',
    '--wait=true',
    '--timeout=120s',
  ]);
}

/**
 * Polls `check` every 250 ms until it returns a value other than undefined, or fails after
 * `seconds` with the last value seen in the message.
 */
export async function eventually<T>(
  what: string,
  seconds: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${seconds} s waiting for ${what}: ${String(last)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Applies a manifest with kubectl (server-side, field manager `test-setup`), as an admin;
 * `force` takes over fields other managers own.
 */
export async function kubectlApply(
  manifest: unknown,
  namespace?: string,
  force = false,
): Promise<void> {
  const docs = Array.isArray(manifest) ? manifest : [manifest];
  await kubectlOk(
    [
      'apply',
      '--server-side',
      '--field-manager=test-setup',
      ...(force ? ['--force-conflicts'] : []),
      ...(namespace === undefined ? [] : ['-n', namespace]),
      '-f',
      '-',
    ],
    { input: docs.map((d) => JSON.stringify(d)).join('\n') },
  );
}
