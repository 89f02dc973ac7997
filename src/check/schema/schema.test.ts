import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../manifest/load.js';
import type { CheckOptions } from '../finding.js';
import { checkSchema } from './schema.js';
import { CATALOG_VERSIONS } from './kube-catalog.js';

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

describe('checkSchema kind-unknown', () => {
  function hints(yaml: string) {
    const objects = loadManifestText(yaml, 'f.yaml');
    return checkSchema({ objects, options: { ...options, kubeVersion: '1.36' } }).map((f) => [
      f.rule,
      f.severity,
      f.field ?? '',
      f.hint,
    ]);
  }

  it.each([
    [
      'a typo: the closest kind',
      'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: { name: w }\n',
      [['kind-unknown', 'error', 'kind', 'Did you mean "Deployment"?']],
    ],
    [
      'a kind of another group: the apiVersion that serves it',
      'apiVersion: v1\nkind: Deployment\nmetadata: { name: w }\n',
      [
        [
          'kind-unknown',
          'error',
          'apiVersion',
          'Deployment is served as apps/v1: set apiVersion to that.',
        ],
      ],
    ],
    [
      'a version of the group that lacks the kind',
      'apiVersion: apps/v2\nkind: Deployment\nmetadata: { name: w }\n',
      [
        [
          'kind-unknown',
          'error',
          'apiVersion',
          'Deployment is served as apps/v1: set apiVersion to that.',
        ],
      ],
    ],
    [
      'no close kind: the kinds of the apiVersion',
      'apiVersion: scheduling.k8s.io/v1\nkind: Widget\nmetadata: { name: w }\n',
      [['kind-unknown', 'error', 'kind', 'scheduling.k8s.io/v1 serves: PriorityClass.']],
    ],
    [
      'a typo in an Istio kind: a warning naming the CRD release',
      'apiVersion: networking.istio.io/v1\nkind: VirtualSevice\nmetadata: { name: w }\n',
      [
        [
          'kind-unknown',
          'warning',
          'kind',
          'Did you mean "VirtualService"? (kprod knows the kinds of istio.io/api@v1.31.4.)',
        ],
      ],
    ],
  ])('should name %s', (_name, yaml, expected) => {
    expect(hints(yaml)).toEqual(expected);
  });
});

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
      'a typo in a built-in kind as an error',
      'apiVersion: apps/v1\nkind: Deployement\nmetadata: { name: w }\n',
      [
        [
          'kind-unknown',
          'error',
          2,
          'kind',
          'no matches for kind "Deployement" in version "apps/v1"',
        ],
      ],
    ],
    [
      'a custom resource named like a built-in kind as info',
      'apiVersion: example.com/v1\nkind: Deployment\nmetadata: { name: w }\n',
      [['schema-unknown', 'info', 1, '', 'no schema for example.com/v1/Deployment']],
    ],
    [
      'a kind served again under a removed API version',
      'apiVersion: admissionregistration.k8s.io/v1beta1\nkind: MutatingAdmissionPolicyBinding\nmetadata: { name: b }\nspec: { policyName: p }\n',
      [],
    ],
    [
      'a kind of that removed API version that never came back',
      'apiVersion: admissionregistration.k8s.io/v1beta1\nkind: MutatingWebhookConfiguration\nmetadata: { name: m }\n',
      [
        [
          'api-removed',
          'error',
          1,
          'apiVersion',
          'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration is not served since Kubernetes 1.22 (checking for 1.34)',
        ],
      ],
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
      'an invalid object name (a kind the api-validation family does not validate)',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: My_Config\n',
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
      'a missing name',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels: { a: b }\n',
      [['invalid-name', 'error', 3, 'metadata', 'metadata.name is missing']],
    ],
    [
      'an invalid label value in a pod template',
      [
        'apiVersion: v1',
        'kind: ReplicationController',
        'metadata:',
        '  name: web',
        'spec:',
        '  selector: { app: web }',
        '  template:',
        '    metadata:',
        '      labels: { app: "my web" }',
        '    spec:',
        '      containers: [{ name: web, image: web:1 }]',
      ].join('\n'),
      [
        [
          'invalid-label',
          'error',
          9,
          'spec.template.metadata.labels.app',
          'label value "my web" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
        ],
      ],
    ],
  ])('should report %s', (_name, yaml, expected) => {
    expect(check(yaml)).toEqual(expected);
  });

  it('should validate against the chosen Kubernetes version', () => {
    // resource.k8s.io/v1 became GA in 1.34: not served by 1.33.
    const yaml =
      'apiVersion: resource.k8s.io/v1\nkind: DeviceClass\nmetadata: { name: gpu }\nspec: {}\n';
    expect(check(yaml, '1.34')).toEqual([]);
    expect(check(yaml, '1.33')).toEqual([
      [
        'api-not-served',
        'error',
        1,
        'apiVersion',
        'resource.k8s.io/v1 DeviceClass is not served by Kubernetes 1.33 (served by 1.34, 1.35, 1.36, 1.37)',
      ],
    ]);
  });
});

const crd = (schema: string) =>
  [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: { name: widgets.example.com }',
    'spec:',
    '  group: example.com',
    '  names: { kind: Widget, plural: widgets }',
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema:',
    '        openAPIV3Schema:',
    '          type: object',
    schema,
  ].join('\n');

// Every shape of field: nested objects, lists of objects and of strings, maps of strings,
// int-or-string, quantities as numbers and strings, booleans, nulls, status, free-form values.
const EVERY_KIND_OF_FIELD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  creationTimestamp: null',
  '  labels: { app: web }',
  '  annotations: { "example.com/any-key": "x" }',
  'spec:',
  '  replicas: 2',
  '  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 } }',
  '  selector:',
  '    matchExpressions: [{ key: app, operator: In, values: [web] }]',
  '  template:',
  '    metadata: { labels: { app: web } }',
  '    spec:',
  '      automountServiceAccountToken: false',
  '      nodeSelector: { kubernetes.io/os: linux }',
  '      containers:',
  '        - name: web',
  '          image: nginx:1.27',
  '          args: [--port, "8080"]',
  '          ports: [{ name: http, containerPort: 8080 }]',
  '          env:',
  '            - name: POD',
  '              valueFrom: { fieldRef: { fieldPath: metadata.name } }',
  '          resources:',
  '            requests: { cpu: 0.5, memory: 128Mi }',
  '            limits: { cpu: "1" }',
  '          readinessProbe: { httpGet: { path: /ready, port: http }, periodSeconds: 5 }',
  '          securityContext: { capabilities: { drop: [ALL] }, runAsNonRoot: true }',
  '      volumes:',
  '        - name: cache',
  '          emptyDir: { sizeLimit: 1Gi }',
  '        - name: config',
  '          configMap: { name: web, items: [{ key: a, path: a }] }',
  'status:',
  '  replicas: 2',
  '  conditions:',
  '    - { type: Available, status: "True", lastTransitionTime: "2025-01-01T00:00:00Z" }',
  '',
].join('\n');

function checkWithHints(yaml: string, kubeVersion: string) {
  const objects = loadManifestText(yaml, 'f.yaml');
  return checkSchema({ objects, options: { ...options, kubeVersion } }).map((f) => [
    f.rule,
    f.line,
    f.message,
    f.hint,
  ]);
}

describe('checkSchema unknown fields', () => {
  it.each(CATALOG_VERSIONS.map((version) => [version]))(
    'should find nothing in a valid object with every kind of field at %s',
    (version) => {
      expect(check(EVERY_KIND_OF_FIELD, version)).toEqual([]);
    },
  );

  it('should not walk free-form values, map keys or annotations', () => {
    const yaml = crd(
      [
        '          x-kubernetes-preserve-unknown-fields: true',
        '          default: { anything: { goes: [here] } }',
        '          example: { replica: 2 }',
        '          properties:',
        '            size: { type: integer, default: 1 }',
      ].join('\n'),
    );
    expect(check(yaml, '1.33')).toEqual([]);
    expect(check(yaml, '1.36')).toEqual([]);
  });

  it.each([
    [
      'a misspelt top-level field',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndat:\n  a: b\n',
      '1.36',
      [['schema-unknown-field', 'error', 4, 'dat', 'unknown field "dat"']],
    ],
    [
      'a misspelt field of the spec',
      deployment('').replace('spec:\n  selector', 'spec:\n  replica: 2\n  selector'),
      '1.36',
      [['schema-unknown-field', 'error', 6, 'spec.replica', 'unknown field "spec.replica"']],
    ],
    [
      'a field nested in containers',
      deployment('          imagePullPolice: Always\n          resource: {}'),
      '1.33',
      [
        [
          'schema-unknown-field',
          'error',
          15,
          'spec.template.spec.containers[0].imagePullPolice',
          'unknown field "spec.template.spec.containers[0].imagePullPolice"',
        ],
        [
          'schema-unknown-field',
          'error',
          16,
          'spec.template.spec.containers[0].resource',
          'unknown field "spec.template.spec.containers[0].resource"',
        ],
      ],
    ],
    [
      'a field of a list item',
      'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  ports:\n    - port: 80\n    - port: 81\n      protocl: TCP\n',
      '1.30',
      [
        [
          'schema-unknown-field',
          'error',
          8,
          'spec.ports[1].protocl',
          'unknown field "spec.ports[1].protocl"',
        ],
      ],
    ],
    [
      'a field of a map value',
      crd('          properties:\n            size: { type: integer, minimun: 1 }'),
      '1.34',
      [
        [
          'schema-unknown-field',
          'error',
          16,
          'spec.versions[0].schema.openAPIV3Schema.properties.size.minimun',
          'unknown field "spec.versions[0].schema.openAPIV3Schema.properties.size.minimun"',
        ],
      ],
    ],
    [
      'a field of metadata and one of status',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  label: { a: b }\nspec:\n  containers: [{ name: c, image: i }]\nstatus:\n  phaze: Running\n',
      '1.36',
      [
        ['schema-unknown-field', 'error', 5, 'metadata.label', 'unknown field "metadata.label"'],
        ['schema-unknown-field', 'error', 9, 'status.phaze', 'unknown field "status.phaze"'],
      ],
    ],
    [
      'a field new in 1.37 at 1.36',
      deployment('          volumeMounts: [{ name: d, mountPath: /d, bindMountOptions: [ro] }]'),
      '1.36',
      [
        [
          'schema-unknown-field',
          'error',
          15,
          'spec.template.spec.containers[0].volumeMounts[0].bindMountOptions',
          'unknown field "spec.template.spec.containers[0].volumeMounts[0].bindMountOptions"',
        ],
      ],
    ],
    [
      'a field new in 1.37 at 1.37',
      deployment('          volumeMounts: [{ name: d, mountPath: /d, bindMountOptions: [ro] }]'),
      '1.37',
      [],
    ],
    [
      'a field new in 1.34 at 1.33',
      deployment('').replace('    spec:\n', '    spec:\n      hostnameOverride: web\n'),
      '1.33',
      [
        [
          'schema-unknown-field',
          'error',
          12,
          'spec.template.spec.hostnameOverride',
          'unknown field "spec.template.spec.hostnameOverride"',
        ],
      ],
    ],
    [
      'a field new in 1.34 at 1.34',
      deployment('').replace('    spec:\n', '    spec:\n      hostnameOverride: web\n'),
      '1.34',
      [],
    ],
    [
      // The catalog of 1.33 knows stopSignal and its values; at 1.32 it is only unknown.
      'a field new in 1.33 with a bad value at 1.32',
      deployment('          lifecycle: { stopSignal: 15 }'),
      '1.32',
      [
        [
          'schema-unknown-field',
          'error',
          15,
          'spec.template.spec.containers[0].lifecycle.stopSignal',
          'unknown field "spec.template.spec.containers[0].lifecycle.stopSignal"',
        ],
      ],
    ],
  ])('should report %s', (_name, yaml, version, expected) => {
    expect(check(yaml, version)).toEqual(expected);
  });

  it.each([
    [
      'spec.replica',
      deployment('').replace('  selector', '  replica: 2\n  selector'),
      'Did you mean "replicas"? kubectl explain deployment.spec lists the fields there.',
    ],
    [
      'imagePullPolice',
      deployment('          imagePullPolice: Always'),
      'Did you mean "imagePullPolicy"? kubectl explain deployment.spec.template.spec.containers lists the fields there.',
    ],
    [
      'minimun',
      crd('          properties:\n            size: { type: integer, minimun: 1 }'),
      'Did you mean "minimum"? kubectl explain customresourcedefinition.spec.versions.schema.openAPIV3Schema.properties lists the fields there.',
    ],
    [
      'sidecars',
      deployment('').replace('      containers:', '      sidecars: []\n      containers:'),
      'Remove the field or correct its name; kubectl explain deployment.spec.template.spec lists the fields there.',
    ],
  ])('should hint at the closest known field for %s', (_name, yaml, hint) => {
    expect(checkWithHints(yaml, '1.36').map((finding) => finding[3])).toEqual([hint]);
  });

  it('should point kubectl explain at the map, not at a key with dots', () => {
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData:\n  tls.key: 5\n';
    expect(checkWithHints(secret, '1.36')).toEqual([
      [
        'schema-invalid',
        5,
        'stringData[tls.key]: must be string, got number 5',
        'Correct the field to match the Secret schema (kubectl explain secret.stringData).',
      ],
    ]);
  });
});

describe('checkSchema served kinds and versions, each from its own catalog', () => {
  it.each([
    [
      'a kind not yet served',
      'apiVersion: resource.k8s.io/v1beta1\nkind: ResourceClaim\nmetadata: { name: c }\n',
      '1.30',
      [
        'api-not-served',
        1,
        'resource.k8s.io/v1beta1 ResourceClaim is not served by Kubernetes 1.30 (served by 1.32, 1.33, 1.34, 1.35, 1.36, 1.37)',
        "Use resource.k8s.io/v1alpha2, which Kubernetes 1.30 serves, or set --kube-version to the cluster's version.",
      ],
    ],
    [
      'an alpha kind no longer served',
      'apiVersion: resource.k8s.io/v1alpha2\nkind: ResourceClass\nmetadata: { name: c }\ndriverName: d\n',
      '1.32',
      [
        'api-not-served',
        1,
        'resource.k8s.io/v1alpha2 ResourceClass is not served by Kubernetes 1.32 (served by 1.29, 1.30)',
        "Set --kube-version to the cluster's version, or use an API that Kubernetes 1.32 serves.",
      ],
    ],
  ])('should report %s', (_name, yaml, version, expected) => {
    expect(checkWithHints(yaml, version)).toEqual([expected]);
  });

  it.each([
    [
      'a beta kind with a string for an integer',
      'apiVersion: resource.k8s.io/v1beta2\nkind: ResourceClaim\nmetadata: { name: c }\nspec:\n  devices:\n    requests:\n      - name: gpu\n        exactly: { deviceClassName: gpu, count: "2" }\n',
      '1.33',
      [
        [
          'schema-invalid',
          'error',
          8,
          'spec.devices.requests[0].exactly.count',
          'spec.devices.requests[0].exactly.count: must be integer, got string "2"',
        ],
      ],
    ],
    [
      'a beta kind with a mapping for a list and a missing required field',
      'apiVersion: resource.k8s.io/v1beta2\nkind: ResourceClaim\nmetadata: { name: c }\nspec:\n  devices:\n    requests:\n      - exactly: { deviceClassName: gpu, selectors: { cel: {} } }\n',
      '1.36',
      [
        [
          'schema-invalid',
          'error',
          7,
          'spec.devices.requests[0].exactly.selectors',
          'spec.devices.requests[0].exactly.selectors: must be array, got a mapping',
        ],
        [
          'schema-invalid',
          'error',
          7,
          'spec.devices.requests[0].name',
          'spec.devices.requests[0].name: required field "name" is missing',
        ],
      ],
    ],
    [
      'a missing required field at 1.32',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - image: nginx:1.27\n',
      '1.32',
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
      'a type check at 1.30',
      deployment('          ports: [{ containerPort: "80" }]'),
      '1.30',
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
      'a value outside an enum at 1.37',
      'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  type: Public\n  ports: [{ port: 80 }]\n',
      '1.37',
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
      'a missing required field at 1.37, from its own catalog',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - image: nginx:1.27\n',
      '1.37',
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
  ])('should report %s', (_name, yaml, version, expected) => {
    expect(check(yaml, version)).toEqual(expected);
  });
});
