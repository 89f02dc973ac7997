import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { ERRORS, KprodError, type ErrorCode } from '../errors.js';
import { findKubeconfig } from './kubeconfig-files.js';

/**
 * The only module that imports `@kubernetes/client-node`. The client library loads the kubeconfig
 * and applies its credentials (certificates, tokens, exec plugins); requests themselves are plain
 * REST calls on the API paths, so every other `ops/` module works with plain objects and the
 * in-process test double in `test/support/` can answer them.
 */

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    creationTimestamp?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A list answer. */
export interface KubeList<T = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** One event of a watch stream. */
export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** How to reach a cluster: the kubectl flags. */
export interface ConnectOptions {
  /** Path to a kubeconfig; otherwise KUBECONFIG or ~/.kube/config, as kubectl does. */
  kubeconfig?: string | undefined;
  /** Context name; otherwise the kubeconfig's current context. */
  context?: string | undefined;
  /** The environment that names KUBECONFIG and HOME (the CLI passes its own). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** One REST request. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to application/json when there is a body. */
  contentType?: string;
  signal?: AbortSignal | undefined;
}

/** An error answer from the API server, with its HTTP status and Status reason. */
export class KubeApiError extends KprodError {
  readonly status: number;
  readonly reason: string;

  constructor(code: ErrorCode, message: string, status: number, reason: string) {
    super(code, message);
    this.status = status;
    this.reason = reason;
  }
}

/** The handle other `ops/` modules use to talk to the API server. */
export interface KubeClient {
  /** Context name, cluster name and server URL of the connection. */
  readonly context: string;
  readonly cluster: { name: string; server: string; caData?: string | undefined };
  /** The context's default namespace (`default` when unset), as kubectl uses it. */
  readonly namespace: string;
  request<T = KubeObject>(req: KubeRequest): Promise<T>;
  /**
   * Sends a request and returns the answer as text whatever its status, for paths that are not
   * API objects: the service proxy passes the backend's own status and body through.
   */
  requestText(req: KubeRequest): Promise<{ status: number; body: string }>;
  /** GET that answers null on 404 instead of throwing. */
  getOrNull<T = KubeObject>(path: string, signal?: AbortSignal): Promise<T | null>;
  /**
   * Streams watch events for a collection path until `signal` aborts or the server closes the
   * stream; resolves then. Callers resume from the last resourceVersion they saw.
   */
  watch<T = KubeObject>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void>;
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

  async function send(req: KubeRequest): Promise<http.IncomingMessage> {
    const url = new URL(req.path.replace(/^\/*/, '/'), base);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
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
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { ...opts, signal: req.signal }, resolve);
      request.on('error', (error) => {
        if (req.signal?.aborted === true) {
          reject(new KprodError('KPROD_INTERRUPTED', `request to ${url.pathname} was cancelled`));
          return;
        }
        reject(
          new KprodError(
            'KUBE_UNREACHABLE',
            `cannot reach the API server at ${cluster?.server ?? '?'}: ${error.message}`,
            { cause: error },
          ),
        );
      });
      request.end(body);
    });
  }

  async function readBody(res: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function failure(req: KubeRequest, status: number, text: string): KubeApiError {
    let message = text.trim();
    let reason = '';
    try {
      const parsed = JSON.parse(text) as { message?: string; reason?: string };
      message = parsed.message ?? message;
      reason = parsed.reason ?? '';
    } catch {
      // not a Status object: keep the raw text
    }
    const code = STATUS_CODES[status] ?? 'KUBE_API_ERROR';
    return new KubeApiError(
      code,
      `${req.method} ${req.path}: ${status} ${message}`,
      status,
      reason,
    );
  }

  async function request<T>(req: KubeRequest): Promise<T> {
    const res = await send(req);
    const text = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) throw failure(req, status, text);
    return (text === '' ? {} : JSON.parse(text)) as T;
  }

  async function requestText(req: KubeRequest): Promise<{ status: number; body: string }> {
    const res = await send(req);
    return { status: res.statusCode ?? 0, body: await readBody(res) };
  }

  return {
    context: kc.getCurrentContext(),
    cluster: { name: cluster.name, server: cluster.server, caData: cluster.caData },
    namespace: contextObject?.namespace ?? 'default',
    request,
    requestText,
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
      let res: http.IncomingMessage;
      const req: KubeRequest = { method: 'GET', path, query: { ...query, watch: 'true' }, signal };
      try {
        res = await send(req);
      } catch (error) {
        if (signal?.aborted === true) return;
        throw error;
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) throw failure(req, status, await readBody(res));
      let buffer = '';
      try {
        for await (const chunk of res) {
          buffer += (chunk as Buffer).toString('utf8');
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line !== '') onEvent(JSON.parse(line) as WatchEvent<T>);
            newline = buffer.indexOf('\n');
          }
        }
      } catch (error) {
        // An abort ends the stream on purpose; anything else is a broken connection.
        if (signal?.aborted === true) return;
        throw new KprodError(
          'KUBE_UNREACHABLE',
          `watch on ${path} broke: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}

/** Identifies a resource collection or object on the API. */
export interface ResourceRef {
  /** `v1` for the core group, otherwise `group/version`. */
  apiVersion: string;
  /** Lower-case plural, e.g. `deployments`. */
  plural: string;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** Builds the REST path of a resource: `/apis/apps/v1/namespaces/ns/deployments/web/scale`. */
export function resourcePath(ref: ResourceRef): string {
  const root = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
  const ns = ref.namespace === undefined ? '' : `/namespaces/${encodeURIComponent(ref.namespace)}`;
  const name = ref.name === undefined ? '' : `/${encodeURIComponent(ref.name)}`;
  const sub = ref.subresource === undefined ? '' : `/${ref.subresource}`;
  return `${root}${ns}/${ref.plural}${name}${sub}`;
}
