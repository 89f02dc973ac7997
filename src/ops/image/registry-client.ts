import { KprodError } from '../../errors.js';
import { isLoopbackRegistry, registryApiHost } from '../../kube/image-reference.js';
import { recordAt, stringAt } from '../../kube/field-access.js';
import {
  type RegistryCredentials,
  type ResolveOptions,
  loadCredentials,
  parseAuthChallenge,
  tokenFromAnswer,
} from './registry.js';

/**
 * An authenticated session with one registry for pulling and pushing: it logs in once (the
 * `/v2/` ping, then a bearer token for every repository scope the build needs, or basic
 * credentials) and sends each request with a deadline. Bodies are read with a size bound.
 */

/** Deadline of a request without a large body (ping, token, manifest, HEAD). */
const SMALL_REQUEST_MS = 30_000;
/** Deadline of one blob transfer. */
const BLOB_REQUEST_MS = 600_000;
/** Largest token answer accepted. */
const MAX_TOKEN_BYTES = 1 << 20;

/** Options of {@link openRegistry}. */
export interface RegistryClientOptions extends ResolveOptions {
  /** Deadline of small requests in milliseconds (tests shorten it). */
  requestTimeoutMs?: number;
}

/** A request to the registry API; `path` starts after `/v2/` or is a full upload URL. */
export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | ReadableStream<Uint8Array>;
  /** A blob transfer: the long deadline applies. */
  large?: boolean;
  /** What is being done, for messages: `the manifest of ghcr.io/acme/web:1`. */
  what: string;
}

/** A logged-in session with one registry. */
export interface RegistryClient {
  /** The registry as written in references (`ghcr.io`, `127.0.0.1:5000`). */
  readonly registry: string;
  /** `https://host` (plain HTTP for loopback registries). */
  readonly origin: string;
  send(request: RegistryRequest): Promise<Response>;
}

function timeoutSignal(ms: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

/** Reads a body of at most `max` bytes; a longer one is the remote party's error. */
export async function readBounded(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new KprodError('REGISTRY_UNREACHABLE', `${what} is ${declared} bytes, over ${max}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (res.body !== null) {
    // Type only: fetch bodies are async iterable in Node, which the DOM lib's type does not say.
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) {
        await res.body.cancel();
        throw new KprodError('REGISTRY_UNREACHABLE', `${what} is over ${max} bytes`);
      }
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

async function fetchWithDeadline(
  url: string,
  init: RequestInit,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: timeoutSignal(ms, signal) });
  } catch (error) {
    if (signal?.aborted === true) {
      throw new KprodError('KPROD_INTERRUPTED', `${what} was cancelled`);
    }
    if ((error as Error).name === 'TimeoutError') {
      throw new KprodError('REGISTRY_UNREACHABLE', `${what} took longer than ${ms / 1000} s`, {
        cause: error,
      });
    }
    const cause = stringAt(recordAt(error, 'cause'), 'message');
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `cannot reach ${new URL(url).host} for ${what}: ${cause ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

function basicHeader(creds: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

function who(creds: RegistryCredentials | undefined): string {
  return creds === undefined ? 'anonymous access' : `user "${creds.username}"`;
}

/**
 * Opens a session with `registry` for the given scopes (`repository:org/app:pull,push`): pings
 * `/v2/`, and when the registry asks for credentials, gets one bearer token covering every scope
 * (so a cross-repository mount is allowed) or uses basic credentials.
 */
export async function openRegistry(
  registry: string,
  scopes: readonly string[],
  options: RegistryClientOptions = {},
): Promise<RegistryClient> {
  const origin = `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registryApiHost(registry)}`;
  const signal = options.signal;
  const smallMs = options.requestTimeoutMs ?? SMALL_REQUEST_MS;
  let authorization: string | undefined;

  const ping = await fetchWithDeadline(
    `${origin}/v2/`,
    { method: 'GET' },
    smallMs,
    signal,
    `the API check of ${registry}`,
  );
  await ping.body?.cancel();
  let creds: RegistryCredentials | undefined;
  if (ping.status === 401) {
    const challenge = parseAuthChallenge(ping.headers.get('www-authenticate') ?? '');
    creds = await loadCredentials(options.dockerConfig, registry, options.env, signal ?? null);
    if (challenge.scheme === 'bearer') {
      authorization = `Bearer ${await fetchToken(challenge.params, creds, scopes, smallMs, signal)}`;
    } else if (challenge.scheme === 'basic' && creds !== undefined) {
      authorization = basicHeader(creds);
    } else {
      throw new KprodError(
        'REGISTRY_UNAUTHORIZED',
        `${registry} needs credentials and none were found`,
      );
    }
  } else if (!ping.ok) {
    throw new KprodError('REGISTRY_UNREACHABLE', `${registry} answered ${ping.status} on /v2/`);
  }

  return {
    registry,
    origin,
    async send(request) {
      const url = /^https?:\/\//.test(request.path) ? request.path : `${origin}/v2/${request.path}`;
      const headers = { ...request.headers };
      if (authorization !== undefined) headers['Authorization'] = authorization;
      const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers };
      if (request.body !== undefined) {
        init.body = request.body;
        if (!Buffer.isBuffer(request.body)) init.duplex = 'half';
      }
      const res = await fetchWithDeadline(
        url,
        init,
        request.large === true ? BLOB_REQUEST_MS : smallMs,
        signal,
        request.what,
      );
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        throw new KprodError(
          'REGISTRY_UNAUTHORIZED',
          `${registry} refused ${who(creds)} for ${request.what} (${res.status})`,
          {
            hint: 'Check that these credentials may push to this repository (and pull from the base).',
          },
        );
      }
      return res;
    },
  };
}

async function fetchToken(
  params: Record<string, string>,
  creds: RegistryCredentials | undefined,
  scopes: readonly string[],
  ms: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  const realm = params['realm'];
  if (realm === undefined) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      'the registry asked for a bearer token without a realm',
    );
  }
  const url = new URL(realm);
  if (params['service'] !== undefined) url.searchParams.set('service', params['service']);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const res = await fetchWithDeadline(
    url.href,
    { headers: creds === undefined ? {} : { Authorization: basicHeader(creds) } },
    ms,
    signal,
    'a registry token',
  );
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new KprodError(
      'REGISTRY_UNAUTHORIZED',
      `the token service ${url.host} refused ${who(creds)} (${res.status})`,
    );
  }
  const body = await readBounded(res, MAX_TOKEN_BYTES, 'the token answer');
  if (!res.ok) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `the token service ${url.host} answered ${res.status}`,
    );
  }
  return tokenFromAnswer(body.toString('utf8'), url.host);
}
