import type { KubeObject } from '../kube.js';

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

/** Where a kind lives on the API. */
export interface KindInfo {
  plural: string;
  namespaced: boolean;
}

/** Built-in kinds by `apiVersion/kind`, so applying them needs no discovery request. */
export const KNOWN_KINDS: Readonly<Record<string, KindInfo>> = Object.fromEntries(
  (
    [
      ['v1', 'Namespace', 'namespaces', false],
      ['v1', 'ConfigMap', 'configmaps', true],
      ['v1', 'Secret', 'secrets', true],
      ['v1', 'Service', 'services', true],
      ['v1', 'ServiceAccount', 'serviceaccounts', true],
      ['v1', 'Pod', 'pods', true],
      ['v1', 'PersistentVolume', 'persistentvolumes', false],
      ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true],
      ['v1', 'ResourceQuota', 'resourcequotas', true],
      ['v1', 'LimitRange', 'limitranges', true],
      ['v1', 'Endpoints', 'endpoints', true],
      ['apps/v1', 'Deployment', 'deployments', true],
      ['apps/v1', 'StatefulSet', 'statefulsets', true],
      ['apps/v1', 'DaemonSet', 'daemonsets', true],
      ['apps/v1', 'ReplicaSet', 'replicasets', true],
      ['batch/v1', 'Job', 'jobs', true],
      ['batch/v1', 'CronJob', 'cronjobs', true],
      ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
      ['networking.k8s.io/v1', 'Ingress', 'ingresses', true],
      ['networking.k8s.io/v1', 'IngressClass', 'ingressclasses', false],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies', true],
      ['rbac.authorization.k8s.io/v1', 'Role', 'roles', true],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', true],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
      ['storage.k8s.io/v1', 'StorageClass', 'storageclasses', false],
      ['scheduling.k8s.io/v1', 'PriorityClass', 'priorityclasses', false],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
      [
        'admissionregistration.k8s.io/v1',
        'MutatingWebhookConfiguration',
        'mutatingwebhookconfigurations',
        false,
      ],
      [
        'admissionregistration.k8s.io/v1',
        'ValidatingWebhookConfiguration',
        'validatingwebhookconfigurations',
        false,
      ],
    ] as const
  ).map(([apiVersion, kind, plural, namespaced]) => [
    `${apiVersion}/${kind}`,
    { plural, namespaced },
  ]),
);

/** Workload kinds whose rollout `kprod apply` waits for. */
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** `Deployment/web` or `Deployment/ns/web`, for messages. */
export function describeObject(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind ?? '?'}/${ns === undefined ? '' : `${ns}/`}${object.metadata?.name ?? '?'}`;
}
