import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Compiles multiroute and the client programs (only their import graph) into a private folder
 * under `.kprod-tmp/`, so e2e tests run the real JavaScript without racing a concurrent
 * `npm run build`. Returns the folder; its layout mirrors `dist/`.
 */
export function buildServiceForTest(): string {
  mkdirSync(join(ROOT, '.kprod-tmp'), { recursive: true });
  const out = mkdtempSync(join(ROOT, '.kprod-tmp', 'service-build-'));
  const tsconfig = join(out, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: '../../tsconfig.build.json',
      compilerOptions: { rootDir: '../../src', outDir: '.', sourceMap: false },
      include: [],
      files: [
        '../../src/service/main.ts',
        '../../src/clients/probe-client.ts',
        '../../src/clients/two-port-server.ts',
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
