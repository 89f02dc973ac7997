import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Runs the local pipeline's steps the way a CI log shows them: a header per step with the
 * commands it runs, their output as it comes, the step's result and time, and a summary at the
 * end. Each command has a deadline (the workflow job's `timeout-minutes`); the running command
 * is the one an interrupt is forwarded to.
 */

/** How a step ended. */
export type StepResult = 'passed' | 'failed' | 'skipped' | 'waiting';

/** One row of the summary. */
export interface StepRecord {
  readonly name: string;
  readonly result: StepResult;
  readonly ms: number;
  readonly note: string;
}

/** A command that exited other than 0, or ran out of time. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
}

/** `1.2 s`, `3 min 04 s`: how long a step took, as the summary prints it. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 60))} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The summary table: one line per step, then the total wall time. */
export function renderSummary(records: readonly StepRecord[], totalMs: number): string {
  const width = Math.max(4, ...records.map((r) => r.name.length));
  const lines = records.map((r) =>
    [r.name.padEnd(width), r.result.padEnd(8), formatDuration(r.ms).padStart(11), r.note]
      .join('  ')
      .trimEnd(),
  );
  return [
    '==> summary',
    ...lines,
    `${'total'.padEnd(width)}  ${''.padEnd(8)}  ${formatDuration(totalMs).padStart(11)}`,
  ].join('\n');
}

/** Quotes a command for display (what a CI log shows after `Run`). */
export function displayCommand(command: readonly string[]): string {
  return command
    .map((a) => (/^[\w./:@=,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** Options of one command. */
export interface CommandOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** stdout goes to this file instead of the log (`kprod check -o sarif > file`). */
  readonly stdoutFile?: string;
  /** Keep stdout (printed too) and return it. */
  readonly capture?: boolean;
}

/** The steps of one pipeline run. */
export class StepRunner {
  readonly records: StepRecord[] = [];
  private current: ChildProcess | undefined;
  private interrupted: NodeJS.Signals | undefined;
  private readonly write: (text: string) => void;
  private readonly cwd: string | undefined;

  /** `write` prints; commands run in `cwd` (default: this process's). */
  constructor(write: (text: string) => void, cwd?: string) {
    this.write = write;
    this.cwd = cwd;
  }

  /** Prints a line of the pipeline's own (not a command's). */
  say(line: string): void {
    this.write(`${line}\n`);
  }

  /**
   * Runs `body` as step `name`: header, then its commands, then the result line. A thrown error
   * marks the step failed and is rethrown. `body` returns the note of the summary row.
   */
  async step(name: string, title: string, body: () => Promise<string>): Promise<string> {
    const started = Date.now();
    this.say(`\n==> ${name}: ${title}`);
    try {
      const note = await body();
      const ms = Date.now() - started;
      this.records.push({ name, result: 'passed', ms, note });
      this.say(`<== ${name} passed in ${formatDuration(ms)}`);
      return note;
    } catch (error) {
      const ms = Date.now() - started;
      const note = error instanceof Error ? error.message : String(error);
      this.records.push({ name, result: 'failed', ms, note });
      this.say(`<== ${name} failed in ${formatDuration(ms)}: ${note}`);
      throw error;
    }
  }

  /** Records a step that runs no command (skipped, the approval gate). */
  record(name: string, result: StepResult, note: string): void {
    this.records.push({ name, result, ms: 0, note });
    this.say(`\n==> ${name}: ${result} (${note})`);
  }

  /** Runs one command of a step, printing `$ command` and its output; throws unless it exits 0. */
  async run(command: readonly string[], options: CommandOptions): Promise<string> {
    const [file, ...args] = command;
    if (file === undefined) throw new Error('empty command');
    if (this.interrupted !== undefined) throw new StepFailed(`interrupted by ${this.interrupted}`);
    this.say(
      `$ ${displayCommand(command)}${options.stdoutFile === undefined ? '' : ` > ${options.stdoutFile}`}`,
    );
    const child = spawn(file, args, {
      cwd: this.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.current = child;
    const sink =
      options.stdoutFile === undefined ? undefined : createWriteStream(options.stdoutFile);
    let captured = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (sink !== undefined) sink.write(chunk);
      else this.write(chunk.toString('utf8'));
      if (options.capture === true) captured += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.write(chunk.toString('utf8'));
    });
    const deadline = { passed: false };
    const timer = setTimeout(() => {
      deadline.passed = true;
      child.kill('SIGTERM');
      // A command that ignores SIGTERM is killed outright 10 s later.
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, options.timeoutMs);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (c, s) => {
          resolve([c, s]);
        });
      },
    ).finally(() => {
      clearTimeout(timer);
      this.current = undefined;
    });
    if (sink !== undefined) await new Promise<void>((resolve) => sink.end(resolve));
    if (deadline.passed) {
      throw new StepFailed(`${file} did not finish within ${formatDuration(options.timeoutMs)}`);
    }
    if (code !== 0) {
      throw new StepFailed(
        `${displayCommand(command.slice(0, 3))} exited ${code ?? String(signal)}`,
      );
    }
    return captured;
  }

  /**
   * Forwards a signal to the running command (Ctrl-C reaches the release, which saves its state);
   * no command starts after it.
   */
  interrupt(signal: NodeJS.Signals): void {
    this.interrupted = signal;
    this.current?.kill(signal);
  }
}
