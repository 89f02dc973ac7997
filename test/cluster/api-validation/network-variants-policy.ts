import { cases, sweep, withField, withFields } from './network-variant-kit.js';
import { CONFIG_KEYS, INT_OR_PERCENT, LABEL_KEYS, LABEL_VALUES } from './network-values.js';
import type { Variant } from './variant.js';

/** PodDisruptionBudget, HorizontalPodAutoscaler, RBAC, ConfigMap and Secret variants. */

const PDB = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web' },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
};

function pdbVariants(): Variant[] {
  const max = withFields(PDB, [
    [['spec', 'minAvailable'], undefined],
    [['spec', 'maxUnavailable'], 1],
  ]);
  return [
    ...sweep('pdb-min', 'pdb', PDB, ['spec', 'minAvailable'], INT_OR_PERCENT),
    ...sweep('pdb-max', 'pdb', max, ['spec', 'maxUnavailable'], INT_OR_PERCENT),
    ...sweep('pdb-both', 'pdb', PDB, ['spec', 'maxUnavailable'], [1, '10%']),
    ...LABEL_KEYS.map(
      (key, i) =>
        cases(`pdb-sel-key-${String(i).padStart(2, '0')}`, 'selectors', [
          withField(PDB, ['spec', 'selector', 'matchLabels'], { [key]: 'web' }),
        ])[0]!,
    ),
    ...sweep(
      'pdb-sel-value',
      'selectors',
      PDB,
      ['spec', 'selector', 'matchLabels', 'app'],
      LABEL_VALUES,
    ),
    ...sweep(
      'pdb-eviction',
      'pdb',
      PDB,
      ['spec', 'unhealthyPodEvictionPolicy'],
      ['IfHealthyBudget', 'AlwaysAllow', 'Never'],
    ),
    ...sweep(
      'pdb-selector',
      'pdb',
      PDB,
      ['spec', 'selector'],
      [
        undefined,
        {},
        { matchLabels: { '-x': 'y' } },
        { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
        { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
      ],
    ),
  ];
}

const HPA = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ],
  },
};
const RES_TARGET = ['spec', 'metrics', 0, 'resource', 'target'];

function hpaVariants(): Variant[] {
  const replicas: Variant[] = [];
  const counts = [undefined, -1, 0, 1, 2, 10];
  counts.forEach((min, i) => {
    counts.forEach((max, j) => {
      replicas.push(
        ...cases(`hpa-rep-${i}${j}`, 'hpa', [
          withFields(HPA, [
            [['spec', 'minReplicas'], min],
            [['spec', 'maxReplicas'], max],
          ]),
        ]),
      );
    });
  });
  return [
    ...replicas,
    ...sweep(
      'hpa-ref',
      'hpa',
      HPA,
      ['spec', 'scaleTargetRef'],
      [
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' },
        { apiVersion: 'v1', kind: 'Deployment', name: 'web' },
        { apiVersion: 'v1', kind: 'ReplicationController', name: 'rc' },
        { kind: 'Deployment', name: 'web' },
        { apiVersion: 'apps/v1/x', kind: 'Deployment', name: 'web' },
        { apiVersion: 'apps/v1', kind: 'Deploy/ment', name: 'web' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: '..' },
        { apiVersion: 'apps/v1', kind: 'Deployment', name: '' },
        { apiVersion: 'apps/v1', kind: '', name: 'web' },
        { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
      ],
    ),
    ...sweep('hpa-util', 'hpa', HPA, [...RES_TARGET, 'averageUtilization'], [1, 100, 500, 0, -10]),
    ...sweep('hpa-target', 'hpa', HPA, RES_TARGET, [
      { type: 'AverageValue', averageValue: '500m' },
      { type: 'AverageValue', averageValue: '0' },
      { type: 'AverageValue', averageValue: '-1' },
      { type: 'Utilization' },
      { type: 'Utilization', averageUtilization: 50, averageValue: '1' },
      { type: 'Percent', averageUtilization: 50 },
      { type: '', averageUtilization: 50 },
      { type: 'Value', value: '1' },
    ]),
    ...sweep(
      'hpa-metric',
      'hpa',
      HPA,
      ['spec', 'metrics', 0],
      [
        {
          type: 'Pods',
          pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } },
        },
        { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Value', value: '10' } } },
        {
          type: 'Pods',
          pods: { metric: { name: '' }, target: { type: 'AverageValue', averageValue: '10' } },
        },
        {
          type: 'Pods',
          pods: { metric: { name: 'a/b' }, target: { type: 'AverageValue', averageValue: '10' } },
        },
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' },
            metric: { name: 'rps' },
            target: { type: 'Value', value: '100' },
          },
        },
        {
          type: 'Object',
          object: {
            describedObject: { kind: 'Service', name: 'web' },
            metric: { name: 'rps' },
            target: { type: 'AverageValue' },
          },
        },
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'a/b/c', kind: 'Service', name: 'web' },
            metric: { name: 'rps' },
            target: { type: 'Value', value: '1' },
          },
        },
        {
          type: 'External',
          external: { metric: { name: 'queue' }, target: { type: 'Value', value: '30' } },
        },
        {
          type: 'External',
          external: {
            metric: { name: 'queue' },
            target: { type: 'Value', value: '30', averageValue: '3' },
          },
        },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value' } } },
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'app',
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        },
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'App',
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        },
        {
          type: 'ContainerResource',
          containerResource: {
            name: '',
            container: '',
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        },
        {
          type: 'Resource',
          resource: { name: '', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        { type: 'Resource' },
        {
          type: 'Pods',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
        { type: 'Queue' },
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
          pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } },
        },
      ],
    ),
    ...sweep(
      'hpa-container',
      'hpa',
      HPA,
      ['spec', 'metrics', 0],
      [
        'app',
        'a'.repeat(63),
        'a'.repeat(64),
        'App',
        'app.x',
        'app_1',
        '-app',
        '1app',
        'sidecar-2',
      ].map((container) => ({
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container,
          target: { type: 'AverageValue', averageValue: '100Mi' },
        },
      })),
    ),
    ...sweep('hpa-metrics', 'hpa', HPA, ['spec', 'metrics'], [[], undefined]),
    ...behaviorVariants(),
  ];
}

function behaviorVariants(): Variant[] {
  const up = ['spec', 'behavior', 'scaleUp'];
  return [
    ...sweep(
      'hpa-window',
      'hpa',
      HPA,
      [...up, 'stabilizationWindowSeconds'],
      [0, 300, 3600, 3601, -1],
    ),
    ...sweep('hpa-select', 'hpa', HPA, [...up, 'selectPolicy'], ['Max', 'Min', 'Disabled', 'Avg']),
    ...sweep(
      'hpa-policies',
      'hpa',
      HPA,
      ['spec', 'behavior', 'scaleDown', 'policies'],
      [
        [],
        [{ type: 'Pods', value: 4, periodSeconds: 60 }],
        [{ type: 'Percent', value: 100, periodSeconds: 1800 }],
        [{ type: 'Percent', value: 100, periodSeconds: 1801 }],
        [{ type: 'Percent', value: 0, periodSeconds: 15 }],
        [{ type: 'Percent', value: -1, periodSeconds: 0 }],
        [{ type: 'Replicas', value: 1, periodSeconds: 15 }],
      ],
    ),
    ...sweep(
      'hpa-behavior',
      'hpa',
      HPA,
      ['spec', 'behavior'],
      [{}, { scaleUp: {} }, { scaleDown: { selectPolicy: 'Disabled' } }],
    ),
  ];
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const ROLE = {
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { name: 'reader' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
};
const CLUSTER_ROLE = { ...ROLE, kind: 'ClusterRole' };
const RULES = [
  { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { apiGroups: [''], resources: ['pods'], verbs: [] },
  { apiGroups: [''], resources: ['pods'] },
  { resources: ['pods'], verbs: ['get'] },
  { apiGroups: [''], verbs: ['get'] },
  { apiGroups: [''], resources: [], verbs: ['get'] },
  { verbs: ['get'] },
  { nonResourceURLs: ['/healthz'], verbs: ['get'] },
  { nonResourceURLs: ['/metrics', '/logs/*'], verbs: ['get'] },
  { nonResourceURLs: ['/healthz'], resources: ['pods'], verbs: ['get'] },
  { nonResourceURLs: ['/healthz'], apiGroups: [''], verbs: ['get'] },
  { nonResourceURLs: ['/healthz'], resourceNames: ['x'], verbs: ['get'] },
  { nonResourceURLs: ['/healthz'] },
  {
    apiGroups: ['apps'],
    resources: ['deployments'],
    resourceNames: ['web'],
    verbs: ['get', 'patch'],
  },
  {},
];

function roleVariants(): Variant[] {
  return [
    ...sweep('role-rule', 'rbac', ROLE, ['rules', 0], RULES),
    ...sweep('crole-rule', 'rbac', CLUSTER_ROLE, ['rules', 0], RULES),
    ...sweep('role-rules', 'rbac', ROLE, ['rules'], [[], undefined]),
    ...sweep(
      'crole-agg-value',
      'selectors',
      CLUSTER_ROLE,
      ['aggregationRule'],
      LABEL_VALUES.map((value) => ({
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': value } }],
      })),
    ),
    ...sweep(
      'crole-agg',
      'rbac',
      CLUSTER_ROLE,
      ['aggregationRule'],
      [
        { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] },
        { clusterRoleSelectors: [] },
        {},
        { clusterRoleSelectors: [{ matchLabels: { 'a b': 'true' } }] },
        { clusterRoleSelectors: [{ matchExpressions: [{ key: 'x', operator: 'In' }] }] },
        { clusterRoleSelectors: [{}] },
      ],
    ),
    ...LABEL_KEYS.map(
      (key, i) =>
        cases(`crole-agg-key-${String(i).padStart(2, '0')}`, 'selectors', [
          withField(CLUSTER_ROLE, ['aggregationRule'], {
            clusterRoleSelectors: [{ matchLabels: { [key]: 'true' } }],
          }),
        ])[0]!,
    ),
  ];
}

const BINDING = {
  apiVersion: RBAC,
  kind: 'RoleBinding',
  metadata: { name: 'read' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'web' }],
};
const CLUSTER_BINDING = withFields(BINDING, [
  [['kind'], 'ClusterRoleBinding'],
  [['roleRef', 'kind'], 'ClusterRole'],
  [['subjects', 0, 'namespace'], 'default'],
]);
const SUBJECTS = [
  { kind: 'ServiceAccount', name: 'web', namespace: 'default' },
  { kind: 'ServiceAccount', name: 'web' },
  { kind: 'ServiceAccount', name: 'Web_1', namespace: 'default' },
  { kind: 'ServiceAccount', name: '', namespace: 'default' },
  {
    kind: 'ServiceAccount',
    name: 'web',
    namespace: 'default',
    apiGroup: 'rbac.authorization.k8s.io',
  },
  { kind: 'ServiceAccount', name: 'web.sa', namespace: 'default', apiGroup: '' },
  { kind: 'User', name: 'jane@example.com' },
  { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
  { kind: 'User', name: 'jane', apiGroup: 'example.com' },
  { kind: 'User', name: '' },
  { kind: 'User', name: 'Any Name: with spaces' },
  { kind: 'Group', name: 'system:authenticated' },
  { kind: 'Group', name: 'devs', apiGroup: 'v1' },
  { kind: 'Bot', name: 'x' },
  { kind: 'serviceaccount', name: 'web', namespace: 'default' },
  { kind: '', name: 'x' },
];
const ROLE_REFS = [
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  { kind: 'Role', name: 'reader' },
  { apiGroup: 'rbac', kind: 'Role', name: 'reader' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'reader' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: '' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a/b' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'system:reader' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: '..' },
  { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'Reader%1' },
];

function bindingVariants(): Variant[] {
  return [
    ...sweep('rb-subject', 'rbac', BINDING, ['subjects', 0], SUBJECTS),
    ...sweep('crb-subject', 'rbac', CLUSTER_BINDING, ['subjects', 0], SUBJECTS),
    ...sweep('rb-roleref', 'rbac', BINDING, ['roleRef'], ROLE_REFS),
    ...sweep('crb-roleref', 'rbac', CLUSTER_BINDING, ['roleRef'], ROLE_REFS),
    ...sweep(
      'rb-sa-name',
      'rbac',
      BINDING,
      ['subjects', 0, 'name'],
      [
        'web',
        'web.sa',
        'a'.repeat(253),
        'a'.repeat(254),
        'Web',
        'web_sa',
        '-web',
        'system:x',
        'web-',
        '1',
      ],
    ),
    ...sweep('rb-subjects', 'rbac', BINDING, ['subjects'], [[], undefined]),
  ];
}

const CONFIG_MAP = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg' },
  data: { 'app.yaml': 'a: 1' },
};
const SECRET = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'sec' },
  type: 'Opaque',
  data: { password: 'cGFzcw==' },
};
const BIG = 'x'.repeat(1024 * 1024);

function configVariants(): Variant[] {
  const keys = CONFIG_KEYS;
  return [
    ...keys.map(
      (key, i) =>
        cases(`cm-key-${String(i).padStart(2, '0')}`, 'config', [
          withField(CONFIG_MAP, ['data'], { [key]: 'v' }),
        ])[0]!,
    ),
    ...keys.map(
      (key, i) =>
        cases(`cm-bin-key-${String(i).padStart(2, '0')}`, 'config', [
          withField(CONFIG_MAP, ['binaryData'], { [key]: 'dg==' }),
        ])[0]!,
    ),
    ...keys.map(
      (key, i) =>
        cases(`sec-key-${String(i).padStart(2, '0')}`, 'config', [
          withField(SECRET, ['data'], { [key]: 'dg==' }),
        ])[0]!,
    ),
    ...keys.map(
      (key, i) =>
        cases(`sec-skey-${String(i).padStart(2, '0')}`, 'config', [
          withField(SECRET, ['stringData'], { [key]: 'v' }),
        ])[0]!,
    ),
    ...cases('cm-misc', 'config', [
      withField(CONFIG_MAP, ['binaryData'], { 'app.yaml': 'dg==' }),
      withField(CONFIG_MAP, ['data'], { big: BIG }),
      withField(CONFIG_MAP, ['data'], { big: BIG.slice(1) }),
      withFields(CONFIG_MAP, [
        [['data'], { a: BIG.slice(10) }],
        [['binaryData'], { b: Buffer.alloc(11).toString('base64') }],
      ]),
      withField(CONFIG_MAP, ['data'], {}),
      withField(CONFIG_MAP, ['immutable'], true),
    ]),
    ...secretTypeVariants(),
  ];
}

function secretTypeVariants(): Variant[] {
  const cert = Buffer.from('cert').toString('base64');
  const typed = (type: string, data: Record<string, string> | undefined): Record<string, unknown> =>
    withFields(SECRET, [
      [['type'], type],
      [['data'], data],
    ]);
  return cases('sec-type', 'config', [
    typed('kubernetes.io/tls', { 'tls.crt': cert, 'tls.key': cert }),
    typed('kubernetes.io/tls', { 'tls.crt': cert }),
    typed('kubernetes.io/tls', { 'tls.key': cert }),
    typed('kubernetes.io/tls', undefined),
    typed('kubernetes.io/tls', { 'tls.crt': '', 'tls.key': '' }),
    typed('kubernetes.io/basic-auth', { username: cert }),
    typed('kubernetes.io/basic-auth', { password: cert }),
    typed('kubernetes.io/basic-auth', undefined),
    typed('kubernetes.io/basic-auth', { user: cert }),
    typed('kubernetes.io/ssh-auth', { 'ssh-privatekey': cert }),
    typed('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }),
    typed('kubernetes.io/ssh-auth', undefined),
    typed('kubernetes.io/dockerconfigjson', {
      '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64'),
    }),
    typed('kubernetes.io/dockerconfigjson', undefined),
    typed('kubernetes.io/dockerconfigjson', { '.dockercfg': Buffer.from('{}').toString('base64') }),
    typed('kubernetes.io/dockercfg', { '.dockercfg': Buffer.from('{}').toString('base64') }),
    typed('kubernetes.io/dockercfg', undefined),
    typed('kubernetes.io/service-account-token', undefined),
    typed('example.com/custom', undefined),
    typed('', { a: cert }),
    typed('Opaque', undefined),
    withFields(SECRET, [
      [['type'], 'kubernetes.io/tls'],
      [['data'], undefined],
      [['stringData'], { 'tls.crt': 'c', 'tls.key': 'k' }],
    ]),
    withFields(SECRET, [
      [['type'], 'kubernetes.io/basic-auth'],
      [['data'], undefined],
      [['stringData'], { username: 'u' }],
    ]),
    withFields(SECRET, [
      [['data'], undefined],
      [['stringData'], { big: BIG }],
      [['type'], 'Opaque'],
    ]),
    withFields(SECRET, [
      [['data'], { a: Buffer.alloc(600 * 1024).toString('base64') }],
      [['stringData'], { b: 'x'.repeat(500 * 1024) }],
    ]),
  ]);
}

/** Every PDB, HPA, RBAC, ConfigMap and Secret variant. */
export function policyVariants(): Variant[] {
  return [
    ...pdbVariants(),
    ...hpaVariants(),
    ...roleVariants(),
    ...bindingVariants(),
    ...configVariants(),
  ];
}
