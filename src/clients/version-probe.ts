import { formatByteSize, readBodyStart } from '../kube/read-bounded-body.js';

/** The address the original client called. */
export const DEFAULT_PROBE_URL = 'http://multiroute:3000/route1';

/** What one call returned: an HTTP answer, or why there was none. */
export type ProbeOutcome =
  { readonly status: number; readonly text: string } | { readonly error: string };

/** Answers counted by the version in their `[<version>]` prefix. */
export type VersionTally = ReadonlyMap<string, number>;

/** The version an answer names in its `[<version>]` prefix; `other` when it names none. */
export function versionOf(outcome: ProbeOutcome): string {
  if ('error' in outcome) return 'error';
  const match = /^\[([^\]\s]+)\]/.exec(outcome.text);
  return match?.[1] ?? 'other';
}

/** Returns the tally with one more answer of `version`. */
export function addToTally(tally: VersionTally, version: string): VersionTally {
  const next = new Map(tally);
  next.set(version, (next.get(version) ?? 0) + 1);
  return next;
}

/** Renders a tally as `tally: v1=3 (75%) v2=1 (25%) total=4`, versions sorted by name. */
export function formatTally(tally: VersionTally): string {
  const total = [...tally.values()].reduce((sum, count) => sum + count, 0);
  const parts = [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, count]) => `${version}=${count} (${Math.round((count * 100) / total)}%)`);
  return `tally: ${parts.join(' ')} total=${total}`;
}

/** Renders one outcome the way the original client logged it: `status:<code> text: <body>`. */
export function formatOutcome(outcome: ProbeOutcome): string {
  return 'error' in outcome
    ? `error: ${outcome.error}`
    : `status:${outcome.status} text: ${outcome.text}`;
}

/** Largest answer read: a route's answer is one short line; a larger one is an error outcome. */
export const MAX_ANSWER_BYTES = 64 << 10;

/**
 * Sends one GET and reads the body up to {@link MAX_ANSWER_BYTES}; network failures, timeouts
 * and a larger body become outcomes.
 */
export async function probeOnce(url: string, timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await readBodyStart(response, MAX_ANSWER_BYTES);
    if (!body.complete) {
      return { error: `the answer is larger than ${formatByteSize(MAX_ANSWER_BYTES)}` };
    }
    return { status: response.status, text: body.bytes.toString('utf8') };
  } catch (error) {
    // fetch wraps the network error: its cause names what happened (ECONNREFUSED, ENOTFOUND).
    const err = error as Error & { cause?: { code?: string; message?: string } };
    return { error: err.cause?.code ?? err.cause?.message ?? err.message };
  }
}

/** Options of {@link runProbe}. */
export interface ProbeOptions {
  readonly url: string;
  /** Repeat every this many ms; undefined calls once. */
  readonly intervalMs: number | undefined;
  readonly timeoutMs: number;
  /** Stops the repetition. */
  readonly signal: AbortSignal;
}

/**
 * Calls the URL once, or every interval until the signal aborts, writing each outcome and, when
 * repeating, the running tally of answers by version so a traffic split can be watched.
 */
export async function runProbe(
  options: ProbeOptions,
  write: (line: string) => void,
): Promise<void> {
  let tally: VersionTally = new Map();
  for (;;) {
    const outcome = await probeOnce(options.url, options.timeoutMs);
    write(formatOutcome(outcome));
    if (options.intervalMs === undefined) return;
    tally = addToTally(tally, versionOf(outcome));
    write(formatTally(tally));
    if (!(await waitUnlessAborted(options.intervalMs, options.signal))) return;
  }
}

/** Waits `ms`; resolves true when the time passed, false when the signal aborted first. */
function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
