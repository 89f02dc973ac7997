import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Compiles multiroute and the client programs (only their import graph) into a private temporary
 * folder, so e2e tests run the real JavaScript without racing a concurrent `npm run build`.
 * Returns the folder; its layout mirrors `dist/`.
 */
export function buildServiceForTest(): string {
  const out = mkdtempSync(join(tmpdir(), 'multiroute-build-'));
  // ES modules and the project's dependencies, as in the package itself.
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'));
  const tsconfig = join(out, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(ROOT, 'src'), outDir: out, sourceMap: false },
      include: [],
      files: [
        join(ROOT, 'src/service/main.ts'),
        join(ROOT, 'src/service/routes-config-worker.ts'),
        join(ROOT, 'src/clients/probe-client.ts'),
        join(ROOT, 'src/clients/two-port-server.ts'),
      ],
    }),
  );
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return out;
}

/** Removes a folder made by {@link buildServiceForTest}. */
export function removeServiceBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A spawned program with its output collected. */
export interface SpawnedProgram {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or 128+signal) when the process ends. */
  readonly exited: Promise<number>;
  /** Parsed JSON log lines of stdout. */
  records(): Record<string, unknown>[];
}

/** Spawns `node <file> ...args` with exactly `env` (plus PATH). */
export function spawnProgram(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
): SpawnedProgram {
  const child = spawn(process.execPath, [file, ...args], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number>((resolveExit) => {
    child.on('exit', (code, signal) => {
      resolveExit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    records: () =>
      out
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
