import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KprodError } from '../../errors.js';
import { recordAt, stringAt } from '../../kube/field-access.js';
import { readBoundedBody } from '../../kube/read-bounded-body.js';
import { credentialHelperFor, runCredentialHelper } from './credential-helper.js';
import {
  MAX_DOCUMENT_BYTES,
  type RegistryCredentials,
  SMALL_REQUEST_MS,
  basicAuthorization,
  fetchRegistry,
  fetchToken,
  who,
} from './registry-fetch.js';
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
  /** Deadline of each small request (ping, token, manifest) in ms; 30 s when absent. */
  requestTimeoutMs?: number | undefined;
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

/** The digest and media type (the HEAD's when absent) of a manifest GET, read up to 4 MiB. */
async function hashManifest(
  full: Response,
  registry: string,
  what: string,
  headType: string,
): Promise<{ digest: string; mediaType: string }> {
  if (!full.ok) {
    await full.body?.cancel();
    throw new KprodError('REGISTRY_UNREACHABLE', `${registry} answered ${full.status} for ${what}`);
  }
  const bytes = await readBoundedBody(full, {
    maxBytes: MAX_DOCUMENT_BYTES,
    code: 'REGISTRY_UNREACHABLE',
    what: `the answer of ${registry} for ${what}`,
  });
  return {
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    mediaType: (full.headers.get('content-type') ?? headType).split(';')[0]?.trim() ?? headType,
  };
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
  const signal = options.signal;
  const ms = options.requestTimeoutMs ?? SMALL_REQUEST_MS;
  const send = (method: 'GET' | 'HEAD'): Promise<Response> =>
    fetchRegistry(url, { method, headers }, ms, signal, what);

  let res = await send('HEAD');
  let creds: RegistryCredentials | undefined;
  if (res.status === 401) {
    const challenge = parseAuthChallenge(res.headers.get('www-authenticate') ?? '');
    creds = await loadCredentials(
      options.dockerConfig,
      image.registry,
      options.env,
      signal ?? null,
    );
    if (challenge.scheme === 'bearer') {
      // The challenge names the scope it wants; pull access to the repository otherwise.
      const scope = challenge.params['scope'] ?? `repository:${image.repository}:pull`;
      const token = await fetchToken(challenge.params, creds, [scope], ms, signal);
      headers['Authorization'] = `Bearer ${token}`;
    } else if (challenge.scheme === 'basic' && creds !== undefined) {
      headers['Authorization'] = basicAuthorization(creds);
    } else {
      throw new KprodError(
        'REGISTRY_UNAUTHORIZED',
        `${image.registry} needs credentials for ${name} and none were found`,
      );
    }
    res = await send('HEAD');
  }
  if (res.status === 401 || res.status === 403) {
    throw new KprodError(
      'REGISTRY_UNAUTHORIZED',
      `${image.registry} refused ${who(creds)} to ${name} (${res.status})`,
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
    ({ digest, mediaType } = await hashManifest(
      await send('GET'),
      image.registry,
      what,
      mediaType,
    ));
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
