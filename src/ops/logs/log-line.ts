import { KubeApiError } from '../kube-api.js';
import { KprodError } from '../../errors.js';

/**
 * One log line as read (`timestamps=true` puts the kubelet's RFC 3339 time with nanoseconds
 * before every line), the resume point that keeps a reconnect from printing a line twice, and
 * what a failed log request means.
 */

/** A line split into its timestamp and message. */
export interface TimestampedLine {
  /** As the server wrote it; undefined when the line had none. */
  timestamp: string | undefined;
  message: string;
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;

/** Splits `2026-01-02T03:04:05.123456789Z message` into timestamp and message. */
export function splitTimestamp(line: string): TimestampedLine {
  const match = STAMP.exec(line);
  if (match === null) return { timestamp: undefined, message: line };
  return { timestamp: line.slice(0, match[0].length - 1), message: line.slice(match[0].length) };
}

/**
 * A timestamp as a string that sorts in time order: UTC seconds and nine fraction digits. The
 * server trims trailing zeros from the fraction and may write an offset, so raw strings do not
 * compare.
 */
export function timestampKey(timestamp: string): string | undefined {
  // The kubelet's own form (nine digits, UTC) is already a key: skip the parse on the hot path.
  if (timestamp.length === 30 && timestamp[19] === '.' && timestamp.endsWith('Z')) {
    return timestamp;
  }
  const match = STAMP.exec(`${timestamp} `);
  if (match === null) return undefined;
  const nanos = (match[2] ?? '').padEnd(9, '0');
  const zone = match[3] ?? 'Z';
  const seconds =
    zone === 'Z' ? match[1] : new Date(`${match[1] ?? ''}${zone}`).toISOString().slice(0, 19);
  return `${seconds ?? ''}.${nanos}Z`;
}

/** A printed time, and how many printed lines carried exactly that time. */
export interface ResumePoint {
  key: string;
  count: number;
}

/**
 * Where a stream stands: the last line it printed and, after a reconnect, the point it replays
 * up to. The reconnect asks for lines since the point's second (sinceTime has whole seconds), so
 * it sees again what was printed: lines before the point, and the first `count` lines at exactly
 * its time, are skipped.
 */
export interface StreamPosition {
  last: ResumePoint | undefined;
  replay: ResumePoint | undefined;
  skipped: number;
}

/** The position of a fresh stream. */
export const START_POSITION: StreamPosition = { last: undefined, replay: undefined, skipped: 0 };

/** The position after a reconnect: replay up to the last printed line. */
export function reconnectPosition(position: StreamPosition): StreamPosition {
  return { last: position.last, replay: position.last, skipped: 0 };
}

/** Whether a line is new, and the position after it. A line without a timestamp is new. */
export function admitLine(
  position: StreamPosition,
  timestamp: string | undefined,
): { admit: boolean; position: StreamPosition } {
  const key = timestamp === undefined ? undefined : timestampKey(timestamp);
  if (key === undefined) return { admit: true, position };
  const { replay } = position;
  if (replay !== undefined) {
    if (key < replay.key) return { admit: false, position };
    if (key === replay.key && position.skipped < replay.count) {
      return { admit: false, position: { ...position, skipped: position.skipped + 1 } };
    }
  }
  const last = position.last;
  const count = last !== undefined && last.key === key ? last.count + 1 : 1;
  return { admit: true, position: { last: { key, count }, replay: undefined, skipped: 0 } };
}

/** The `sinceTime` of a reconnect: the resume point's second. */
export function resumeSinceTime(point: ResumePoint): string {
  return `${point.key.slice(0, 19)}Z`;
}

/** Whether a message passes --include (any of them, when given) and --exclude (none of them). */
export function lineSelected(
  message: string,
  include: readonly RegExp[],
  exclude: readonly RegExp[],
): boolean {
  if (include.length > 0 && !include.some((re) => re.test(message))) return false;
  return !exclude.some((re) => re.test(message));
}

/** What a failed log request means for its stream. */
export type LogFailure =
  /** 403: no permission; nothing else will work either. */
  | 'forbidden'
  /** The API server could not reach the kubelet: retry, tell the user. */
  | 'node-unreachable'
  /** The container has not started (or has no previous instance): wait for the pod to change. */
  | 'not-ready'
  /** The pod is gone. */
  | 'gone'
  /** The connection broke or the server is busy: reconnect. */
  | 'retry';

/** Classifies an error of a log request. */
export function classifyLogFailure(error: unknown): LogFailure {
  if (error instanceof KubeApiError) {
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'gone';
    if (error.status === 400) return 'not-ready';
    // The API server proxies the kubelet on port 10250; failing to reach it is a 5xx naming it.
    if (error.status >= 500 && /:10250|kubelet|dial tcp|no route to host/i.test(error.message)) {
      return 'node-unreachable';
    }
    return 'retry';
  }
  if (error instanceof KprodError && error.code === 'KUBE_UNAUTHORIZED') return 'forbidden';
  return 'retry';
}
