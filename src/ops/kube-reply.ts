import type http from 'node:http';
import { KprodError } from '../errors.js';
import { escapeControl } from '../kube/escape-control.js';
import { isRecord, recordAt, stringAt } from '../kube/field-access.js';

/**
 * The API server is a remote party: it may hang, answer with an HTML login page, a truncated or
 * enormous body, or an object of another kind. This module bounds each exchange in time and size
 * and checks that a reply is the answer to its request; anything else is KUBE_BAD_RESPONSE
 * (exit 3), never success and never an internal error.
 */

/** Per-request timeout when none is given, like kubectl's `--request-timeout`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Largest reply body read: far above any object (etcd keeps ≤ 1.5 MiB) or a paged list. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Time limits of one exchange. */
export interface ExchangeLimits {
  /** Per-request timeout in ms; 0 means none. */
  readonly requestTimeoutMs: number;
  /** Hard deadline of the whole command (epoch ms), from its `--timeout`. */
  readonly deadline?: number | undefined;
}

/** What a reply said, for the error message: server, status, content type and the first bytes. */
export interface ReplyFacts {
  readonly server: string;
  readonly what: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** KUBE_BAD_RESPONSE naming the request, server, status, content type and the first bytes. */
export function badReply(facts: ReplyFacts, problem: string): KprodError {
  const head = facts.body.subarray(0, 80).toString('utf8');
  const more = facts.body.length > 80 ? '…' : '';
  return new KprodError(
    'KUBE_BAD_RESPONSE',
    `${facts.what}: the API server at ${facts.server} answered ${facts.status} ` +
      `(${facts.contentType === '' ? 'no content type' : escapeControl(facts.contentType)}, ` +
      `${facts.body.length} bytes) that is not understood: ${problem}; ` +
      `it begins ${JSON.stringify(escapeControl(head) + more)}`,
  );
}

/**
 * Arms the timers of one exchange: aborts `controller` at the request timeout or the command
 * deadline, whichever comes first, and says which one fired. `disarm` stops both.
 */
export function armTimers(
  controller: AbortController,
  limits: ExchangeLimits,
  what: string,
): { fired: () => KprodError | undefined; disarm: () => void; disarmRequest: () => void } {
  let fired: KprodError | undefined;
  const timers: NodeJS.Timeout[] = [];
  const arm = (ms: number, error: () => KprodError): void => {
    timers.push(
      setTimeout(() => {
        fired ??= error();
        controller.abort(fired);
      }, ms),
    );
  };
  if (limits.deadline !== undefined) {
    arm(Math.max(0, limits.deadline - Date.now()), () => {
      return new KprodError(
        'KPROD_TIMEOUT',
        `${what}: the command's --timeout ran out before the API server answered`,
      );
    });
  }
  if (limits.requestTimeoutMs > 0) {
    arm(limits.requestTimeoutMs, () => {
      return new KprodError(
        'KUBE_REQUEST_TIMEOUT',
        `${what}: no complete answer from the API server within ${limits.requestTimeoutMs / 1000}s`,
      );
    });
  }
  return {
    fired: () => fired,
    disarm: () => {
      for (const timer of timers) clearTimeout(timer);
    },
    // A watch stays open on purpose: only the command deadline still applies to it.
    disarmRequest: () => {
      if (timers.length === 2) clearTimeout(timers[1]);
      else if (limits.deadline === undefined) for (const timer of timers) clearTimeout(timer);
    },
  };
}

/** Reads a reply body up to {@link MAX_RESPONSE_BYTES}; more is KUBE_BAD_RESPONSE. */
export async function readBounded(
  res: http.IncomingMessage,
  facts: Omit<ReplyFacts, 'body'>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const raw of res) {
    // Type only: an IncomingMessage without setEncoding yields Buffers.
    const chunk = raw as Buffer;
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      res.destroy();
      throw badReply(
        { ...facts, body: Buffer.concat(chunks) },
        `the body is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`,
      );
    }
    chunks.push(chunk);
  }
  // Node ends the stream quietly when the server closes before Content-Length bytes came.
  if (!res.complete) {
    throw badReply({ ...facts, body: Buffer.concat(chunks) }, 'the connection closed mid-body');
  }
  return Buffer.concat(chunks);
}

/** The method, path and body kind of a request, as {@link checkReply} needs them. */
export interface RequestShape {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

function bodyKind(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined; // a merge or JSON patch in YAML: nothing to compare against
    }
  }
  return stringAt(parsed, 'kind');
}

/**
 * What a REST path asks for: a collection (`.../deployments`) or one named object
 * (`.../deployments/web`, `.../deployments/web/scale`). Discovery paths (`/apis/apps/v1`) and
 * anything else are `other`.
 */
export function pathTarget(
  path: string,
): { type: 'list' } | { type: 'object'; name: string } | { type: 'other' } {
  const parts = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) rest = parts.slice(2);
  else if (parts[0] === 'apis' && parts.length >= 4) rest = parts.slice(3);
  else return { type: 'other' };
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  if (rest.length === 1) return { type: 'list' };
  const name = rest[1];
  return name === undefined
    ? { type: 'other' }
    : { type: 'object', name: decodeURIComponent(name) };
}

/**
 * Checks that a parsed 2xx reply answers `req`: a JSON object; a list (with an `items` array)
 * for a collection GET; for a named object not a list and not another name; the kind sent for a
 * create or update. Returns the problem, or undefined when the reply fits.
 */
export function replyProblem(req: RequestShape, reply: unknown): string | undefined {
  if (!isRecord(reply)) return 'it is not a JSON object';
  const kind = stringAt(reply, 'kind');
  if (kind === 'Status' && reply['status'] === 'Failure') {
    return 'it is a Failure Status with a success code';
  }
  const target = pathTarget(req.path);
  if (req.method === 'GET' && target.type === 'list') {
    if (!Array.isArray(reply['items'])) return 'a list was asked for and it has no items array';
    if (kind !== undefined && !kind.endsWith('List')) return `a list was asked for, not a ${kind}`;
    return undefined;
  }
  if (kind === 'Status') return undefined;
  const sent = req.method === 'DELETE' ? undefined : bodyKind(req.body);
  if (sent !== undefined && kind !== undefined && kind !== sent) {
    return `a ${sent} was sent and a ${kind} came back`;
  }
  if (target.type !== 'object') return undefined;
  if (kind?.endsWith('List') === true || Array.isArray(reply['items'])) {
    return `object "${target.name}" was asked for, not a list`;
  }
  const name = stringAt(recordAt(reply, 'metadata'), 'name');
  if (name !== undefined && name !== target.name) {
    return `object "${target.name}" was asked for and "${name}" came back`;
  }
  return undefined;
}

const WATCH_TYPES = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'];

/** Parses one line of a watch stream; a line that is not a watch event is KUBE_BAD_RESPONSE. */
export function parseWatchEvent(line: string, facts: Omit<ReplyFacts, 'body'>): unknown {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    throw badReply({ ...facts, body: Buffer.from(line) }, 'a watch line is not JSON');
  }
  const type = stringAt(event, 'type');
  const object = isRecord(event) ? event['object'] : undefined;
  if (
    type === undefined ||
    !WATCH_TYPES.includes(type) ||
    typeof object !== 'object' ||
    object === null
  ) {
    throw badReply({ ...facts, body: Buffer.from(line) }, 'a watch line is not a watch event');
  }
  return event;
}
