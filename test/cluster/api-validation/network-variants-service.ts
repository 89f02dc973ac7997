import { cases, sweep, withField, withFields } from './network-variant-kit.js';
import {
  CIDRS,
  IPS,
  LABEL_KEYS,
  LABEL_VALUES,
  PORT_NAMES,
  PORT_NUMBERS,
  PROTOCOLS,
} from './network-values.js';
import type { Variant } from './variant.js';

/** Service variants: ports, types, cluster IPs, traffic policies, affinity, selectors. */

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};
const NODE_PORT = withField(SERVICE, ['spec', 'type'], 'NodePort');
const LB = withField(SERVICE, ['spec', 'type'], 'LoadBalancer');
const TWO_PORTS = withField(
  SERVICE,
  ['spec', 'ports'],
  [
    { name: 'http', port: 80, targetPort: 8080 },
    { name: 'https', port: 443, targetPort: 8443 },
  ],
);
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Headless', 'Foo', ''];

function ofType(type: string): Record<string, unknown> {
  if (type === 'Headless') return withField(SERVICE, ['spec', 'clusterIP'], 'None');
  if (type === 'ExternalName') {
    return withFields(SERVICE, [
      [['spec', 'type'], 'ExternalName'],
      [['spec', 'externalName'], 'db.example.com'],
    ]);
  }
  return withField(SERVICE, ['spec', 'type'], type);
}

function portVariants(): Variant[] {
  const p = ['spec', 'ports', 0];
  return [
    ...sweep('svc-port', 'ports', SERVICE, [...p, 'port'], PORT_NUMBERS),
    ...sweep('svc-target-num', 'ports', SERVICE, [...p, 'targetPort'], PORT_NUMBERS),
    ...sweep('svc-target-name', 'ports', SERVICE, [...p, 'targetPort'], PORT_NAMES),
    ...sweep('svc-port-name', 'ports', SERVICE, [...p, 'name'], PORT_NAMES),
    ...sweep(
      'svc-port-name2',
      'ports',
      TWO_PORTS,
      ['spec', 'ports', 1, 'name'],
      [...PORT_NAMES, '', 'http'],
    ),
    ...sweep('svc-lb-port', 'ports', LB, [...p, 'port'], PORT_NUMBERS),
    ...sweep('svc-np-target-name', 'ports', NODE_PORT, [...p, 'targetPort'], PORT_NAMES),
    ...sweep('svc-protocol', 'ports', SERVICE, [...p, 'protocol'], PROTOCOLS),
    ...sweep(
      'svc-app-protocol',
      'ports',
      SERVICE,
      [...p, 'appProtocol'],
      ['http', 'kubernetes.io/h2c', 'example.com/x', 'a/b/c', 'H T', ''],
    ),
    ...sweep('svc-np-port', 'ports', NODE_PORT, [...p, 'nodePort'], [30000, 30001, 32767, 0]),
    ...sweep(
      'svc-hc-port',
      'services',
      withField(LB, ['spec', 'externalTrafficPolicy'], 'Local'),
      ['spec', 'healthCheckNodePort'],
      [0, 30100, -1, 65536],
    ),
    ...cases('svc-ports', 'ports', [
      withField(SERVICE, ['spec', 'ports'], []),
      withField(SERVICE, ['spec', 'ports'], [{ port: 80 }, { port: 81 }]),
      withField(
        SERVICE,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      ),
      withField(
        SERVICE,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80 },
          { name: 'b', port: 80, protocol: 'UDP' },
        ],
      ),
      withField(
        SERVICE,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80 },
          { name: 'a', port: 81 },
        ],
      ),
      withField(
        SERVICE,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80, protocol: 'SCTP' },
          { name: 'b', port: 80, protocol: 'SCTP' },
        ],
      ),
      withField(
        NODE_PORT,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80, nodePort: 30080 },
          { name: 'b', port: 81, nodePort: 30080 },
        ],
      ),
      withField(
        NODE_PORT,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80, nodePort: 30081 },
          { name: 'b', port: 80, protocol: 'UDP', nodePort: 30081 },
        ],
      ),
      withField(
        NODE_PORT,
        ['spec', 'ports'],
        [
          { name: 'a', port: 80, nodePort: 30082 },
          { name: 'b', port: 81, protocol: 'UDP', nodePort: 30082 },
        ],
      ),
      withField(SERVICE, ['spec', 'ports'], [{ name: 'a', port: 80, nodePort: 30083 }]),
      withField(SERVICE, ['spec', 'ports', 0, 'targetPort'], undefined),
      withField(SERVICE, ['spec', 'ports', 0, 'targetPort'], ''),
      withField(ofType('Headless'), ['spec', 'ports'], []),
      withField(ofType('ExternalName'), ['spec', 'ports'], []),
      withField(
        SERVICE,
        ['spec', 'ports'],
        Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, port: 8000 + i })),
      ),
    ]),
  ];
}

function typeVariants(): Variant[] {
  const out: Variant[] = [];
  const fields: [string, readonly (string | number)[], unknown][] = [
    ['etp-cluster', ['spec', 'externalTrafficPolicy'], 'Cluster'],
    ['etp-local', ['spec', 'externalTrafficPolicy'], 'Local'],
    ['etp-foo', ['spec', 'externalTrafficPolicy'], 'Foo'],
    ['itp-local', ['spec', 'internalTrafficPolicy'], 'Local'],
    ['itp-foo', ['spec', 'internalTrafficPolicy'], 'Foo'],
    ['lb-ranges', ['spec', 'loadBalancerSourceRanges'], ['10.0.0.0/8']],
    ['lb-alloc', ['spec', 'allocateLoadBalancerNodePorts'], false],
    ['lb-class', ['spec', 'loadBalancerClass'], 'example.com/lb'],
    ['lb-class-bad', ['spec', 'loadBalancerClass'], 'a/b/c'],
    ['ext-name', ['spec', 'externalName'], 'db.example.com'],
    ['ext-ips', ['spec', 'externalIPs'], ['203.0.113.10']],
    ['hc-port', ['spec', 'healthCheckNodePort'], 30200],
    ['families', ['spec', 'ipFamilies'], ['IPv4']],
    ['policy-single', ['spec', 'ipFamilyPolicy'], 'SingleStack'],
    ['td-close', ['spec', 'trafficDistribution'], 'PreferClose'],
    ['td-node', ['spec', 'trafficDistribution'], 'PreferSameNode'],
    ['td-foo', ['spec', 'trafficDistribution'], 'Nearest'],
    ['affinity-ip', ['spec', 'sessionAffinity'], 'ClientIP'],
    ['selector-none', ['spec', 'selector'], undefined],
  ];
  TYPES.forEach((type, t) => {
    for (const [name, path, value] of fields) {
      out.push(...cases(`svc-t${t}-${name}`, 'services', [withField(ofType(type), path, value)]));
    }
  });
  return out;
}

function addressVariants(): Variant[] {
  return [
    ...sweep(
      'svc-extip',
      'services',
      SERVICE,
      ['spec', 'externalIPs'],
      IPS.map((ip) => [ip]),
    ),
    ...sweep(
      'svc-lbrange',
      'services',
      LB,
      ['spec', 'loadBalancerSourceRanges'],
      CIDRS.map((c) => [c]),
    ),
    ...sweep(
      'svc-lbrange-ws',
      'services',
      LB,
      ['spec', 'loadBalancerSourceRanges'],
      [[' 10.0.0.0/8 '], ['10.0.0.0/8', '192.168.0.0/16']],
    ),
    ...sweep(
      'svc-clusterip',
      'services',
      SERVICE,
      ['spec', 'clusterIP'],
      ['None', '1.2.3', 'x', '01.2.3.4', '::ffff:10.96.0.9', '10.96.0.300', ''],
    ),
    ...cases('svc-clusterips', 'services', [
      withFields(SERVICE, [
        [['spec', 'clusterIP'], 'None'],
        [['spec', 'clusterIPs'], ['None']],
      ]),
      withFields(SERVICE, [
        [['spec', 'clusterIP'], 'None'],
        [
          ['spec', 'clusterIPs'],
          ['None', '10.96.0.1'],
        ],
      ]),
      withFields(SERVICE, [[['spec', 'clusterIPs'], ['10.96.0.77']]]),
      withFields(SERVICE, [
        [['spec', 'clusterIP'], '10.96.0.78'],
        [['spec', 'clusterIPs'], ['10.96.0.79']],
      ]),
      withFields(SERVICE, [
        [
          ['spec', 'ipFamilies'],
          ['IPv4', 'IPv4'],
        ],
      ]),
      withFields(SERVICE, [[['spec', 'ipFamilies'], ['IPv5']]]),
      withFields(SERVICE, [
        [
          ['spec', 'ipFamilies'],
          ['IPv4', 'IPv6'],
        ],
      ]),
      withFields(SERVICE, [[['spec', 'ipFamilyPolicy'], 'Foo']]),
      withFields(SERVICE, [[['spec', 'ipFamilyPolicy'], 'PreferDualStack']]),
      withFields(SERVICE, [
        [['spec', 'clusterIP'], 'None'],
        [['spec', 'type'], 'NodePort'],
      ]),
      withFields(SERVICE, [
        [['spec', 'clusterIP'], 'None'],
        [['spec', 'type'], 'LoadBalancer'],
      ]),
      withFields(ofType('ExternalName'), [[['spec', 'clusterIP'], 'None']]),
      withFields(ofType('ExternalName'), [[['spec', 'ipFamilies'], ['IPv4']]]),
      withFields(ofType('ExternalName'), [[['spec', 'ipFamilyPolicy'], 'SingleStack']]),
    ]),
    ...sweep(
      'svc-extname',
      'services',
      ofType('ExternalName'),
      ['spec', 'externalName'],
      [
        'db.example.com',
        'db.example.com.',
        'db',
        '',
        'DB.example.com',
        'db_1.example.com',
        '1.2.3.4',
        'a'.repeat(254),
        '-db.example.com',
        'db..example.com',
      ],
    ),
  ];
}

function affinityVariants(): Variant[] {
  const ip = withField(SERVICE, ['spec', 'sessionAffinity'], 'ClientIP');
  return [
    ...sweep(
      'svc-affinity',
      'services',
      SERVICE,
      ['spec', 'sessionAffinity'],
      ['None', 'ClientIP', 'Cookie', ''],
    ),
    ...sweep(
      'svc-affinity-timeout',
      'services',
      ip,
      ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
      [1, 10800, 86400, 86401, 0, -5],
    ),
    ...cases('svc-affinity-cfg', 'services', [
      withField(SERVICE, ['spec', 'sessionAffinityConfig'], { clientIP: { timeoutSeconds: 0 } }),
      withField(ip, ['spec', 'sessionAffinityConfig'], {}),
      withField(ip, ['spec', 'sessionAffinityConfig'], { clientIP: {} }),
    ]),
  ];
}

function selectorVariants(): Variant[] {
  return [
    ...LABEL_KEYS.map(
      (key, i) =>
        cases(`svc-sel-key-${String(i).padStart(2, '0')}`, 'selectors', [
          withField(SERVICE, ['spec', 'selector'], { [key]: 'web' }),
        ])[0]!,
    ),
    ...sweep('svc-sel-value', 'selectors', SERVICE, ['spec', 'selector', 'app'], LABEL_VALUES),
  ];
}

/** Every Service variant. */
export function serviceVariants(): Variant[] {
  return [
    ...portVariants(),
    ...typeVariants(),
    ...addressVariants(),
    ...affinityVariants(),
    ...selectorVariants(),
  ];
}
