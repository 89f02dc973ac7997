/**
 * API versions the Kubernetes API server no longer serves, from the Kubernetes deprecated API
 * migration guide. The schema packages keep these old schemas, so without this table an
 * `extensions/v1beta1` Ingress would pass the schema check and then be refused by the cluster.
 */

/** One API version that stopped being served. */
export interface RemovedApi {
  readonly apiVersion: string;
  /** Kinds concerned; empty means every kind of the API version. */
  readonly kinds: readonly string[];
  /** Minor version that stopped serving it, e.g. `1.22`. */
  readonly removedIn: string;
  /** What to use instead. */
  readonly replacement: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'];

/** The removals, oldest first. */
export const REMOVED_APIS: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kinds: WORKLOADS, removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta1', kinds: [], removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: [], removedIn: '1.16', replacement: 'apps/v1' },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    removedIn: '1.16',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['Ingress'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  ...[
    'admissionregistration.k8s.io',
    'apiextensions.k8s.io',
    'apiregistration.k8s.io',
    'authentication.k8s.io',
    'authorization.k8s.io',
    'certificates.k8s.io',
    'coordination.k8s.io',
    'rbac.authorization.k8s.io',
    'scheduling.k8s.io',
  ].map((group) => ({
    apiVersion: `${group}/v1beta1`,
    kinds: [],
    removedIn: '1.22',
    replacement: `${group}/v1`,
  })),
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.25',
    replacement: 'events.k8s.io/v1',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: [],
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodDisruptionBudget'],
    removedIn: '1.25',
    replacement: 'policy/v1',
  },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removedIn: '1.25',
    replacement: 'Pod Security admission (namespace labels pod-security.kubernetes.io/*)',
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.25',
    replacement: 'node.k8s.io/v1',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: [],
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: [],
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: [],
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: [],
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
];

function minor(version: string): number {
  return Number(version.split('.')[1] ?? 'NaN');
}

/** The removal that applies to `apiVersion`/`kind` at `kubeVersion`, if the API server refuses it. */
export function removedApiFor(
  kubeVersion: string,
  apiVersion: string,
  kind: string,
): RemovedApi | undefined {
  return REMOVED_APIS.find(
    (row) =>
      row.apiVersion === apiVersion &&
      (row.kinds.length === 0 || row.kinds.includes(kind)) &&
      minor(row.removedIn) <= minor(kubeVersion),
  );
}
