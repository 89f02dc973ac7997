import { KprodError } from '../../errors.js';
import { KubeApiError, type KubeClient, type KubeObject, resourcePath } from '../kube-api.js';
import {
  type LogTarget,
  type PodQuery,
  TARGET_RESOURCES,
  formatLogTarget,
  ingressServiceNames,
  podQueries,
} from './target.js';

/** Deadline of one GET while resolving a target. */
const GET_TIMEOUT_MS = 15_000;

/** A 403 while reading pods or logs, with what to ask for. */
export function logsForbidden(error: KubeApiError, namespace: string | undefined): KprodError {
  const where = namespace === undefined ? 'in every namespace' : `in namespace ${namespace}`;
  return new KprodError('LOGS_FORBIDDEN', error.message, {
    cause: error,
    hint: `Ask a cluster admin for get on pods/log and list,watch on pods ${where}.`,
  });
}

async function getNamed(
  kube: KubeClient,
  target: LogTarget,
  name: string,
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<KubeObject | null> {
  if (target.kind === 'Selector') return null;
  const resource = TARGET_RESOURCES[target.kind];
  const path = resourcePath({
    apiVersion: resource.apiVersion,
    plural: resource.plural,
    namespace: resource.namespaced ? namespace : undefined,
    name,
  });
  try {
    return await kube.getOrNull(
      path,
      AbortSignal.any([signal, AbortSignal.timeout(GET_TIMEOUT_MS)]),
    );
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 403)
      throw logsForbidden(error, namespace);
    throw error;
  }
}

/**
 * Reads the object a target names and returns its pod queries. A missing object is
 * LOGS_TARGET_NOT_FOUND; a pod target is not looked up (a pod that is not there yet is waited
 * for like any other). Named kinds need a namespace: -A works only with node/ and -l.
 */
export async function resolvePodQueries(
  kube: KubeClient,
  target: LogTarget,
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<PodQuery[]> {
  const where = formatLogTarget(target);
  if (target.kind === 'Selector' || target.kind === 'Pod') return podQueries(target, undefined);
  const name = target.name ?? '';
  let object: KubeObject | null;
  try {
    object = await getNamed(kube, target, name, namespace, signal);
  } catch (error) {
    // Developers seldom may read nodes; the pods on it are what they need, so go on without.
    if (target.kind === 'Node' && error instanceof KprodError && error.code === 'LOGS_FORBIDDEN') {
      return podQueries(target, undefined);
    }
    throw error;
  }
  if (object === null) {
    throw new KprodError(
      'LOGS_TARGET_NOT_FOUND',
      target.kind === 'Node'
        ? `${where}: the cluster has no node ${name}`
        : `${where} not found in namespace ${namespace ?? ''}`,
    );
  }
  if (target.kind !== 'Ingress') return podQueries(target, object);
  const services: KubeObject[] = [];
  for (const service of ingressServiceNames(object)) {
    const found = await getNamed(
      kube,
      { kind: 'Service', name: service },
      service,
      namespace,
      signal,
    );
    if (found !== null) services.push(found);
  }
  return podQueries(target, object, services);
}
