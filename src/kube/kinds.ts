/**
 * Kubernetes kinds as the API serves them: which have no namespace, and the plural and scope of
 * the built-in kinds kprod writes, so writing them needs no discovery request. Pure data.
 */

/** Kinds that have no namespace; everything else given without one lands in the default. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'ComponentStatus',
  'GatewayClass',
  'ClusterIssuer',
  'List',
]);

/** Where a kind lives on the API. */
export interface KindInfo {
  plural: string;
  namespaced: boolean;
}

/** Built-in kinds by `apiVersion/kind`, so applying them needs no discovery request. */
export const KNOWN_KINDS: Readonly<Record<string, KindInfo>> = Object.fromEntries(
  (
    [
      ['v1', 'Namespace', 'namespaces'],
      ['v1', 'ConfigMap', 'configmaps'],
      ['v1', 'Secret', 'secrets'],
      ['v1', 'Service', 'services'],
      ['v1', 'ServiceAccount', 'serviceaccounts'],
      ['v1', 'Pod', 'pods'],
      ['v1', 'PersistentVolume', 'persistentvolumes'],
      ['v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'],
      ['v1', 'ResourceQuota', 'resourcequotas'],
      ['v1', 'LimitRange', 'limitranges'],
      ['v1', 'Endpoints', 'endpoints'],
      ['apps/v1', 'Deployment', 'deployments'],
      ['apps/v1', 'StatefulSet', 'statefulsets'],
      ['apps/v1', 'DaemonSet', 'daemonsets'],
      ['apps/v1', 'ReplicaSet', 'replicasets'],
      ['batch/v1', 'Job', 'jobs'],
      ['batch/v1', 'CronJob', 'cronjobs'],
      ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'],
      ['networking.k8s.io/v1', 'Ingress', 'ingresses'],
      ['networking.k8s.io/v1', 'IngressClass', 'ingressclasses'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'],
      ['rbac.authorization.k8s.io/v1', 'Role', 'roles'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings'],
      ['storage.k8s.io/v1', 'StorageClass', 'storageclasses'],
      ['scheduling.k8s.io/v1', 'PriorityClass', 'priorityclasses'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions'],
      [
        'admissionregistration.k8s.io/v1',
        'MutatingWebhookConfiguration',
        'mutatingwebhookconfigurations',
      ],
      [
        'admissionregistration.k8s.io/v1',
        'ValidatingWebhookConfiguration',
        'validatingwebhookconfigurations',
      ],
    ] as const
  ).map(([apiVersion, kind, plural]) => [
    `${apiVersion}/${kind}`,
    { plural, namespaced: !CLUSTER_SCOPED_KINDS.has(kind) },
  ]),
);
