import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { kprod } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/run-cli.js';

/** What one in-process kprod run produced. */
export interface KprodRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the kprod command tree in-process, as `main.ts` does, with collected output. `env` is the
 * whole environment the command sees (nothing leaks in from the test process).
 */
export async function runKprod(
  argv: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    signal?: AbortSignal;
    stdin?: string;
  } = {},
): Promise<KprodRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const code = await runCli(
    kprod,
    argv,
    {
      stdout: sink((t) => (stdout += t)),
      stderr: sink((t) => (stderr += t)),
      stdin,
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
      signal: options.signal ?? new AbortController().signal,
    },
    '0.0.0-test',
  );
  return { code, stdout, stderr };
}

/** The JSON event lines of a run, without their `time` field. */
export function jsonEvents(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      if (typeof time !== 'string') throw new Error(`event without time: ${line}`);
      return rest;
    });
}
