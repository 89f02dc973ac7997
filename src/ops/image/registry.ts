import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KprodError } from '../../errors.js';
import { recordAt, stringAt } from '../../kube/field-access.js';
import { credentialHelperFor, runCredentialHelper } from './credential-helper.js';
import {
  type ImageReference,
  formatImageReference,
  isLoopbackRegistry,
  parseImageReference,
  registryApiHost,
} from '../../kube/image-reference.js';

/**
 * A small OCI distribution client: resolves a tag to the digest of what it points at (a manifest,
 * or a multi-arch index kept as the index digest), with bearer-token and basic authentication
 * using the credentials `docker login` stored.
 */

/** Manifest media types asked for, most specific first; a registry answers with one of them. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/** What a tag resolved to. */
export interface ResolvedImage {
  /** `registry/repository` as normalised, e.g. `docker.io/library/busybox`. */
  name: string;
  tag?: string;
  /** `sha256:...` of the manifest or index. */
  digest: string;
  mediaType: string;
  /** Reference to put in a pod spec: `name:tag@digest`. */
  pinned: string;
}

/** Options of {@link resolveImageDigest}. */
export interface ResolveOptions {
  /** Path of the Docker client config (`~/.docker/config.json`); no credentials when absent. */
  dockerConfig?: string | undefined;
  /** Environment for credential helpers (their PATH); the process environment when absent. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  signal?: AbortSignal | undefined;
}

/** A parsed `WWW-Authenticate` challenge. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="https://auth",service="reg",scope="repository:a:pull"`. Pure. */
export function parseAuthChallenge(header: string): AuthChallenge {
  const match = /^\s*(\S+)\s*(.*)$/.exec(header);
  const scheme = (match?.[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (const m of (match?.[2] ?? '').matchAll(re)) {
    params[(m[1] ?? '').toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme, params };
}

/** Basic credentials for one registry. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/**
 * Finds the credentials for `registry` in a parsed Docker config: `auths` keys may be a bare
 * host, a URL, or Docker Hub's historical `https://index.docker.io/v1/`. Pure.
 */
export function credentialsFor(config: unknown, registry: string): RegistryCredentials | undefined {
  const auths = recordAt(config, 'auths');
  if (auths === undefined) return undefined;
  const wanted =
    registry === 'docker.io'
      ? ['docker.io', 'index.docker.io', 'registry-1.docker.io']
      : [registry];
  for (const [key, entry] of Object.entries(auths)) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (!wanted.includes(host)) continue;
    const auth = stringAt(entry, 'auth');
    if (auth !== undefined && auth !== '') {
      const decoded = Buffer.from(auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0)
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    const username = stringAt(entry, 'username');
    const password = stringAt(entry, 'password');
    if (username !== undefined && password !== undefined) return { username, password };
  }
  return undefined;
}

/**
 * The credentials for `registry` from the Docker config at `path`, in docker's order: its
 * credential helper, else the default store, else inline `auths`. Undefined when there are none.
 */
export async function loadCredentials(
  path: string | undefined,
  registry: string,
  env: ResolveOptions['env'],
  signal: AbortSignal | null,
): Promise<RegistryCredentials | undefined> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KprodError(
      'DOCKER_CONFIG_INVALID',
      `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new KprodError(
      'DOCKER_CONFIG_INVALID',
      `${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  // docker's order: a helper for this registry, else the default store, else inline auths.
  const helper = credentialHelperFor(config, registry);
  const fromHelper =
    helper === undefined ? undefined : await runCredentialHelper(helper, registry, env, signal);
  return fromHelper ?? credentialsFor(config, registry);
}

function basic(creds: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}

async function send(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted === true) {
      throw new KprodError('KPROD_INTERRUPTED', `${what} was cancelled`);
    }
    const cause = stringAt(recordAt(error, 'cause'), 'message');
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `cannot reach ${new URL(url).host} for ${what}: ${cause ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

async function fetchToken(
  challenge: AuthChallenge,
  creds: RegistryCredentials | undefined,
  scope: string,
  signal: AbortSignal | null,
): Promise<string> {
  const realm = challenge.params['realm'];
  if (realm === undefined) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      'the registry asked for a bearer token without a realm',
    );
  }
  const url = new URL(realm);
  if (challenge.params['service'] !== undefined)
    url.searchParams.set('service', challenge.params['service']);
  url.searchParams.set('scope', challenge.params['scope'] ?? scope);
  const res = await send(
    url.href,
    { headers: creds === undefined ? {} : { Authorization: basic(creds) }, signal },
    'a registry token',
  );
  if (res.status === 401 || res.status === 403) {
    throw new KprodError(
      'REGISTRY_UNAUTHORIZED',
      `the token service ${url.host} refused ${creds === undefined ? 'anonymous access' : `user "${creds.username}"`} (${res.status})`,
    );
  }
  if (!res.ok) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `the token service ${url.host} answered ${res.status}`,
    );
  }
  return tokenFromAnswer(await res.text(), url.host);
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
 * Resolves an image reference to the digest the registry serves for it: HEAD on the manifest
 * with every manifest media type accepted, `Docker-Content-Digest` from the answer (or the
 * sha256 of a GET body when a registry omits it). A multi-arch index resolves to the index
 * digest, so every platform keeps working. On 401 it follows the `WWW-Authenticate` challenge:
 * a bearer token from the realm (with the stored credentials) or basic credentials.
 */
export async function resolveImageDigest(
  ref: string | ImageReference,
  options: ResolveOptions = {},
): Promise<ResolvedImage> {
  const image = typeof ref === 'string' ? parseImageReference(ref) : ref;
  const name = `${image.registry}/${image.repository}`;
  const host = registryApiHost(image.registry);
  const scheme = isLoopbackRegistry(image.registry) ? 'http' : 'https';
  const reference = image.digest ?? image.tag ?? 'latest';
  const url = `${scheme}://${host}/v2/${image.repository}/manifests/${reference}`;
  const what = `the manifest of ${formatImageReference(image)}`;
  const headers: Record<string, string> = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
  const signal = options.signal ?? null;

  let res = await send(url, { method: 'HEAD', headers, signal }, what);
  let creds: RegistryCredentials | undefined;
  if (res.status === 401) {
    const challenge = parseAuthChallenge(res.headers.get('www-authenticate') ?? '');
    creds = await loadCredentials(options.dockerConfig, image.registry, options.env, signal);
    if (challenge.scheme === 'bearer') {
      const token = await fetchToken(
        challenge,
        creds,
        `repository:${image.repository}:pull`,
        signal,
      );
      headers['Authorization'] = `Bearer ${token}`;
    } else if (challenge.scheme === 'basic' && creds !== undefined) {
      headers['Authorization'] = basic(creds);
    } else {
      throw new KprodError(
        'REGISTRY_UNAUTHORIZED',
        `${image.registry} needs credentials for ${name} and none were found`,
      );
    }
    res = await send(url, { method: 'HEAD', headers, signal }, what);
  }
  if (res.status === 401 || res.status === 403) {
    throw new KprodError(
      'REGISTRY_UNAUTHORIZED',
      `${image.registry} refused ${creds === undefined ? 'anonymous access' : `user "${creds.username}"`} to ${name} (${res.status})`,
    );
  }
  if (res.status === 404) {
    throw new KprodError(
      'IMAGE_NOT_FOUND',
      `${image.registry} has no manifest ${reference} in ${image.repository}`,
    );
  }
  if (!res.ok) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `${image.registry} answered ${res.status} for ${what}`,
    );
  }
  let digest = res.headers.get('docker-content-digest') ?? undefined;
  let mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (digest === undefined) {
    // Some registries answer HEAD without the digest header: hash the manifest bytes instead.
    const full = await send(url, { method: 'GET', headers, signal }, what);
    if (!full.ok) {
      throw new KprodError(
        'REGISTRY_UNREACHABLE',
        `${image.registry} answered ${full.status} for ${what}`,
      );
    }
    const bytes = Buffer.from(await full.arrayBuffer());
    digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    mediaType = (full.headers.get('content-type') ?? mediaType).split(';')[0]?.trim() ?? mediaType;
  }
  if (image.digest !== undefined && digest !== image.digest) {
    throw new KprodError(
      'IMAGE_NOT_FOUND',
      `${image.registry} serves ${digest} for ${reference}, not the digest asked for`,
    );
  }
  const pinnedRef: ImageReference = { ...image, digest };
  return {
    name,
    ...(image.tag === undefined ? {} : { tag: image.tag }),
    digest,
    mediaType,
    pinned: formatImageReference(pinnedRef),
  };
}
