import { KprodError } from '../../errors.js';
import { resourcePath, type KubeClient, type KubeObject } from '../kube-api.js';
import {
  RELEASE_ANNOTATION,
  REQUEST_ANNOTATION,
  parseReleaseState,
  serializeReleaseState,
  type ReleaseState,
  type Strategy,
} from './state.js';

/**
 * The release record on the cluster: the state annotation and the promote/abort request beside
 * it, on the Deployment (rolling, canary) or the live Service (blue-green).
 */

/** A promote or abort request written by `kprod release promote|abort`. */
export type ReleaseRequest = 'promote' | 'abort';

/** Where a release's state lives: the Deployment, or for blue-green the live Service. */
export function holderPath(strategy: Strategy, namespace: string, name: string): string {
  return strategy === 'blue-green'
    ? resourcePath({ apiVersion: 'v1', plural: 'services', namespace, name })
    : deploymentPath(namespace, name);
}

/** The API path of Deployment `namespace/name` (the collection when `name` is empty). */
export function deploymentPath(namespace: string, name: string): string {
  return resourcePath({ apiVersion: 'apps/v1', plural: 'deployments', namespace, name });
}

/** A release found on the cluster, with the path of the object holding it. */
export interface FoundRelease {
  state: ReleaseState;
  path: string;
  /** The pending promote/abort request for this release, if any. */
  request: ReleaseRequest | undefined;
}

/**
 * The state recorded on `holder`, or undefined when it holds none. A damaged or unknown state
 * raises RELEASE_STATE_INVALID naming the object.
 */
export function recordedState(holder: KubeObject | null, where: string): ReleaseState | undefined {
  const text = holder?.metadata?.annotations?.[RELEASE_ANNOTATION];
  if (holder === null || text === undefined) return undefined;
  return parseReleaseState(text, `${holder.kind ?? 'object'} ${where}`);
}

/** Reads the release state of `NAME`: on the Deployment, else on the Service. */
export async function findRelease(
  kube: KubeClient,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<FoundRelease | null> {
  for (const strategy of ['canary', 'blue-green'] as const) {
    const path = holderPath(strategy, namespace, name);
    const holder = await kube.getOrNull(path, signal);
    const state = recordedState(holder, `${namespace}/${name}`);
    if (holder === null || state === undefined) continue;
    return { state, path, request: requestOf(holder, state) };
  }
  return null;
}

/** A request counts only for the release it was written for (its start time). */
export function requestOf(holder: KubeObject, state: ReleaseState): ReleaseRequest | undefined {
  const raw = holder.metadata?.annotations?.[REQUEST_ANNOTATION] ?? '';
  const [request, startedAt] = raw.split('@');
  if (startedAt !== state.startedAt) return undefined;
  return request === 'promote' || request === 'abort' ? request : undefined;
}

/**
 * Records a promote or abort request on the release's object, for the running loop (or the next
 * resume) to act on. Raises RELEASE_NOT_FOUND when no release exists.
 */
export async function requestRelease(
  kube: KubeClient,
  namespace: string,
  name: string,
  request: ReleaseRequest,
  signal?: AbortSignal,
): Promise<FoundRelease> {
  const found = await findRelease(kube, namespace, name, signal);
  if (found === null) throw releaseNotFound(namespace, name);
  await patchAnnotations(kube, found.path, {
    [REQUEST_ANNOTATION]: `${request}@${found.state.startedAt}`,
  });
  return { ...found, request };
}

/** RELEASE_NOT_FOUND for `namespace/name`. */
export function releaseNotFound(namespace: string, name: string): KprodError {
  return new KprodError(
    'RELEASE_NOT_FOUND',
    `no release state on Deployment or Service ${namespace}/${name}`,
  );
}

/** Writes (or, with null, removes) annotations of the object at `path` by merge patch. */
export async function patchAnnotations(
  kube: KubeClient,
  path: string,
  annotations: Record<string, string | null>,
): Promise<KubeObject> {
  return kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations } },
  });
}

/** Records `state` on the object at `path`; `clearRequest` also drops a pending request. */
export async function persistState(
  kube: KubeClient,
  path: string,
  state: ReleaseState,
  clearRequest = false,
): Promise<void> {
  await patchAnnotations(kube, path, {
    [RELEASE_ANNOTATION]: serializeReleaseState(state),
    ...(clearRequest ? { [REQUEST_ANNOTATION]: null } : {}),
  });
}

/** Drops a pending promote/abort request: the release it was meant for has ended. */
export async function clearRequest(kube: KubeClient, path: string): Promise<void> {
  await patchAnnotations(kube, path, { [REQUEST_ANNOTATION]: null });
}

/** Reads an object the release needs; RELEASE_TARGET_INVALID naming `what` when it is missing. */
export async function getRequired(
  kube: KubeClient,
  path: string,
  what: string,
): Promise<KubeObject> {
  const object = await kube.getOrNull(path);
  if (object === null) {
    throw new KprodError('RELEASE_TARGET_INVALID', `${what} does not exist`, {
      hint: 'Check the name and namespace (-n); docs/release.md lists the objects each strategy uses.',
    });
  }
  return object;
}
