import { KprodError } from '../../errors.js';
import { recordAt, stringAt } from '../../kube/field-access.js';
import { readBoundedBody } from '../../kube/read-bounded-body.js';

/**
 * One request to a registry or its token service, with a deadline, its failures told apart
 * (cancelled, too slow, unreachable); and the bearer-token exchange both the resolver and the
 * push session use.
 */

/** Basic credentials for one registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** Deadline of a request without a large body (ping, token, manifest, HEAD). */
export const SMALL_REQUEST_MS = 30_000;
/** Largest token answer read: a token is a few KiB at most, even a JWT with many claims. */
export const MAX_TOKEN_BYTES = 64 << 10;
/** Largest manifest, index or config read (distribution itself refuses manifests over 4 MiB). */
export const MAX_DOCUMENT_BYTES = 4 << 20;

function timeoutSignal(ms: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

/**
 * Sends one request with a deadline of `ms` (joined to the caller's `signal`): cancellation is
 * KPROD_INTERRUPTED, a late answer or an unreachable host REGISTRY_UNREACHABLE. The deadline
 * keeps running while the caller reads the body.
 */
export async function fetchRegistry(
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

/** `Basic base64(user:password)`. */
export function basicAuthorization(creds: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

/** `user "name"`, or `anonymous access` without credentials: who a registry refused. */
export function who(creds: RegistryCredentials | undefined): string {
  return creds === undefined ? 'anonymous access' : `user "${creds.username}"`;
}

/**
 * The bearer token in a token service's answer (`token`, or OAuth's `access_token`); an answer
 * that is not JSON or has no token is the token service's error.
 */
export function tokenFromAnswer(text: string, host: string): string {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new KprodError('REGISTRY_UNREACHABLE', `the token service ${host} sent no JSON`);
  }
  const token = stringAt(answer, 'token') ?? stringAt(answer, 'access_token');
  if (token === undefined || token === '') {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `the token service ${host} answered without a token`,
    );
  }
  return token;
}

/**
 * Gets a bearer token from the challenge's realm for every scope (one token, so a
 * cross-repository mount is allowed), with basic credentials when there are some. The answer
 * is read up to {@link MAX_TOKEN_BYTES}.
 */
export async function fetchToken(
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
  const res = await fetchRegistry(
    url.href,
    { headers: creds === undefined ? {} : { Authorization: basicAuthorization(creds) } },
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
  if (!res.ok) {
    await res.body?.cancel();
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `the token service ${url.host} answered ${res.status}`,
    );
  }
  const body = await readBoundedBody(res, {
    maxBytes: MAX_TOKEN_BYTES,
    code: 'REGISTRY_UNREACHABLE',
    what: `the answer of the token service ${url.host}`,
  });
  return tokenFromAnswer(body.toString('utf8'), url.host);
}
