import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/define-command.js';

/** A CliIO whose output is collected in strings, for running commands in-process in tests. */
export interface BufferedIO {
  readonly io: CliIO;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** The stdin stream; write answers to it and `end()` it. */
  readonly stdin: PassThrough & { isTTY?: boolean };
}

/** Makes a buffered CliIO rooted at `cwd`; `tty` marks stdin as a terminal. */
export function bufferedIO(cwd: string, options: { tty?: boolean } = {}): BufferedIO {
  let out = '';
  let err = '';
  // write() appends synchronously, so the text is complete when the command returns.
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  const stderr = new Writable({
    write(chunk: Buffer, _encoding, done) {
      err += chunk.toString('utf8');
      done();
    },
  });
  const stdin: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.tty === true) stdin.isTTY = true;
  return {
    io: { stdout, stderr, stdin, env: {}, cwd, signal: new AbortController().signal },
    stdout: () => out,
    stderr: () => err,
    stdin,
  };
}
