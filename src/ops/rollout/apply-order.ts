import type { KubeObject } from '../kube-api.js';

/**
 * The order in which objects are applied: Namespaces first, CRDs before their instances,
 * configuration before the workloads that mount it, webhooks last (the order kustomize and
 * kubectl users rely on). Pure.
 */

/** Kinds applied first, in this order; kinds not listed go between these and {@link APPLY_LAST}. */
export const APPLY_FIRST: readonly string[] = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];

/** Kinds applied last: admission webhooks would otherwise intercept the objects applied with them. */
export const APPLY_LAST: readonly string[] = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

function rank(kind: unknown): number {
  const k = typeof kind === 'string' ? kind : '';
  const first = APPLY_FIRST.indexOf(k);
  if (first >= 0) return first;
  const last = APPLY_LAST.indexOf(k);
  return last >= 0 ? APPLY_FIRST.length + 1 + last : APPLY_FIRST.length;
}

/**
 * Sorts objects for applying; stable, so objects of one kind keep the order they were given in.
 * Instances of custom resources (unlisted kinds) therefore come after every CRD.
 */
export function orderForApply<T extends { kind?: unknown }>(objects: readonly T[]): T[] {
  return objects
    .map((object, index) => ({ object, index, rank: rank(object.kind) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.object);
}

/** Workload kinds whose rollout `kprod apply` waits for. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** `Deployment/web` or `Deployment/ns/web`, for messages. */
export function describeObject(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind ?? '?'}/${ns === undefined ? '' : `${ns}/`}${object.metadata?.name ?? '?'}`;
}
