import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../manifest/load.js';
import type { CheckOptions } from './finding.js';
import { checkSchema } from './schema.js';

const options: CheckOptions = { kubeVersion: '1.34', profile: 'default' };

function check(yaml: string, kubeVersion = '1.34') {
  const objects = loadManifestText(yaml, 'f.yaml');
  return checkSchema({ objects, options: { ...options, kubeVersion } }).map((f) => [
    f.rule,
    f.severity,
    f.line,
    f.field ?? '',
    f.message,
  ]);
}

const deployment = (container: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels: { app: web }',
    '  template:',
    '    metadata:',
    '      labels: { app: web }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    container,
  ].join('\n');

describe('checkSchema', () => {
  it.each([
    ['a valid Deployment', deployment('          ports: [{ containerPort: 80 }]'), '1.34'],
    ['a valid Deployment at 1.33', deployment('          ports: [{ containerPort: 80 }]'), '1.33'],
    [
      'a valid Istio VirtualService',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: vs }\nspec:\n  hosts: [web]\n  http:\n    - route:\n        - destination: { host: web }\n          weight: 100\n',
      '1.34',
    ],
    [
      'a valid Gateway API HTTPRoute',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: r }\nspec:\n  parentRefs: [{ name: gw }]\n  rules:\n    - backendRefs: [{ name: web, port: 80 }]\n',
      '1.34',
    ],
    [
      'a valid ServiceMonitor',
      'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: m }\nspec:\n  selector: { matchLabels: { app: web } }\n  endpoints: [{ port: http }]\n',
      '1.34',
    ],
    [
      'a valid RBAC name with a colon',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: "system:web" }\nrules: []\n',
      '1.34',
    ],
  ])('should pass %s', (_name, yaml, version) => {
    expect(check(yaml, version)).toEqual([]);
  });

  it.each([
    [
      'a string where an integer belongs',
      deployment('          ports: [{ containerPort: "80" }]'),
      [
        [
          'schema-invalid',
          'error',
          15,
          'spec.template.spec.containers[0].ports[0].containerPort',
          'spec.template.spec.containers[0].ports[0].containerPort: must be integer, got string "80"',
        ],
      ],
    ],
    [
      'a quantity that is not one',
      deployment('          resources:\n            limits:\n              cpu: 1 core'),
      [
        [
          'schema-invalid',
          'error',
          17,
          'spec.template.spec.containers[0].resources.limits.cpu',
          'spec.template.spec.containers[0].resources.limits.cpu: must be a quantity such as 250m, 0.5, 128Mi or 1Gi, got string "1 core"',
        ],
      ],
    ],
    [
      'a missing required field, at the line of its parent',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - image: nginx:1.27\n',
      [
        [
          'schema-invalid',
          'error',
          6,
          'spec.containers[0].name',
          'spec.containers[0].name: required field "name" is missing',
        ],
      ],
    ],
    [
      'a value outside an enum',
      'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  type: Public\n  ports: [{ port: 80 }]\n',
      [
        [
          'schema-invalid',
          'error',
          5,
          'spec.type',
          'spec.type: must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort", got string "Public"',
        ],
      ],
    ],
    [
      'an unknown kind as info',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n',
      [['schema-unknown', 'info', 1, '', 'no schema for example.com/v1/Widget']],
    ],
    [
      'a typo in a built-in kind as info',
      'apiVersion: apps/v1\nkind: Deployement\nmetadata: { name: w }\n',
      [['schema-unknown', 'info', 1, '', 'no schema for apps/v1/Deployement']],
    ],
    [
      'an API version no longer served',
      'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: i }\n',
      [
        [
          'api-removed',
          'error',
          1,
          'apiVersion',
          'extensions/v1beta1 Ingress is not served since Kubernetes 1.22 (checking for 1.34)',
        ],
      ],
    ],
    [
      'an invalid object name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: My_Config\n',
      [
        [
          'invalid-name',
          'error',
          4,
          'metadata.name',
          'name "My_Config" is not a DNS-1123 subdomain (lower case letters, digits, "-" and ".", starting and ending with a letter or digit)',
        ],
      ],
    ],
    [
      'a Service name starting with a digit',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports: [{ port: 80 }]\n',
      [
        [
          'invalid-name',
          'error',
          4,
          'metadata.name',
          'name "1web" is not an RFC 1035 label (lower case letters, digits and "-", starting with a letter and ending with a letter or digit)',
        ],
      ],
    ],
    [
      'a missing name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: { a: b }\n',
      [['invalid-name', 'error', 3, 'metadata', 'metadata.name is missing']],
    ],
    [
      'an invalid label value in a pod template',
      deployment('').replace('labels: { app: web }', 'labels: { app: "my web" }'),
      [
        [
          'invalid-label',
          'error',
          10,
          'spec.template.metadata.labels.app',
          'label value "my web" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
        ],
      ],
    ],
  ])('should report %s', (_name, yaml, expected) => {
    expect(check(yaml)).toEqual(expected);
  });

  it('should validate against the chosen Kubernetes version', () => {
    // resource.k8s.io/v1 became GA in 1.34: unknown to the 1.33 schemas.
    const yaml =
      'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: { name: gpu }\nspec: {}\n';
    expect(check(yaml, '1.34')).toEqual([]);
    expect(check(yaml, '1.33')).toEqual([
      ['schema-unknown', 'info', 1, '', 'no schema for resource.k8s.io/v1/DeviceClass'],
    ]);
  });
});
