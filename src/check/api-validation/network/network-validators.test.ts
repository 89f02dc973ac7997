import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { NETWORK_VALIDATORS } from './network-validators.js';

/**
 * One row per object: the messages are the causes the v1.36.3 API server returned for exactly
 * this object on a dry-run create (`dryRun=All`, `fieldValidation=Strict`), recorded from the
 * API-validation differential's variants; an empty list means the API server accepted it.
 */
/** An HPA scaling on one Service metric with the given target. */
function hpaWithObjectTarget(
  name: string,
  target: Record<string, unknown>,
): Record<string, unknown> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' },
            metric: { name: 'rps' },
            target,
          },
        },
      ],
    },
  };
}

const CASES: [string, Record<string, unknown>, string[]][] = [
  [
    'svc-port-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-00' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: -1, targetPort: 8080 }] },
    },
    ['spec.ports[0].port: Invalid value: -1: must be between 1 and 65535, inclusive'],
  ],
  [
    'svc-port-09',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-09' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 100000, targetPort: 8080 }] },
    },
    ['spec.ports[0].port: Invalid value: 100000: must be between 1 and 65535, inclusive'],
  ],
  [
    'svc-target-num-08',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-target-num-08' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 65536 }] },
    },
    ['spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive'],
  ],
  [
    'svc-target-name-07',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-target-name-07' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'HTTP' }] },
    },
    [
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ],
  ],
  [
    'svc-target-name-16',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-target-name-16' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'ab-cd-ef' }],
      },
    },
    [],
  ],
  [
    'svc-port-name-06',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-name-06' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'abcdefghijklmnop', port: 80, targetPort: 8080 }],
      },
    },
    [],
  ],
  [
    'svc-port-name-15',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-name-15' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'h t', port: 80, targetPort: 8080 }] },
    },
    [
      "spec.ports[0].name: Invalid value: \"h t\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  [
    'svc-port-name2-05',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-name2-05' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'abcdefghijklmno', port: 443, targetPort: 8443 },
        ],
      },
    },
    [],
  ],
  [
    'svc-port-name2-14',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-port-name2-14' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'h.t', port: 443, targetPort: 8443 },
        ],
      },
    },
    ['spec.ports[1].name: Invalid value: "h.t": must not contain dots'],
  ],
  [
    'svc-lb-port-02',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-lb-port-02' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 1, targetPort: 8080 }],
        type: 'LoadBalancer',
      },
    },
    [],
  ],
  [
    'svc-np-target-name-01',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-np-target-name-01' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'h' }],
        type: 'NodePort',
      },
    },
    [],
  ],
  [
    'svc-np-target-name-10',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-np-target-name-10' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: '-http' }],
        type: 'NodePort',
      },
    },
    ['spec.ports[0].targetPort: Invalid value: "-http": must not begin or end with a hyphen'],
  ],
  [
    'svc-protocol-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-protocol-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    },
    [],
  ],
  [
    'svc-app-protocol-03',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-app-protocol-03' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, appProtocol: 'a/b/c' }],
      },
    },
    [
      "spec.ports[0].appProtocol: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
  [
    'svc-ports-02',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-ports-02' },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      },
    },
    [
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    ],
  ],
  [
    'svc-ports-11',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-ports-11' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: '' }] },
    },
    [],
  ],
  [
    'svc-hc-port-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-hc-port-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 0,
      },
    },
    [],
  ],
  [
    'svc-t0-families-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t0-families-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'ClusterIP',
        ipFamilies: ['IPv4'],
      },
    },
    [],
  ],
  [
    'svc-t1-ext-name-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t1-ext-name-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'NodePort',
        externalName: 'db.example.com',
      },
    },
    [],
  ],
  [
    'svc-t2-lb-alloc-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t2-lb-alloc-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
      },
    },
    [],
  ],
  [
    'svc-t3-itp-local-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t3-itp-local-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'ExternalName',
        externalName: 'db.example.com',
        internalTrafficPolicy: 'Local',
      },
    },
    [],
  ],
  [
    'svc-t4-etp-cluster-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t4-etp-cluster-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        clusterIP: 'None',
        externalTrafficPolicy: 'Cluster',
      },
    },
    [
      'spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services',
    ],
  ],
  [
    'svc-t4-td-foo-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t4-td-foo-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        clusterIP: 'None',
        trafficDistribution: 'Nearest',
      },
    },
    [
      'spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    ],
  ],
  [
    'svc-t5-policy-single-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t5-policy-single-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'Foo',
        ipFamilyPolicy: 'SingleStack',
      },
    },
    [
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  ],
  [
    'svc-t6-ext-ips-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-t6-ext-ips-00' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: '',
        externalIPs: ['203.0.113.10'],
      },
    },
    [],
  ],
  [
    'svc-extip-07',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-extip-07' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        externalIPs: ['::'],
      },
    },
    ['spec.externalIPs[0]: Invalid value: "::": may not be unspecified (::)'],
  ],
  [
    'svc-lbrange-03',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-lbrange-03' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'LoadBalancer',
        loadBalancerSourceRanges: ['10.0.0.1/32'],
      },
    },
    [],
  ],
  [
    'svc-lbrange-19',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-lbrange-19' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'LoadBalancer',
        loadBalancerSourceRanges: ['10.0.0/8'],
      },
    },
    [
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  ],
  [
    'svc-clusterips-04',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-clusterips-04' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        ipFamilies: ['IPv4', 'IPv4'],
      },
    },
    ['spec.ipFamilies[1]: Duplicate value: "IPv4"'],
  ],
  [
    'svc-extname-06',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-extname-06' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        type: 'ExternalName',
        externalName: '1.2.3.4',
      },
    },
    [],
  ],
  [
    'svc-affinity-cfg-02',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-affinity-cfg-02' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: {} },
      },
    },
    [],
  ],
  [
    'svc-sel-key-00-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-sel-key-00-00' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
    [],
  ],
  [
    'svc-sel-key-08-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-sel-key-08-00' },
      spec: { selector: { 'a b': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
    [
      "spec.selector: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
  [
    'svc-sel-value-00',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-sel-value-00' },
      spec: { selector: { app: '' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
    [],
  ],
  [
    'svc-sel-value-08',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc-sel-value-08' },
      spec: { selector: { app: 'a/b' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
    [
      "spec.selector: Invalid value: \"a/b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'np-sel-key-05-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-sel-key-05-00' },
      spec: {
        podSelector: {
          matchLabels: { aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 'x' },
        },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.podSelector.matchLabels: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": name part must be no more than 63 bytes',
    ],
  ],
  [
    'np-sel-key-13-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-sel-key-13-00' },
      spec: {
        podSelector: {
          matchLabels: {
            'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.io/x':
              'x',
          },
        },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [],
  ],
  [
    'np-sel-value-05',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-sel-value-05' },
      spec: {
        podSelector: { matchLabels: { app: '-web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      "spec.podSelector.matchLabels: Invalid value: \"-web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'np-sel-expr-02',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-sel-expr-02' },
      spec: {
        podSelector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'app', operator: 'In' }],
        },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
  ],
  [
    'np-sel-expr-10',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-sel-expr-10' },
      spec: {
        podSelector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'app', operator: 'In', values: ['-bad'] }],
        },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      "spec.podSelector.matchExpressions[0].values[0]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'pdb-sel-key-02-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-sel-key-02-00' },
      spec: { minAvailable: 1, selector: { matchLabels: { 'example.com/a_b.c-d': 'web' } } },
    },
    [],
  ],
  [
    'pdb-sel-key-10-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-sel-key-10-00' },
      spec: { minAvailable: 1, selector: { matchLabels: { 'example.com/': 'web' } } },
    },
    [
      'spec.selector.matchLabels: Invalid value: "example.com/": name part must be non-empty',
      "spec.selector.matchLabels: Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  ],
  [
    'pdb-sel-value-02',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-sel-value-02' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'Web_1.x' } } },
    },
    [],
  ],
  [
    'pdb-sel-value-10',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-sel-value-10' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: '_x' } } },
    },
    [
      "spec.selector.matchLabels: Invalid value: \"_x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  ],
  [
    'crole-agg-value-07',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-agg-value-07' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'a b' } }],
      },
    },
    [
      "aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ],
  ],
  [
    'crole-agg-key-04-00',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-agg-key-04-00' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      aggregationRule: {
        clusterRoleSelectors: [
          {
            matchLabels: {
              aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 'true',
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'crole-agg-key-12-00',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-agg-key-12-00' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'Example.com/app': 'true' } }] },
    },
    [
      "aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.',
    ],
  ],
  [
    'ing-host-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-host-00' },
      spec: {
        rules: [
          {
            host: 'example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-host-15',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-host-15' },
      spec: {
        rules: [
          {
            host: 'xn--bcher-kva.example',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-tls-host-10',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-tls-host-10' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
        tls: [{ hosts: ['example.com.'], secretName: 'tls' }],
      },
    },
    [
      "spec.tls[0].hosts[0]: Invalid value: \"example.com.\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'ing-tls-secret-05',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-tls-secret-05' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
        tls: [
          {
            hosts: ['a.example.com'],
            secretName:
              'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          },
        ],
      },
    },
    [
      'spec.tls[0].secretName: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 253 characters',
    ],
  ],
  [
    'ing-svc-port-name-04',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-svc-port-name-04' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { name: 'web-8080' } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-svc-name-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-svc-name-00' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-default-port-07',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-default-port-07' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
        defaultBackend: { service: { name: 'web', port: { number: 65535 } } },
      },
    },
    [],
  ],
  [
    'ing-default-port-22',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-default-port-22' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
        defaultBackend: { service: { name: 'web', port: { name: '8080' } } },
      },
    },
    [
      'spec.defaultBackend.service.port.name: Invalid value: "8080": must contain at least one letter (a-z)',
    ],
  ],
  [
    'ing-path-t0-03',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-path-t0-03' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: 'api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    ['spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path'],
  ],
  [
    'ing-path-t1-02',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-path-t1-02' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/api/v1/',
                  pathType: 'Exact',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-path-t2-01',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-path-t2-01' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-path-type-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-path-type-00' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'ing-backend-10',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'ing-backend-10' },
      spec: {
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { name: 'http', number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    [
      'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    ],
  ],
  [
    'icl-controller-02',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'icl-controller-02' },
      spec: { controller: 'example.com' },
    },
    [
      'spec.controller: Invalid value: "example.com": must be a domain-prefixed path (such as "acme.io/foo")',
    ],
  ],
  [
    'icl-params-06',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'icl-params-06' },
      spec: {
        controller: 'example.com/ingress-controller',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      },
    },
    [],
  ],
  [
    'np-port-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-port-00' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: -1 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    ['spec.ingress[0].ports[0].port: Invalid value: -1: must be between 1 and 65535, inclusive'],
  ],
  [
    'np-port-name-01',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-port-name-01' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 'h' }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [],
  ],
  [
    'np-port-name-12',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-port-name-12' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: '8080' }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.ingress[0].ports[0].port: Invalid value: "8080": must contain at least one letter (a-z)',
    ],
  ],
  [
    'np-protocol-04',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-protocol-04' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'ICMP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    ],
  ],
  [
    'np-egress-port-name-00',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-egress-port-name-00' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ port: 'http' }],
          },
        ],
      },
    },
    [],
  ],
  [
    'np-egress-port-name-11',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-egress-port-name-11' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ port: 'http-' }],
          },
        ],
      },
    },
    ['spec.egress[0].ports[0].port: Invalid value: "http-": must not begin or end with a hyphen'],
  ],
  [
    'np-from-cidr-03',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-from-cidr-03' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.1/32' } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [],
  ],
  [
    'np-from-cidr-14',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-from-cidr-14' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ ipBlock: { cidr: '2001:db8::1/32' } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "2001:db8::1/32": must not have bits set beyond the prefix length',
    ],
  ],
  [
    'np-egress-port-03',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-egress-port-03' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ port: 2 }],
          },
        ],
      },
    },
    [],
  ],
  [
    'np-egress-protocol-04',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-egress-protocol-04' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ protocol: 'ICMP', port: 53 }],
          },
        ],
      },
    },
    [
      'spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    ],
  ],
  [
    'np-cidr-09',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-cidr-09' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  ],
  [
    'np-cidr-20',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-cidr-20' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '1.2.3.4/32', except: ['10.1.0.0/16'] } }] }],
      },
    },
    [
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.1.0.0/16": must be a strict subset of `cidr`',
    ],
  ],
  [
    'np-except-09',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-except-09' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0'] } }] }],
      },
    },
    [
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ],
  ],
  [
    'np-except-20',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-except-20' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['1.2.3.4/32'] } }] }],
      },
    },
    [
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "1.2.3.4/32": must be a strict subset of `cidr`',
    ],
  ],
  [
    'np-peer-04',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np-peer-04' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }],
      },
    },
    ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  ],
  [
    'pdb-min-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-00' },
      spec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } },
    },
    [],
  ],
  [
    'pdb-min-02',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-02' },
      spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } },
    },
    [],
  ],
  [
    'pdb-min-04',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-04' },
      spec: { minAvailable: '0%', selector: { matchLabels: { app: 'web' } } },
    },
    [],
  ],
  [
    'pdb-min-06',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-06' },
      spec: { minAvailable: '100%', selector: { matchLabels: { app: 'web' } } },
    },
    [],
  ],
  [
    'pdb-min-08',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-08' },
      spec: { minAvailable: '5', selector: { matchLabels: { app: 'web' } } },
    },
    [
      "spec.minAvailable: Invalid value: \"5\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-min-10',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-10' },
      spec: { minAvailable: '%', selector: { matchLabels: { app: 'web' } } },
    },
    [
      "spec.minAvailable: Invalid value: \"%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-min-12',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-min-12' },
      spec: { minAvailable: '-5%', selector: { matchLabels: { app: 'web' } } },
    },
    [
      "spec.minAvailable: Invalid value: \"-5%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-max-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-00' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 0 },
    },
    [],
  ],
  [
    'pdb-max-02',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-02' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 3 },
    },
    [],
  ],
  [
    'pdb-max-04',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-04' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '0%' },
    },
    [],
  ],
  [
    'pdb-max-06',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-06' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '100%' },
    },
    [],
  ],
  [
    'pdb-max-08',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-08' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '5' },
    },
    [
      "spec.maxUnavailable: Invalid value: \"5\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-max-10',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-10' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '%' },
    },
    [
      "spec.maxUnavailable: Invalid value: \"%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-max-12',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-max-12' },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: '-5%' },
    },
    [
      "spec.maxUnavailable: Invalid value: \"-5%\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
  ],
  [
    'pdb-both-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-both-00' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 },
    },
    [
      'spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"app":"web"}},"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
    ],
  ],
  [
    'pdb-eviction-00',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-eviction-00' },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { app: 'web' } },
        unhealthyPodEvictionPolicy: 'IfHealthyBudget',
      },
    },
    [],
  ],
  [
    'pdb-eviction-02',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-eviction-02' },
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { app: 'web' } },
        unhealthyPodEvictionPolicy: 'Never',
      },
    },
    [
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ],
  ],
  [
    'pdb-selector-01',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-selector-01' },
      spec: { minAvailable: 1, selector: {} },
    },
    [],
  ],
  [
    'pdb-selector-03',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-selector-03' },
      spec: {
        minAvailable: 1,
        selector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] },
      },
    },
    [
      "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  ],
  [
    'hpa-rep-00-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-00-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [
      'spec.maxReplicas: Required value: must be set and greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ],
  ],
  [
    'hpa-rep-11-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-11-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: -1,
        maxReplicas: -1,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [
      'spec.minReplicas: Invalid value: -1: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: -1: must be greater than or equal to 1',
    ],
  ],
  [
    'hpa-rep-22-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-22-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 0,
        maxReplicas: 0,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Required value: must be set and greater than 0',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ],
  ],
  [
    'hpa-rep-33-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-33-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 1,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-rep-44-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-44-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 2,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-rep-55-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-rep-55-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 10,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-ref-06',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-ref-06' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: '..' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    },
    ['spec.scaleTargetRef.name: Invalid value: "..": may not be \'..\''],
  ],
  [
    'hpa-util-03',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-util-03' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } },
          },
        ],
      },
    },
    [
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ],
  ],
  [
    'hpa-target-05',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-target-05' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Percent', averageUtilization: 50 } },
          },
        ],
      },
    },
    [
      'spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue',
    ],
  ],
  [
    'hpa-metric-04',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-metric-04' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Object',
            object: {
              describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' },
              metric: { name: 'rps' },
              target: { type: 'Value', value: '100' },
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-quantity-negative',
    hpaWithObjectTarget('hpa-quantity-negative', { type: 'Value', value: '-500m' }),
    ['spec.metrics[0].object.target.value: Invalid value: "-500m": must be positive'],
  ],
  // Not a quantity: the API server refuses it while decoding (the schema family's finding).
  [
    'hpa-quantity-unparsable',
    hpaWithObjectTarget('hpa-quantity-unparsable', { type: 'Value', value: 'lots' }),
    [],
  ],
  [
    'hpa-metric-11',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-metric-11' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'App',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
        ],
      },
    },
    [
      "spec.metrics[0].containerResource.container: Invalid value: \"App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ],
  ],
  [
    'hpa-container-00',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-container-00' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'memory',
              container: 'app',
              target: { type: 'AverageValue', averageValue: '100Mi' },
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-container-07',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-container-07' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'memory',
              container: '1app',
              target: { type: 'AverageValue', averageValue: '100Mi' },
            },
          },
        ],
      },
    },
    [],
  ],
  [
    'hpa-window-03',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-window-03' },
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
        behavior: { scaleUp: { stabilizationWindowSeconds: 3601 } },
      },
    },
    [
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
    ],
  ],
  [
    'hpa-policies-01',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-policies-01' },
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
        behavior: { scaleDown: { policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] } },
      },
    },
    [],
  ],
  [
    'hpa-behavior-01',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'hpa-behavior-01' },
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
        behavior: { scaleUp: {} },
      },
    },
    [],
  ],
  [
    'role-rule-00',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'role-rule-00' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    },
    [],
  ],
  [
    'role-rule-07',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'role-rule-07' },
      rules: [{ verbs: ['get'] }],
    },
    [
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ],
  ],
  [
    'role-rule-14',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'role-rule-14' },
      rules: [
        {
          apiGroups: ['apps'],
          resources: ['deployments'],
          resourceNames: ['web'],
          verbs: ['get', 'patch'],
        },
      ],
    },
    [],
  ],
  [
    'crole-rule-05',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-rule-05' },
      rules: [{ apiGroups: [''], verbs: ['get'] }],
    },
    ['rules[0].resources: Required value: resource rules must supply at least one resource'],
  ],
  [
    'crole-rule-12',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-rule-12' },
      rules: [{ nonResourceURLs: ['/healthz'], resourceNames: ['x'], verbs: ['get'] }],
    },
    [
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: rules cannot apply to both regular resources and non-resource URLs',
    ],
  ],
  [
    'crole-agg-01',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'crole-agg-01' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      aggregationRule: { clusterRoleSelectors: [] },
    },
    [
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ],
  ],
  [
    'rb-subject-02',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb-subject-02' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'Web_1', namespace: 'default' }],
    },
    [
      "subjects[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'rb-subject-09',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb-subject-09' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', name: '' }],
    },
    ['subjects[0].name: Required value'],
  ],
  [
    'crb-subject-00',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb-subject-00' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    },
    [],
  ],
  [
    'crb-subject-07',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb-subject-07' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }],
    },
    [],
  ],
  [
    'crb-subject-14',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb-subject-14' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
      subjects: [{ kind: 'serviceaccount', name: 'web', namespace: 'default' }],
    },
    [
      'subjects[0].kind: Unsupported value: "serviceaccount": supported values: "ServiceAccount", "User", "Group"',
    ],
  ],
  [
    'rb-roleref-05',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb-roleref-05' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: '' },
      subjects: [{ kind: 'ServiceAccount', name: 'web' }],
    },
    ['roleRef.name: Required value'],
  ],
  [
    'crb-roleref-02',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb-roleref-02' },
      roleRef: { kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    },
    ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"'],
  ],
  [
    'crb-roleref-09',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb-roleref-09' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'Reader%1' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    },
    [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef.name: Invalid value: "Reader%1": may not contain \'%\'',
    ],
  ],
  [
    'rb-sa-name-06',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb-sa-name-06' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: '-web' }],
    },
    [
      "subjects[0].name: Invalid value: \"-web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
  ],
  [
    'cm-key-00-00',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-key-00-00' }, data: { key: 'v' } },
    [],
  ],
  [
    'cm-key-07-00',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-key-07-00' },
      data: { '..': 'v' },
    },
    ['data[..]: Invalid value: "..": must not be \'..\''],
  ],
  [
    'cm-key-14-00',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm-key-14-00' }, data: { _: 'v' } },
    [],
  ],
  [
    'cm-bin-key-04-00',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-bin-key-04-00' },
      data: { 'app.yaml': 'a: 1' },
      binaryData: { '.hidden': 'dg==' },
    },
    [],
  ],
  [
    'cm-bin-key-11-00',
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm-bin-key-11-00' },
      data: { 'app.yaml': 'a: 1' },
      binaryData: { 'a:b': 'dg==' },
    },
    [
      "binaryData[a:b]: Invalid value: \"a:b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
  ],
  [
    'sec-key-01-00',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-key-01-00' },
      type: 'Opaque',
      data: { 'config.yaml': 'dg==' },
    },
    [],
  ],
  [
    'sec-key-08-00',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-key-08-00' },
      type: 'Opaque',
      data: { '..x': 'dg==' },
    },
    ['data[..x]: Invalid value: "..x": must not start with \'..\''],
  ],
  [
    'sec-key-15-00',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-key-15-00' },
      type: 'Opaque',
      data: { 'x=1': 'dg==' },
    },
    [
      "data[x=1]: Invalid value: \"x=1\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
  ],
  [
    'sec-skey-05-00',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-skey-05-00' },
      type: 'Opaque',
      data: { password: 'cGFzcw==' },
      stringData: { 'a..b': 'v' },
    },
    [],
  ],
  [
    'sec-skey-12-00',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-skey-12-00' },
      type: 'Opaque',
      data: { password: 'cGFzcw==' },
      stringData: {
        kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk:
          'v',
      },
    },
    [],
  ],
  [
    'sec-type-03',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-type-03' },
      type: 'kubernetes.io/tls',
    },
    ['data[tls.crt]: Required value', 'data[tls.key]: Required value'],
  ],
  [
    'sec-type-10',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-type-10' },
      type: 'kubernetes.io/ssh-auth',
      data: { 'ssh-privatekey': '' },
    },
    ['data[ssh-privatekey]: Required value'],
  ],
  [
    'sec-type-17',
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec-type-17' },
      type: 'kubernetes.io/service-account-token',
    },
    ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
  ],
];

function validate(object: Record<string, unknown>, kubeVersion = '1.36'): string[] {
  const apiVersion = String(object['apiVersion']);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return NETWORK_VALIDATORS.filter((v) => v.group === group && v.kind === object['kind'])
    .flatMap((v) => v.validate(object, { kubeVersion }))
    .map(formatFieldError);
}

describe('NETWORK_VALIDATORS', () => {
  it.each(CASES)('should judge %s as the API server does', (_id, object, messages) => {
    expect(validate(object).sort()).toEqual([...messages].sort());
  });
});
