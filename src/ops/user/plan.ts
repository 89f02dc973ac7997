import { KprodError } from '../../errors.js';
import { escapeControl } from '../../kube/escape-control.js';
import type { KubeObject, ResourceRef } from '../kube-api.js';
import type { QuotaHard } from './quota.js';

/** Labels every object `kprod user` creates carries; the tenant label finds them again. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kprod' } as const;
/** The label that marks a namespace (and the other objects) as a tenant's, valued with the name. */
export const TENANT_LABEL = 'kprod.dev/tenant';
/** Namespace annotation that remembers the certificate groups, so renewal keeps them. */
export const GROUPS_ANNOTATION = 'kprod.dev/groups';

/** Names of the per-namespace objects. */
export const OBJECT_NAMES = {
  role: 'kprod-developer',
  roleBinding: 'kprod-developer',
  quota: 'kprod-quota',
  limitRange: 'kprod-defaults',
  networkPolicy: 'kprod-isolate',
} as const;

/** Pod Security Standards levels (namespace labels `pod-security.kubernetes.io/*`). */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = [
  'restricted',
  'baseline',
  'privileged',
];

/** What `kprod user add` was asked for. */
export interface UserPlanOptions {
  readonly name: string;
  readonly namespacePrefix: string;
  /** Certificate groups (O=); bound in the RoleBinding only with `bindGroups`. */
  readonly groups: readonly string[];
  readonly bindGroups: boolean;
  readonly quota: QuotaHard;
  readonly networkPolicy: boolean;
  readonly podSecurity: PodSecurityLevel;
}

/** One object to converge, with the REST coordinates to create it. */
export interface PlannedObject {
  readonly ref: ResourceRef & { name: string };
  readonly object: KubeObject;
}

/** Everything `add` converges on the cluster, in order. */
export interface UserPlan {
  readonly name: string;
  readonly namespace: string;
  readonly objects: readonly PlannedObject[];
  /** Objects the options turned off; `add` deletes them if an earlier run created them. */
  readonly absent: readonly (ResourceRef & { name: string })[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GROUP_NAME = /^[\x20-\x2b\x2d-\x7e]{1,64}$/;

/** The tenant namespace of a user. */
export function userNamespace(name: string, prefix: string): string {
  return `${prefix}${name}`;
}

/**
 * Checks a user name and its namespace: both DNS labels, namespace at most 63 characters.
 * Groups must not be Kubernetes system groups (`system:masters` would make the user cluster
 * admin). Raises USER_NAME_INVALID.
 */
export function validateUser(name: string, prefix: string, groups: readonly string[]): void {
  const namespace = userNamespace(name, prefix);
  if (!DNS_LABEL.test(name) || name.length > 63) {
    throw new KprodError('USER_NAME_INVALID', `"${escapeControl(name)}" is not a valid user name`);
  }
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    throw new KprodError(
      'USER_NAME_INVALID',
      `namespace "${escapeControl(namespace)}" (--namespace-prefix + name) is not a DNS label of at most 63 characters`,
    );
  }
  for (const group of groups) {
    if (group.startsWith('system:')) {
      throw new KprodError('USER_NAME_INVALID', `--group "${group}" is not allowed`, {
        hint: 'Use your own group names; system: groups (e.g. system:masters) grant cluster-wide rights.',
      });
    }
    // The group becomes an O= of the certificate (at most 64 characters) and a comma-separated
    // entry of the groups annotation; a newline or escape would forge either, or the terminal.
    if (!GROUP_NAME.test(group) || group.trim() !== group) {
      throw new KprodError(
        'USER_NAME_INVALID',
        `--group "${escapeControl(group)}" is not allowed`,
        {
          hint: 'A group is 1 to 64 printable ASCII characters without a comma or surrounding spaces, e.g. dev or team:web.',
        },
      );
    }
  }
}

const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];

/**
 * The developer Role: what a developer needs to build and run workloads in their namespace,
 * with valid API groups and namespaced resources only. Deliberately read-only: endpoints (writing
 * them redirects Services to any address), networkpolicies, resourcequotas and limitranges (they
 * are the tenant's fences). Absent: roles and rolebindings (no self-granted rights), daemonsets
 * (one pod on every node of a shared cluster), serviceaccounts/token.
 */
export const DEVELOPER_RULES = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'services',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'serviceaccounts',
    ],
    verbs: ALL,
  },
  {
    apiGroups: [''],
    resources: ['pods/exec', 'pods/portforward', 'pods/attach'],
    verbs: ['create', 'get'],
  },
  {
    apiGroups: [''],
    resources: ['pods/log', 'pods/status', 'endpoints', 'events', 'resourcequotas', 'limitranges'],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    verbs: ALL,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ALL },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ALL },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ALL },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ALL },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
] as const;

/**
 * Defaults applied to containers that declare no requests or limits, so they schedule under a
 * quota on requests.* and limits.* (the API rejects such pods otherwise).
 */
export const CONTAINER_DEFAULTS = {
  default: { cpu: '250m', memory: '128Mi' },
  defaultRequest: { cpu: '50m', memory: '64Mi' },
} as const;

/** Builds every object `add` converges, as pure data. */
export function planUser(options: UserPlanOptions): UserPlan {
  validateUser(options.name, options.namespacePrefix, options.groups);
  const namespace = userNamespace(options.name, options.namespacePrefix);
  const labels = { ...MANAGED_BY, [TENANT_LABEL]: options.name };
  const meta = (name: string): NonNullable<KubeObject['metadata']> => ({ name, namespace, labels });
  const level = options.podSecurity;
  const objects: PlannedObject[] = [
    {
      ref: { apiVersion: 'v1', plural: 'namespaces', name: namespace },
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: namespace,
          labels: {
            ...labels,
            'pod-security.kubernetes.io/enforce': level,
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/audit': level,
            'pod-security.kubernetes.io/warn': level,
          },
          // `developer` is the annotation the original onboarding script set.
          annotations: { developer: 'true', [GROUPS_ANNOTATION]: options.groups.join(',') },
        },
      },
    },
    {
      ref: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        plural: 'roles',
        namespace,
        name: OBJECT_NAMES.role,
      },
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta(OBJECT_NAMES.role),
        rules: DEVELOPER_RULES.map((rule) => ({
          apiGroups: [...rule.apiGroups],
          resources: [...rule.resources],
          verbs: [...rule.verbs],
        })),
      },
    },
    {
      ref: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        plural: 'rolebindings',
        namespace,
        name: OBJECT_NAMES.roleBinding,
      },
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(OBJECT_NAMES.roleBinding),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: OBJECT_NAMES.role },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: options.name },
          ...(options.bindGroups ? options.groups : []).map((group) => ({
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: group,
          })),
        ],
      },
    },
    {
      ref: { apiVersion: 'v1', plural: 'resourcequotas', namespace, name: OBJECT_NAMES.quota },
      object: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: meta(OBJECT_NAMES.quota),
        spec: { hard: { ...options.quota } },
      },
    },
    {
      ref: { apiVersion: 'v1', plural: 'limitranges', namespace, name: OBJECT_NAMES.limitRange },
      object: {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: meta(OBJECT_NAMES.limitRange),
        spec: {
          limits: [
            {
              type: 'Container',
              default: { ...CONTAINER_DEFAULTS.default },
              defaultRequest: { ...CONTAINER_DEFAULTS.defaultRequest },
            },
          ],
        },
      },
    },
  ];
  const policyRef = {
    apiVersion: 'networking.k8s.io/v1',
    plural: 'networkpolicies',
    namespace,
    name: OBJECT_NAMES.networkPolicy,
  };
  if (options.networkPolicy) {
    objects.push({
      ref: policyRef,
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta(OBJECT_NAMES.networkPolicy),
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ from: [{ podSelector: {} }] }],
          egress: [
            { to: [{ podSelector: {} }] },
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                  },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        },
      },
    });
  }
  return {
    name: options.name,
    namespace,
    objects,
    absent: options.networkPolicy ? [] : [policyRef],
  };
}

/** The CertificateSigningRequest name kprod uses for a user; one at a time per user. */
export function csrName(name: string): string {
  return `kprod-user-${name}`;
}

/** Signer for client certificates the API server accepts (`kube-apiserver-client`). */
export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

/** The CertificateSigningRequest object for a PEM request. */
export function planCsr(name: string, csrPem: string, ttlSeconds: number): PlannedObject {
  const csr = csrName(name);
  return {
    ref: { apiVersion: 'certificates.k8s.io/v1', plural: 'certificatesigningrequests', name: csr },
    object: {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: csr, labels: { ...MANAGED_BY, [TENANT_LABEL]: name } },
      spec: {
        request: Buffer.from(csrPem, 'utf8').toString('base64'),
        signerName: CLIENT_SIGNER,
        expirationSeconds: ttlSeconds,
        usages: ['client auth'],
      },
    },
  };
}
