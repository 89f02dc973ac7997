import { KprodError } from '../../errors.js';
import type { RolloutStatus } from '../../ops/rollout/rollout-status.js';
import type { CliIO, OptionSpec } from '../define-command.js';

/**
 * Progress output of the deploying commands (and `kprod release`): human lines with a UTC
 * timestamp, or with `--output json` one JSON object per line for CI, each with `time` and
 * `event` fields and the same facts as the human line.
 */

/**
 * The `--output` option of every command that reports events. The runner recognises it (by
 * identity) to end a failed `-o json` run with an `error` event instead of human text only.
 */
export const EVENT_OUTPUT_OPTION = {
  type: 'string',
  short: 'o',
  default: 'human',
  valueName: 'FORMAT',
  description:
    'human (timestamped lines) or json (one event per line; a failure ends with an "error" event).',
} as const satisfies OptionSpec;

/** The JSON event that ends a failed `-o json` run: the error's code, exit code and advice. */
export function errorEventLine(
  error: { code: string; exitCode: number; message: string; hint: string },
  now: Date,
): string {
  const { code, exitCode, message, hint } = error;
  return `${JSON.stringify({ time: now.toISOString(), event: 'error', code, exitCode, message, hint })}\n`;
}

/** The two output formats. */
export type OutputFormat = 'human' | 'json';

/** Parses `--output`; anything else is a usage error. */
export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'human' || value === 'json') return value;
  throw new KprodError('KPROD_USAGE', `--output must be human or json, got "${value}"`);
}

/** Where commands report what happens. */
export interface EventWriter {
  readonly format: OutputFormat;
  /**
   * Writes one event: `event` names it (`apply.object`, `rollout.progress`, ...), `data` holds
   * its facts for JSON, `human` is the line a person reads.
   */
  emit(event: string, data: Readonly<Record<string, unknown>>, human: string): void;
}

/** `10:42:07` in UTC, the prefix of human lines. */
export function formatClock(date: Date): string {
  return date.toISOString().slice(11, 19);
}

/** An EventWriter on the command's stdout; `clock` is injectable so tests see fixed times. */
export function createEventWriter(
  io: Pick<CliIO, 'stdout'>,
  format: OutputFormat,
  clock: () => Date = () => new Date(),
): EventWriter {
  return {
    format,
    emit(event, data, human) {
      const now = clock();
      if (format === 'json') {
        io.stdout.write(JSON.stringify({ time: now.toISOString(), event, ...data }) + '\n');
      } else {
        io.stdout.write(`${formatClock(now)} ${human}\n`);
      }
    },
  };
}

/** The human progress line of a rollout: counts first, then kubectl's sentence. */
export function rolloutProgressLine(target: string, status: RolloutStatus): string {
  const c = status.counts;
  return `${target}: ${c.updated}/${c.desired} updated, ${c.ready} ready, ${c.available} available: ${status.message}`;
}

/** The JSON facts of a rollout status. */
export function rolloutProgressData(
  target: string,
  namespace: string,
  status: RolloutStatus,
): Record<string, unknown> {
  return {
    target,
    namespace,
    ...status.counts,
    done: status.done,
    ...(status.failed === undefined ? {} : { failed: status.failed }),
    ...(status.revision === undefined ? {} : { revision: status.revision }),
    message: status.message,
  };
}

/** The human heartbeat line of a long rollout wait: how long, and what it still waits for. */
export function rolloutWaitingLine(
  target: string,
  status: RolloutStatus,
  elapsedMs: number,
): string {
  return `${target}: still waiting after ${formatElapsed(elapsedMs)}: ${status.message}`;
}

/** `45s`, `2m05s`, `1h02m` for a heartbeat line. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${two(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h${two(Math.floor(seconds / 60) % 60)}m`;
}
