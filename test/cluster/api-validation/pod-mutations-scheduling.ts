/** Pod spec mutations of scheduling, DNS, init containers and the pod-level fields (differential). */
import { type Mutation, type Obj, onSpec, slug, specValues } from './pod-mutations.js';

const TOLERATIONS: [string, Obj][] = [
  ['exists-all', { operator: 'Exists' }],
  ['equal-no-key', { operator: 'Equal', value: 'x' }],
  ['no-key-no-operator', { value: 'x' }],
  ['key-equal', { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
  ['key-bad', { key: 'a/b/c', operator: 'Exists' }],
  ['operator-bad', { key: 'k', operator: 'In', value: 'x' }],
  ['operator-lt', { key: 'k', operator: 'Lt', value: '5' }],
  ['effect-bad', { key: 'k', operator: 'Exists', effect: 'NoRun' }],
  [
    'seconds-no-execute',
    { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
  ],
  [
    'seconds-no-schedule',
    { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 },
  ],
  ['exists-with-value', { key: 'k', operator: 'Exists', value: 'x' }],
  ['value-bad', { key: 'k', operator: 'Equal', value: 'a b' }],
  ['value-long', { key: 'k', value: 'v'.repeat(64) }],
];

const SPREAD: [string, Obj[]][] = [
  ['ok', [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]],
  ['max-skew-0', [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]],
  [
    'max-skew-negative',
    [{ maxSkew: -1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
  ],
  ['no-key', [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }]],
  ['action-bad', [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' }]],
  [
    'min-domains-0',
    [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 }],
  ],
  [
    'min-domains-3',
    [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3 }],
  ],
  [
    'min-domains-anyway',
    [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 }],
  ],
  [
    'duplicate',
    [
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
    ],
  ],
  [
    'same-key-two-actions',
    [
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ],
  ],
  [
    'node-policy',
    [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        nodeAffinityPolicy: 'Honor',
        nodeTaintsPolicy: 'Ignore',
      },
    ],
  ],
  [
    'node-policy-bad',
    [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        nodeTaintsPolicy: 'Always',
      },
    ],
  ],
  [
    'selector',
    [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'web' } },
      },
    ],
  ],
  [
    'selector-bad-op',
    [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] },
      },
    ],
  ],
  [
    'selector-bad-value',
    [
      {
        maxSkew: 1,
        topologyKey: 'zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'a b' } },
      },
    ],
  ],
];

const req = (expr: Obj): Obj => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [expr] }],
    },
  },
});
const podTerm = (term: Obj): Obj => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] },
});
const AFFINITY: [string, Obj][] = [
  ['node-in', req({ key: 'zone', operator: 'In', values: ['a'] })],
  ['node-in-empty', req({ key: 'zone', operator: 'In', values: [] })],
  ['node-exists-values', req({ key: 'zone', operator: 'Exists', values: ['a'] })],
  ['node-gt', req({ key: 'cores', operator: 'Gt', values: ['4'] })],
  ['node-gt-two', req({ key: 'cores', operator: 'Gt', values: ['4', '5'] })],
  ['node-op-bad', req({ key: 'zone', operator: 'Equals', values: ['a'] })],
  ['node-key-bad', req({ key: 'a b', operator: 'Exists' })],
  ['node-value-bad', req({ key: 'zone', operator: 'In', values: ['a b'] })],
  [
    'node-no-terms',
    { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
  ],
  [
    'node-preferred',
    {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
          },
        ],
      },
    },
  ],
  [
    'node-preferred-weight-0',
    {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
      },
    },
  ],
  [
    'node-preferred-weight-101',
    {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, preference: {} }],
      },
    },
  ],
  [
    'pod-anti',
    podTerm({
      labelSelector: { matchLabels: { app: 'web' } },
      topologyKey: 'kubernetes.io/hostname',
    }),
  ],
  ['pod-anti-no-key', podTerm({ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: '' })],
  [
    'pod-anti-bad-key',
    podTerm({ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'a b' }),
  ],
  [
    'pod-anti-bad-selector',
    podTerm({ labelSelector: { matchLabels: { 'a b': 'web' } }, topologyKey: 'zone' }),
  ],
  ['pod-anti-bad-namespace', podTerm({ namespaces: ['Bad'], topologyKey: 'zone' })],
  [
    'pod-preferred-weight-0',
    {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 0, podAffinityTerm: { topologyKey: 'zone' } },
        ],
      },
    },
  ],
];

const DNS: [string, Obj][] = [
  ['none-no-config', { dnsPolicy: 'None' }],
  ['none-no-servers', { dnsPolicy: 'None', dnsConfig: { searches: ['a.example'] } }],
  ['none-ok', { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] } }],
  ['four-servers', { dnsConfig: { nameservers: ['1.1.1.1', '1.1.1.2', '1.1.1.3', '1.1.1.4'] } }],
  ['bad-server', { dnsConfig: { nameservers: ['dns.example'] } }],
  ['ipv6-server', { dnsConfig: { nameservers: ['2001:db8::1'] } }],
  ['search-ok', { dnsConfig: { searches: ['svc.cluster.local', 'example.com.'] } }],
  ['search-underscore', { dnsConfig: { searches: ['_srv.example.com'] } }],
  ['search-bad', { dnsConfig: { searches: ['Bad Domain'] } }],
  ['search-dot', { dnsConfig: { searches: ['.'] } }],
  ['option-no-name', { dnsConfig: { options: [{ value: '2' }] } }],
  ['option-ndots', { dnsConfig: { options: [{ name: 'ndots', value: '2' }] } }],
  ['host-net-first', { dnsPolicy: 'ClusterFirstWithHostNet' }],
  ['policy-default', { dnsPolicy: 'Default' }],
  ['policy-bad', { dnsPolicy: 'Custom' }],
  ['host-alias', { hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }] }],
  ['host-alias-bad-ip', { hostAliases: [{ ip: 'ten', hostnames: ['db.local'] }] }],
  ['host-alias-bad-name', { hostAliases: [{ ip: '10.0.0.1', hostnames: ['DB'] }] }],
];

const INIT: [string, Obj[]][] = [
  ['ok', [{ name: 'init', image: 'registry.example/init:1' }]],
  ['no-image', [{ name: 'init' }]],
  ['same-name', [{ name: 'app', image: 'registry.example/init:1' }]],
  [
    'duplicate',
    [
      { name: 'i1', image: 'x' },
      { name: 'i1', image: 'x' },
    ],
  ],
  ['probe', [{ name: 'init', image: 'x', readinessProbe: { tcpSocket: { port: 80 } } }]],
  [
    'lifecycle',
    [{ name: 'init', image: 'x', lifecycle: { preStop: { exec: { command: ['true'] } } } }],
  ],
  [
    'sidecar',
    [
      {
        name: 'side',
        image: 'x',
        restartPolicy: 'Always',
        readinessProbe: { tcpSocket: { port: 80 } },
      },
    ],
  ],
  [
    'sidecar-bad-probe',
    [
      {
        name: 'side',
        image: 'x',
        restartPolicy: 'Always',
        livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 },
      },
    ],
  ],
  ['restart-never', [{ name: 'init', image: 'x', restartPolicy: 'Never' }]],
  ['restart-bad', [{ name: 'init', image: 'x', restartPolicy: 'Sometimes' }]],
  [
    'host-port-twice',
    [
      {
        name: 'init',
        image: 'x',
        ports: [
          { containerPort: 80, hostPort: 80 },
          { containerPort: 81, hostPort: 80 },
        ],
      },
    ],
  ],
];

/** Scheduling, DNS, init container and pod-level mutations. */
export function schedulingMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const [name, t] of TOLERATIONS)
    out.push(onSpec('scheduling', `toleration-${name}`, (s) => (s['tolerations'] = [t])));
  for (const [name, c] of SPREAD)
    out.push(onSpec('scheduling', `spread-${name}`, (s) => (s['topologySpreadConstraints'] = c)));
  for (const [name, a] of AFFINITY)
    out.push(onSpec('scheduling', `affinity-${name}`, (s) => (s['affinity'] = a)));
  for (const [name, d] of DNS) out.push(onSpec('dns', `dns-${name}`, (s) => Object.assign(s, d)));
  for (const [name, i] of INIT)
    out.push(onSpec('containers', `init-${name}`, (s) => (s['initContainers'] = i)));
  out.push(
    onSpec('containers', 'no-containers', (s) => (s['containers'] = [])),
    onSpec(
      'containers',
      'duplicate-containers',
      (s) =>
        (s['containers'] = [
          { name: 'app', image: 'x' },
          { name: 'app', image: 'y' },
        ]),
    ),
    onSpec(
      'containers',
      'container-restart-policy',
      (s) => ((s['containers'] as Obj[])[0]!['restartPolicy'] = 'Always'),
    ),
    onSpec('pod', 'node-selector-ok', (s) => (s['nodeSelector'] = { 'kubernetes.io/os': 'linux' })),
    onSpec('pod', 'node-selector-bad-key', (s) => (s['nodeSelector'] = { 'bad key': 'x' })),
    onSpec('pod', 'node-selector-bad-value', (s) => (s['nodeSelector'] = { zone: 'a b' })),
    onSpec(
      'pod',
      'readiness-gate',
      (s) => (s['readinessGates'] = [{ conditionType: 'example.com/ready' }]),
    ),
    onSpec(
      'pod',
      'readiness-gate-bad',
      (s) => (s['readinessGates'] = [{ conditionType: 'not ready' }]),
    ),
  );
  out.push(
    ...specValues('pod', 'restartPolicy', ['Always', 'OnFailure', 'Never', 'Sometimes']),
    ...specValues('pod', 'activeDeadlineSeconds', [1, 0, -1, 3600]),
    ...specValues('pod', 'hostname', ['web-0', 'Web', 'a.b']),
    ...specValues('pod', 'subdomain', ['svc', 'a.b', 'a'.repeat(64)]),
    ...specValues('pod', 'serviceAccountName', ['default', 'Bad_SA']),
    ...specValues('pod', 'nodeName', ['kwok-node-0', 'Node_1']),
  );
  return out.map((m) => ({ ...m, name: slug(m.name) === m.name ? m.name : slug(m.name) }));
}
