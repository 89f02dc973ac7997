import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { ERRORS, KprodError, type ErrorCode } from '../errors.js';
import { escapeControl } from '../kube/escape-control.js';
import { stringAt } from '../kube/field-access.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_RESPONSE_BYTES,
  armTimers,
  badReply,
  parseWatchEvent,
  readBounded,
  replyProblem,
} from './kube-reply.js';
import { splitLines } from './kube-lines.js';
import { findKubeconfig } from './kubeconfig-files.js';
import {
  type KubeClient,
  type KubeRequest,
  type StreamOptions,
  type WatchEvent,
  KubeApiError,
} from './kube-api.js';

/**
 * The only module that imports `@kubernetes/client-node`. The client library loads the kubeconfig
 * and applies its credentials (certificates, tokens, exec plugins); requests themselves are plain
 * REST calls on the API paths, so every other `ops/` module works with plain objects and the
 * in-process test double in `test/support/` can answer them.
 */

/** How to reach a cluster: the kubectl flags. */
export interface ConnectOptions {
  /** Path to a kubeconfig; otherwise KUBECONFIG or ~/.kube/config, as kubectl does. */
  kubeconfig?: string | undefined;
  /** Context name; otherwise the kubeconfig's current context. */
  context?: string | undefined;
  /** Per-request timeout in ms (`--request-timeout`); default 30 s, 0 for none. */
  requestTimeoutMs?: number | undefined;
  /** Hard deadline of the whole command (epoch ms): later requests fail with KPROD_TIMEOUT. */
  deadline?: number | undefined;
  /** The environment that names KUBECONFIG and HOME (the CLI passes its own). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Reads the kubeconfig files {@link findKubeconfig} chooses and selects the context. Errors name
 * the file; an unknown or missing context lists the contexts that exist.
 */
function loadKubeConfig(options: ConnectOptions): KubeConfig {
  const source = findKubeconfig(options.kubeconfig, options.env ?? {}, existsSync, delimiter);
  const kc = new KubeConfig();
  if (source.kind === 'in-cluster') kc.loadFromCluster();
  for (const [index, file] of source.kind === 'files' ? source.files.entries() : []) {
    try {
      const part = index === 0 ? kc : new KubeConfig();
      part.loadFromFile(file);
      if (part !== kc) kc.mergeConfig(part, true);
    } catch (error) {
      throw new KprodError(
        'KUBE_CONFIG_INVALID',
        `cannot load kubeconfig ${file}: ${(error as Error).message}`,
        {
          cause: error,
          hint: `Fix ${file} (\`kubectl config view --kubeconfig ${file}\` shows what kubectl reads).`,
        },
      );
    }
  }
  const where = source.kind === 'files' ? `kubeconfig ${source.origin}` : 'the in-cluster config';
  const names = kc.getContexts().map((context) => context.name);
  const known = names.length === 0 ? 'it has no contexts' : `contexts: ${names.join(', ')}`;
  const wanted = options.context ?? kc.getCurrentContext();
  if (kc.getContextObject(wanted) === null) {
    throw new KprodError(
      'KUBE_CONFIG_INVALID',
      options.context === undefined
        ? `${where} has no current context (${known})`
        : `context "${wanted}" does not exist in ${where} (${known})`,
      {
        hint:
          names.length === 0
            ? ERRORS.KUBE_CONFIG_INVALID.fix
            : `Choose one with --context ${names[0] ?? 'NAME'}.`,
      },
    );
  }
  kc.setCurrentContext(wanted);
  return kc;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'KUBE_UNAUTHORIZED',
  403: 'KUBE_FORBIDDEN',
  404: 'KUBE_NOT_FOUND',
  409: 'KUBE_CONFLICT',
  422: 'KUBE_INVALID',
};

/** Loads the kubeconfig the way kubectl does and returns a client for the chosen context. */
export function connectKube(options: ConnectOptions = {}): KubeClient {
  const kc = loadKubeConfig(options);
  const cluster = kc.getCurrentCluster();
  if (cluster === null) {
    throw new KprodError(
      'KUBE_CONFIG_INVALID',
      `the current context "${kc.getCurrentContext()}" names no cluster`,
    );
  }
  const contextObject = kc.getContextObject(kc.getCurrentContext());
  const base = new URL(cluster.server);
  const transport = base.protocol === 'https:' ? https : http;

  const server = cluster.server;
  const limits = {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    deadline: options.deadline,
  };

  /**
   * Sends a request and waits for the answer's headers under the request timeout and the
   * command deadline; `finish` stops the timers once the body is read (watch: the request timer
   * only). A timeout destroys the request and is what the returned promises reject with.
   */
  async function send(req: KubeRequest): Promise<{
    res: http.IncomingMessage;
    what: string;
    aborted: () => KprodError | undefined;
    finish: (keepDeadline?: boolean) => void;
  }> {
    const url = new URL(req.path.replace(/^\/*/, '/'), base);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const what = `${req.method} ${url.pathname}`;
    const body =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? req.body
          : JSON.stringify(req.body);
    const opts: https.RequestOptions = {
      method: req.method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined
          ? {}
          : {
              'Content-Type': req.contentType ?? 'application/json',
              'Content-Length': Buffer.byteLength(body),
            }),
      },
    };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (error) {
      throw new KprodError(
        'KUBE_CONFIG_INVALID',
        `cannot use the credentials of context "${kc.getCurrentContext()}": ${(error as Error).message}`,
        { cause: error },
      );
    }
    const controller = new AbortController();
    const timers = armTimers(controller, limits, what);
    const onAbort = (): void => {
      controller.abort();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (req.signal?.aborted === true) controller.abort();
    const aborted = (): KprodError | undefined =>
      timers.fired() ??
      (req.signal?.aborted === true
        ? new KprodError('KPROD_INTERRUPTED', `request to ${url.pathname} was cancelled`)
        : undefined);
    const finish = (keepDeadline = false): void => {
      if (keepDeadline) {
        timers.disarmRequest();
        return;
      }
      timers.disarm();
      req.signal?.removeEventListener('abort', onAbort);
    };
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { ...opts, signal: controller.signal }, (res) => {
        resolve({ res, what, aborted, finish });
      });
      request.on('error', (error) => {
        finish();
        reject(
          aborted() ??
            new KprodError(
              'KUBE_UNREACHABLE',
              `cannot reach the API server at ${server}: ${error.message}`,
              { cause: error },
            ),
        );
      });
      request.end(body);
    });
  }

  /** Sends a request and reads its whole answer, bounded in time and size. */
  async function exchange(
    req: KubeRequest,
  ): Promise<{ status: number; contentType: string; body: Buffer; what: string }> {
    const { res, what, aborted, finish } = await send(req);
    const status = res.statusCode ?? 0;
    const contentType = res.headers['content-type'] ?? '';
    const facts = { server, what, status, contentType };
    try {
      return { status, contentType, body: await readBounded(res, facts), what };
    } catch (error) {
      const stop = aborted();
      if (stop !== undefined) throw stop;
      if (error instanceof KprodError) throw error;
      throw badReply(
        { ...facts, body: Buffer.alloc(0) },
        `the body broke off (${(error as Error).message})`,
      );
    } finally {
      finish();
    }
  }

  function failure(req: KubeRequest, status: number, text: string): KubeApiError {
    let message = text.trim().slice(0, 2000);
    let reason = '';
    try {
      const parsed: unknown = JSON.parse(text);
      message = stringAt(parsed, 'message') ?? message;
      reason = stringAt(parsed, 'reason') ?? reason;
    } catch {
      // not a Status object: keep the raw text
    }
    const code = STATUS_CODES[status] ?? 'KUBE_API_ERROR';
    return new KubeApiError(
      code,
      `${req.method} ${req.path}: ${status} ${escapeControl(message)}`,
      status,
      reason,
    );
  }

  async function request<T>(req: KubeRequest): Promise<T> {
    const { status, contentType, body, what } = await exchange(req);
    const text = body.toString('utf8');
    if (status < 200 || status > 299) throw failure(req, status, text);
    const facts = { server, what, status, contentType, body };
    // A DELETE may answer with nothing; any other success must say what it did.
    // Type only, here and below: T is what the caller asked for; replyProblem checked its shape.
    if (text === '' && req.method === 'DELETE') return {} as T;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badReply(facts, 'it is not JSON');
    }
    const problem = replyProblem(req, parsed);
    if (problem !== undefined) throw badReply(facts, problem);
    return parsed as T;
  }

  async function requestText(req: KubeRequest): Promise<{ status: number; body: string }> {
    const { status, body } = await exchange(req);
    return { status, body: body.toString('utf8') };
  }

  async function* streamLines(req: KubeRequest, options: StreamOptions): AsyncIterable<string> {
    // One controller for the whole stream: the caller's abort ends it at any time, the timer
    // only until the headers are in.
    const controller = new AbortController();
    const forward = (): void => {
      controller.abort();
    };
    req.signal?.addEventListener('abort', forward, { once: true });
    const headers = { late: false };
    const timer = setTimeout(() => {
      headers.late = true;
      controller.abort();
    }, options.headerTimeoutMs);
    try {
      let sent: Awaited<ReturnType<typeof send>>;
      try {
        sent = await send({ ...req, signal: controller.signal });
      } catch (error) {
        if (headers.late) {
          throw new KprodError(
            'KUBE_UNREACHABLE',
            `GET ${req.path}: no answer within ${options.headerTimeoutMs} ms`,
            { cause: error },
          );
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
      const { res, what, finish } = sent;
      // A stream may last as long as the caller wants: only the command deadline stays.
      finish(true);
      try {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          const contentType = res.headers['content-type'] ?? '';
          const body = await readBounded(res, { server, what, status, contentType });
          throw failure(req, status, body.toString('utf8'));
        }
        yield* splitLines(res, options.maxLineBytes, controller.signal);
      } finally {
        finish();
      }
    } finally {
      req.signal?.removeEventListener('abort', forward);
      controller.abort();
    }
  }

  return {
    context: kc.getCurrentContext(),
    cluster: { name: cluster.name, server: cluster.server, caData: cluster.caData },
    namespace: contextObject?.namespace ?? 'default',
    request,
    requestText,
    streamLines,
    async getOrNull<T>(path: string, signal?: AbortSignal): Promise<T | null> {
      try {
        return await request<T>({ method: 'GET', path, signal });
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 404) return null;
        throw error;
      }
    },
    async watch<T>(
      path: string,
      query: Record<string, string | number | boolean | undefined>,
      onEvent: (event: WatchEvent<T>) => void,
      signal?: AbortSignal,
    ): Promise<void> {
      const req: KubeRequest = { method: 'GET', path, query: { ...query, watch: 'true' }, signal };
      let sent: Awaited<ReturnType<typeof send>>;
      try {
        sent = await send(req);
      } catch (error) {
        if (signal?.aborted === true) return;
        throw error;
      }
      const { res, what, aborted, finish } = sent;
      const status = res.statusCode ?? 0;
      const facts = {
        server,
        what,
        status,
        contentType: res.headers['content-type'] ?? '',
      };
      if (status < 200 || status > 299) {
        try {
          throw failure(req, status, (await readBounded(res, facts)).toString('utf8'));
        } finally {
          finish();
        }
      }
      // The stream stays open as long as the caller wants; only the command deadline bounds it.
      finish(true);
      let buffer = '';
      try {
        for await (const chunk of res) {
          // Type only: an IncomingMessage without setEncoding yields Buffers.
          buffer += (chunk as Buffer).toString('utf8');
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line !== '') onEvent(parseWatchEvent(line, facts) as WatchEvent<T>);
            newline = buffer.indexOf('\n');
          }
          if (buffer.length > MAX_RESPONSE_BYTES) {
            throw new Error(`an event longer than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`);
          }
        }
      } catch (error) {
        // An abort ends the stream on purpose; anything else is a broken connection.
        if (signal?.aborted === true) return;
        const stop = aborted();
        if (stop !== undefined) throw stop;
        if (error instanceof KprodError) throw error;
        throw new KprodError(
          'KUBE_UNREACHABLE',
          `watch on ${path} broke: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      } finally {
        finish();
      }
    },
  };
}
