import { KprodError, type ErrorCode } from '../errors.js';

/**
 * The shapes kprod's cluster code shares: plain API objects, requests, the client handle that
 * `connectKube` (kube.ts) returns, and REST paths. No I/O here.
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
  /**
   * GET that streams a text answer line by line (pods/log). See {@link StreamOptions} for the
   * deadline and the size bounds.
   */
  streamLines(req: KubeRequest, options: StreamOptions): AsyncIterable<string>;
}

/** Bounds of {@link KubeClient.streamLines}. */
export interface StreamOptions {
  /** The answer's headers must arrive within this many milliseconds (KUBE_UNREACHABLE else). */
  headerTimeoutMs: number;
  /** A longer line is cut to this many bytes (the rest of it is dropped, never buffered). */
  maxLineBytes: number;
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
