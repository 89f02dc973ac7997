import { cases, sweep, withField, withFields } from './network-variant-kit.js';
import {
  CIDRS,
  HOSTS,
  LABEL_KEYS,
  LABEL_VALUES,
  PATHS,
  PORT_NAMES,
  PORT_NUMBERS,
  PROTOCOLS,
} from './network-values.js';
import type { Variant } from './variant.js';

/** Ingress, IngressClass and NetworkPolicy variants. */

const BACKEND = { service: { name: 'web', port: { number: 80 } } };
const INGRESS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web' },
  spec: {
    rules: [
      {
        host: 'web.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: BACKEND }] },
      },
    ],
  },
};
const PATH0 = ['spec', 'rules', 0, 'http', 'paths', 0];

function ingressVariants(): Variant[] {
  const out: Variant[] = [
    ...sweep('ing-host', 'ingress', INGRESS, ['spec', 'rules', 0, 'host'], HOSTS),
    ...sweep(
      'ing-tls-host',
      'ingress',
      withField(INGRESS, ['spec', 'tls'], [{ hosts: ['web.example.com'], secretName: 'tls' }]),
      ['spec', 'tls', 0, 'hosts', 0],
      HOSTS,
    ),
    ...sweep(
      'ing-tls-secret',
      'ingress',
      withField(INGRESS, ['spec', 'tls'], [{ hosts: ['a.example.com'] }]),
      ['spec', 'tls', 0, 'secretName'],
      ['tls', 'tls.web', '', 'TLS', 'tls_web', 'a'.repeat(254)],
    ),
    ...sweep(
      'ing-svc-port',
      'ingress',
      INGRESS,
      [...PATH0, 'backend', 'service', 'port', 'number'],
      PORT_NUMBERS,
    ),
    ...sweep(
      'ing-svc-port-name',
      'ingress',
      INGRESS,
      [...PATH0, 'backend', 'service', 'port'],
      PORT_NAMES.map((name) => ({ name })),
    ),
    ...sweep(
      'ing-svc-name',
      'ingress',
      INGRESS,
      [...PATH0, 'backend', 'service', 'name'],
      ['web', '1web', 'Web', 'web.app', 'web-', '', 'a'.repeat(63), 'a'.repeat(64)],
    ),
    ...sweep(
      'ing-default-port',
      'ingress',
      withField(INGRESS, ['spec', 'defaultBackend'], BACKEND),
      ['spec', 'defaultBackend', 'service', 'port'],
      [...PORT_NUMBERS.map((number) => ({ number })), ...PORT_NAMES.map((name) => ({ name }))],
    ),
    ...sweep(
      'ing-class',
      'ingress',
      INGRESS,
      ['spec', 'ingressClassName'],
      ['nginx', 'example.com', 'Nginx', 'nginx_1', ''],
    ),
  ];
  ['Prefix', 'Exact', 'ImplementationSpecific'].forEach((type, t) => {
    out.push(
      ...sweep(
        `ing-path-t${t}`,
        'ingress',
        withField(INGRESS, [...PATH0, 'pathType'], type),
        [...PATH0, 'path'],
        PATHS,
      ),
    );
  });
  out.push(
    ...sweep(
      'ing-path-type',
      'ingress',
      INGRESS,
      [...PATH0, 'pathType'],
      ['Prefix', 'prefix', 'Regex', '', undefined],
    ),
    ...sweep(
      'ing-backend',
      'ingress',
      INGRESS,
      [...PATH0, 'backend'],
      [
        {},
        { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'b' } },
        { resource: { kind: 'Bucket', name: 'b' } },
        { resource: { apiGroup: 'Example.com', kind: 'Bucket', name: 'b' } },
        { resource: { kind: 'a/b', name: 'b' } },
        { resource: { kind: 'Bucket', name: '..' } },
        { resource: { kind: 'Bucket', name: 'a%b' } },
        { resource: { kind: '', name: 'b' } },
        { resource: { kind: 'B', name: '' } },
        { resource: { kind: 'Bucket', name: 'b' }, service: { name: 'web', port: { number: 80 } } },
        { service: { name: 'web', port: { name: 'http', number: 80 } } },
        { service: { name: 'web', port: {} } },
        { service: { name: 'web' } },
        { service: { port: { number: 80 } } },
      ],
    ),
    ...cases('ing-spec', 'ingress', [
      withField(INGRESS, ['spec'], {}),
      withField(INGRESS, ['spec'], { defaultBackend: BACKEND }),
      withField(INGRESS, ['spec'], {
        defaultBackend: { service: { name: 'Web', port: { number: 0 } } },
      }),
      withField(INGRESS, ['spec', 'rules', 0], { host: 'a.example.com' }),
      withField(INGRESS, ['spec', 'rules', 0, 'http', 'paths'], []),
      withField(INGRESS, ['spec', 'rules', 0, 'host'], undefined),
      withFields(INGRESS, [
        [['spec', 'ingressClassName'], 'nginx'],
        [['metadata', 'annotations'], { 'kubernetes.io/ingress.class': 'nginx' }],
      ]),
      withFields(INGRESS, [
        [['spec', 'ingressClassName'], 'nginx'],
        [['metadata', 'annotations'], { 'kubernetes.io/ingress.class': 'other' }],
      ]),
      withField(INGRESS, ['spec', 'rules', 1], {
        host: '*.example.com',
        http: { paths: [{ path: 'x', pathType: 'Exact', backend: BACKEND }] },
      }),
    ]),
  );
  return out;
}

const INGRESS_CLASS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec: { controller: 'example.com/ingress-controller' },
};
const PARAMS = {
  apiGroup: 'k8s.example.com',
  kind: 'IngressParameters',
  name: 'external-lb',
  scope: 'Cluster',
};

function ingressClassVariants(): Variant[] {
  return [
    ...sweep(
      'icl-controller',
      'ingress',
      INGRESS_CLASS,
      ['spec', 'controller'],
      [
        'example.com/ingress',
        'k8s.io/ingress-nginx',
        'example.com',
        '/x',
        'example.com/',
        'Example.com/x',
        'example.com/a b',
        'example.com/a/b~c',
        `example.com/${'a'.repeat(240)}`,
        '',
        'ex_ample.com/x',
      ],
    ),
    ...sweep(
      'icl-params',
      'ingress',
      withField(INGRESS_CLASS, ['spec', 'parameters'], PARAMS),
      ['spec', 'parameters'],
      [
        PARAMS,
        { ...PARAMS, scope: 'Namespace', namespace: 'default' },
        { ...PARAMS, scope: 'Namespace' },
        { ...PARAMS, scope: 'Namespace', namespace: 'Bad_ns' },
        { ...PARAMS, namespace: 'default' },
        { ...PARAMS, scope: 'Global' },
        { ...PARAMS, scope: undefined },
        { ...PARAMS, kind: 'a/b' },
        { ...PARAMS, name: '.' },
        { ...PARAMS, apiGroup: 'Bad' },
        { ...PARAMS, apiGroup: undefined },
      ],
    ),
  ];
}

const POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web' },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { app: 'client' } } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
  },
};
const IN_PORT = ['spec', 'ingress', 0, 'ports', 0];
const IP_BLOCK = ['spec', 'egress', 0, 'to', 0, 'ipBlock'];

function networkPolicyVariants(): Variant[] {
  return [
    ...sweep('np-port', 'networkpolicy', POLICY, [...IN_PORT, 'port'], PORT_NUMBERS),
    ...sweep('np-port-name', 'networkpolicy', POLICY, [...IN_PORT, 'port'], PORT_NAMES),
    ...sweep('np-protocol', 'networkpolicy', POLICY, [...IN_PORT, 'protocol'], PROTOCOLS),
    ...sweep(
      'np-endport',
      'networkpolicy',
      withField(POLICY, [...IN_PORT, 'port'], 8000),
      [...IN_PORT, 'endPort'],
      [8000, 8001, 7999, 65535, 65536, 0],
    ),
    ...cases('np-endport-x', 'networkpolicy', [
      withFields(POLICY, [
        [[...IN_PORT, 'port'], 'http'],
        [[...IN_PORT, 'endPort'], 9000],
      ]),
      withFields(POLICY, [
        [[...IN_PORT, 'port'], undefined],
        [[...IN_PORT, 'endPort'], 9000],
      ]),
      withField(POLICY, IN_PORT, {}),
    ]),
    ...sweep(
      'np-egress-port-name',
      'networkpolicy',
      POLICY,
      ['spec', 'egress', 0, 'ports'],
      PORT_NAMES.map((port) => [{ port }]),
    ),
    ...sweep(
      'np-from-cidr',
      'networkpolicy',
      POLICY,
      ['spec', 'ingress', 0, 'from', 0],
      CIDRS.map((cidr) => ({ ipBlock: { cidr } })),
    ),
    ...sweep(
      'np-egress-port',
      'networkpolicy',
      POLICY,
      ['spec', 'egress', 0, 'ports'],
      PORT_NUMBERS.map((port) => [{ port }]),
    ),
    ...sweep(
      'np-egress-protocol',
      'networkpolicy',
      POLICY,
      ['spec', 'egress', 0, 'ports'],
      PROTOCOLS.map((protocol) => [{ protocol, port: 53 }]),
    ),
    ...sweep('np-cidr', 'networkpolicy', POLICY, [...IP_BLOCK, 'cidr'], CIDRS),
    ...sweep(
      'np-except',
      'networkpolicy',
      POLICY,
      [...IP_BLOCK, 'except'],
      [
        ...CIDRS.map((c) => [c]),
        ['10.0.0.0/8'],
        ['10.0.0.0/7'],
        ['11.0.0.0/16'],
        ['10.255.255.0/24', '10.1.0.0/16'],
        [],
      ],
    ),
    ...sweep(
      'np-peer',
      'networkpolicy',
      POLICY,
      ['spec', 'ingress', 0, 'from', 0],
      [
        {},
        { namespaceSelector: {} },
        { podSelector: {}, namespaceSelector: { matchLabels: { team: 'a' } } },
        { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
        { ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} },
        { ipBlock: {} },
        { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } },
      ],
    ),
    ...sweep(
      'np-types',
      'networkpolicy',
      POLICY,
      ['spec', 'policyTypes'],
      [
        [],
        ['Ingress'],
        ['Egress'],
        ['ingress'],
        ['Ingress', 'Egress', 'Ingress'],
        ['Both'],
        ['Egress', 'Egress'],
      ],
    ),
    ...LABEL_KEYS.map(
      (key, i) =>
        cases(`np-sel-key-${String(i).padStart(2, '0')}`, 'selectors', [
          withField(POLICY, ['spec', 'podSelector', 'matchLabels'], { [key]: 'x' }),
        ])[0]!,
    ),
    ...sweep(
      'np-sel-value',
      'selectors',
      POLICY,
      ['spec', 'podSelector', 'matchLabels', 'app'],
      LABEL_VALUES,
    ),
    ...sweep(
      'np-sel-expr',
      'selectors',
      POLICY,
      ['spec', 'podSelector', 'matchExpressions'],
      [
        [{ key: 'app', operator: 'In', values: ['a', 'b'] }],
        [{ key: 'app', operator: 'In', values: [] }],
        [{ key: 'app', operator: 'In' }],
        [{ key: 'app', operator: 'NotIn', values: ['a'] }],
        [{ key: 'app', operator: 'Exists' }],
        [{ key: 'app', operator: 'Exists', values: ['a'] }],
        [{ key: 'app', operator: 'DoesNotExist', values: [] }],
        [{ key: 'app', operator: 'Equals', values: ['a'] }],
        [{ key: 'app', operator: 'in', values: ['a'] }],
        [{ key: 'Bad Key', operator: 'Exists' }],
        [{ key: 'app', operator: 'In', values: ['-bad'] }],
        [{ key: '', operator: 'Exists' }],
        [{ key: 'app', operator: 'In', values: ['a'.repeat(64)] }],
      ],
    ),
    ...sweep(
      'np-ns-sel',
      'selectors',
      POLICY,
      ['spec', 'ingress', 0, 'from', 0, 'namespaceSelector'],
      [
        { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } },
        { matchLabels: { 'a/b/c': 'x' } },
        { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['x'] }] },
      ],
    ),
  ];
}

/** Every Ingress, IngressClass and NetworkPolicy variant. */
export function networkingVariants(): Variant[] {
  return [...ingressVariants(), ...ingressClassVariants(), ...networkPolicyVariants()];
}
