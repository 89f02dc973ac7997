import { describe, expect, it } from 'vitest';
import { KprodError } from '../../errors.js';
import { planCsr, planUser, validateUser } from './plan.js';
import { QUOTA_PRESETS } from './quota.js';

const BASE = {
  name: 'alice',
  namespacePrefix: 'ns-',
  groups: ['dev'],
  bindGroups: false,
  quota: { pods: '5' },
  networkPolicy: true,
  podSecurity: 'restricted',
} as const;

const LABELS = { 'app.kubernetes.io/managed-by': 'kprod', 'kprod.dev/tenant': 'alice' };
const ALL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];

describe('planUser', () => {
  it('should plan namespace, Role, RoleBinding, quota, limits and network policy', () => {
    const plan = planUser(BASE);
    expect(plan.namespace).toBe('ns-alice');
    expect(plan.absent).toEqual([]);
    expect(plan.objects.map((o) => o.ref)).toEqual([
      { apiVersion: 'v1', plural: 'namespaces', name: 'ns-alice' },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        plural: 'roles',
        namespace: 'ns-alice',
        name: 'kprod-developer',
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        plural: 'rolebindings',
        namespace: 'ns-alice',
        name: 'kprod-developer',
      },
      { apiVersion: 'v1', plural: 'resourcequotas', namespace: 'ns-alice', name: 'kprod-quota' },
      { apiVersion: 'v1', plural: 'limitranges', namespace: 'ns-alice', name: 'kprod-defaults' },
      {
        apiVersion: 'networking.k8s.io/v1',
        plural: 'networkpolicies',
        namespace: 'ns-alice',
        name: 'kprod-isolate',
      },
    ]);
    expect(plan.objects.map((o) => o.object)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'ns-alice',
          labels: {
            ...LABELS,
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/audit': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
          },
          annotations: { developer: 'true', 'kprod.dev/groups': 'dev' },
        },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'kprod-developer', namespace: 'ns-alice', labels: LABELS },
        rules: [
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
            resources: [
              'pods/log',
              'pods/status',
              'endpoints',
              'events',
              'resourcequotas',
              'limitranges',
            ],
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
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'kprod-developer', namespace: 'ns-alice', labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kprod-developer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'kprod-quota', namespace: 'ns-alice', labels: LABELS },
        spec: { hard: { pods: '5' } },
      },
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'kprod-defaults', namespace: 'ns-alice', labels: LABELS },
        spec: {
          limits: [
            {
              type: 'Container',
              default: { cpu: '250m', memory: '128Mi' },
              defaultRequest: { cpu: '50m', memory: '64Mi' },
            },
          ],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'kprod-isolate', namespace: 'ns-alice', labels: LABELS },
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
    ]);
  });

  it('should never grant cluster-scoped or RBAC-writing resources, nor invalid API groups', () => {
    const role = planUser(BASE).objects[1]!.object as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    const groups = new Set(role.rules.flatMap((r) => r.apiGroups));
    expect([...groups].sort()).toEqual([
      '',
      'apps',
      'autoscaling',
      'batch',
      'discovery.k8s.io',
      'events.k8s.io',
      'networking.k8s.io',
      'policy',
    ]);
    const resources = role.rules.flatMap((r) => r.resources);
    for (const forbidden of ['roles', 'rolebindings', 'namespaces', 'nodes', 'daemonsets']) {
      expect(resources).not.toContain(forbidden);
    }
  });

  it('should drop the network policy into `absent` and bind groups on request', () => {
    const plan = planUser({
      ...BASE,
      name: 'bob',
      namespacePrefix: 'dev-',
      groups: ['dev', 'qa'],
      bindGroups: true,
      networkPolicy: false,
      podSecurity: 'baseline',
    });
    expect(plan.objects.map((o) => o.object.kind)).toEqual([
      'Namespace',
      'Role',
      'RoleBinding',
      'ResourceQuota',
      'LimitRange',
    ]);
    expect(plan.absent).toEqual([
      {
        apiVersion: 'networking.k8s.io/v1',
        plural: 'networkpolicies',
        namespace: 'dev-bob',
        name: 'kprod-isolate',
      },
    ]);
    expect(plan.objects[0]!.object.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe(
      'baseline',
    );
    expect(plan.objects[0]!.object.metadata?.annotations).toEqual({
      developer: 'true',
      'kprod.dev/groups': 'dev,qa',
    });
    expect(plan.objects[2]!.object['subjects']).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'bob' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'dev' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'qa' },
    ]);
  });

  it('should use the guide preset values unchanged', () => {
    const plan = planUser({ ...BASE, quota: QUOTA_PRESETS['guide']! });
    expect(plan.objects[3]!.object['spec']).toEqual({
      hard: {
        'limits.cpu': '5',
        'limits.memory': '1Gi',
        'requests.cpu': '5',
        'requests.memory': '1Gi',
        'requests.storage': '2Gi',
        persistentvolumeclaims: '10',
        configmaps: '10',
        pods: '50',
        services: '10',
        'services.loadbalancers': '10',
        'services.nodeports': '5',
        secrets: '10',
      },
    });
  });
});

describe('validateUser', () => {
  it.each([
    ['Alice', 'ns-', [], '"Alice" is not a valid user name'],
    ['al_ice', 'ns-', [], '"al_ice" is not a valid user name'],
    ['-alice', 'ns-', [], '"-alice" is not a valid user name'],
    [
      'a'.repeat(61),
      'ns-',
      [],
      `namespace "ns-${'a'.repeat(61)}" (--namespace-prefix + name) is not a DNS label of at most 63 characters`,
    ],
    [
      'alice',
      'NS_',
      [],
      'namespace "NS_alice" (--namespace-prefix + name) is not a DNS label of at most 63 characters',
    ],
    ['alice', 'ns-', ['system:masters'], '--group "system:masters" is not allowed'],
  ])('should refuse name %s with prefix %s and groups %j', (name, prefix, groups, message) => {
    const error = (() => {
      try {
        validateUser(name, prefix, groups);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).code).toBe('USER_NAME_INVALID');
    expect((error as KprodError).exitCode).toBe(2);
    expect((error as KprodError).message).toBe(message);
  });

  it('should accept DNS-label names and ordinary groups', () => {
    expect(() => {
      validateUser('bob-smith2', 'ns-', ['dev', 'team:web']);
    }).not.toThrow();
  });
});

describe('planCsr', () => {
  it('should request a client certificate from the kube-apiserver-client signer', () => {
    expect(planCsr('alice', 'PEM\n', 3600)).toEqual({
      ref: {
        apiVersion: 'certificates.k8s.io/v1',
        plural: 'certificatesigningrequests',
        name: 'kprod-user-alice',
      },
      object: {
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name: 'kprod-user-alice', labels: LABELS },
        spec: {
          request: 'UEVNCg==',
          signerName: 'kubernetes.io/kube-apiserver-client',
          expirationSeconds: 3600,
          usages: ['client auth'],
        },
      },
    });
  });
});
