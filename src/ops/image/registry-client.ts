import { KprodError } from '../../errors.js';
import { isLoopbackRegistry, registryApiHost } from '../../kube/image-reference.js';
import { type ResolveOptions, loadCredentials, parseAuthChallenge } from './registry.js';
import {
  type RegistryCredentials,
  SMALL_REQUEST_MS,
  basicAuthorization,
  fetchRegistry,
  fetchToken,
  who,
} from './registry-fetch.js';

/**
 * An authenticated session with one registry for pulling and pushing: it logs in once (the
 * `/v2/` ping, then a bearer token for every repository scope the build needs, or basic
 * credentials) and sends each request with a deadline; callers read bodies with a size bound
 * (`readBoundedBody`).
 */

/** Deadline of one blob transfer. */
const BLOB_REQUEST_MS = 600_000;

/** Options of {@link openRegistry}: those of the resolver (deadline of small requests included). */
export type RegistryClientOptions = ResolveOptions;

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

  const ping = await fetchRegistry(
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
      const token = await fetchToken(challenge.params, creds, scopes, smallMs, signal);
      authorization = `Bearer ${token}`;
    } else if (challenge.scheme === 'basic' && creds !== undefined) {
      authorization = basicAuthorization(creds);
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
      const res = await fetchRegistry(
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
