import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputFromYaml } from '../../../test/support/check-objects.js';
import { checkReferences } from './references.js';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      containers:
        - name: app
          image: web
          ports: [{ name: http, containerPort: 3000 }]
          resources: { requests: { cpu: 100m } }
---
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
`;

const cases: readonly {
  name: string;
  rule: string;
  yaml: string;
  expected: readonly { kind: string; line: number; message: string }[];
}[] = [
  { name: 'a consistent Deployment and Service', rule: '*', yaml: WEB + SERVICE, expected: [] },
  {
    name: 'a Service selector matching no pod template',
    rule: 'service-selector-unmatched',
    yaml: WEB + SERVICE.replace('selector: { app: web }', 'selector: { app: wbe }'),
    expected: [
      {
        kind: 'Service',
        line: 20,
        message: 'selector {"app":"wbe"} matches no pod template in namespace "shop"',
      },
    ],
  },
  {
    name: 'no pod templates in the namespace: the workload may live elsewhere',
    rule: 'service-selector-unmatched',
    yaml: SERVICE,
    expected: [],
  },
  {
    name: 'a named targetPort the pods do not declare',
    rule: 'service-target-port-unknown',
    yaml: WEB + SERVICE.replace('targetPort: http', 'targetPort: web'),
    expected: [
      {
        kind: 'Service',
        line: 21,
        message: 'targetPort "web" is not a named container port of Deployment "web"',
      },
    ],
  },
  {
    name: 'an Ingress to a missing Service and to a missing port',
    rule: 'backend-*',
    yaml: `${WEB}${SERVICE}apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
    - http:
        paths:
          - path: /a
            pathType: Prefix
            backend: { service: { name: wbe, port: { number: 80 } } }
          - path: /b
            pathType: Prefix
            backend: { service: { name: web, port: { number: 3000 } } }
          - path: /c
            pathType: Prefix
            backend: { service: { name: web, port: { name: http } } }
`,
    expected: [
      {
        kind: 'Ingress',
        line: 32,
        message: 'backend Service "wbe" does not exist in namespace "shop"',
      },
      { kind: 'Ingress', line: 35, message: 'Service "web" has no port 3000' },
    ],
  },
  {
    name: 'an HTTPRoute without a port and to a missing Service',
    rule: 'backend-*',
    yaml: `${SERVICE}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: gw }]
  rules:
    - backendRefs:
        - { name: web }
        - { name: api, port: 80 }
        - { name: web, port: 80 }
`,
    expected: [
      {
        kind: 'HTTPRoute',
        line: 15,
        message: 'backend Service "web" is referenced without a port',
      },
      {
        kind: 'HTTPRoute',
        line: 16,
        message: 'backend Service "api" does not exist in namespace "shop"',
      },
    ],
  },
  {
    name: 'ConfigMap and Secret references, their keys and optional ones',
    rule: '*-ref-missing',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: app
      image: web
      env:
        - { name: A, valueFrom: { configMapKeyRef: { name: settings, key: mode } } }
        - { name: B, valueFrom: { configMapKeyRef: { name: settings, key: level } } }
        - { name: C, valueFrom: { secretKeyRef: { name: db, key: password, optional: true } } }
        - { name: D, valueFrom: { secretKeyRef: { name: db } } }
      envFrom: [{ configMapRef: { name: other } }]
  volumes:
    - { name: v, configMap: { name: settings, items: [{ key: mode, path: m }] } }
    - { name: s, secret: { secretName: tls } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { mode: fast }
`,
    expected: [
      {
        kind: 'Pod',
        line: 13,
        message:
          'ConfigMap "other" is not in the input, which has other ConfigMaps in namespace "shop": a warning, as it may be created at run time',
      },
      { kind: 'Pod', line: 10, message: 'ConfigMap "settings" has no key "level" (it has mode)' },
    ],
  },
  {
    name: 'a Secret is reported missing once the input manages Secrets of the namespace',
    rule: 'secret-ref-missing',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  imagePullSecrets: [{ name: pull }]
  containers: [{ name: app, image: web, envFrom: [{ secretRef: { name: db } }] }]
---
apiVersion: v1
kind: Secret
metadata: { name: pull, namespace: shop }
type: kubernetes.io/dockerconfigjson
data: { .dockerconfigjson: e30= }
`,
    expected: [
      {
        kind: 'Pod',
        line: 6,
        message:
          'Secret "db" is not in the input, which has other Secrets in namespace "shop": a warning, as it may be created at run time',
      },
    ],
  },
  {
    name: 'a PDB selecting nothing and a NetworkPolicy selecting nothing',
    rule: 'selector-matches-nothing',
    yaml: `${WEB}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: shop }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { app: wbe } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: shop }
spec:
  podSelector: { matchExpressions: [{ key: app, operator: In, values: [db] }] }
`,
    expected: [
      {
        kind: 'PodDisruptionBudget',
        line: 21,
        message: 'PodDisruptionBudget selector matches no pod template in namespace "shop"',
      },
      {
        kind: 'NetworkPolicy',
        line: 27,
        message: 'NetworkPolicy podSelector matches no pod template in namespace "shop"',
      },
    ],
  },
  {
    name: 'an HPA whose target is missing',
    rule: 'selector-matches-nothing',
    yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: api, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }
  maxReplicas: 3
`,
    expected: [
      {
        kind: 'HorizontalPodAutoscaler',
        line: 20,
        message: 'scaleTargetRef Deployment "api" does not exist in namespace "shop"',
      },
    ],
  },
  {
    name: 'an HPA on CPU utilization over a container without a CPU request',
    rule: 'hpa-cpu-without-requests',
    yaml: `${WEB.replace('          resources: { requests: { cpu: 100m } }\n', '')}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 3
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]
`,
    expected: [
      {
        kind: 'HorizontalPodAutoscaler',
        line: 18,
        message:
          'scales Deployment "web" on CPU utilization, but container(s) "app" set no CPU request: the HPA reports "missing request for cpu" and never scales',
      },
    ],
  },
  {
    name: 'an HPA on an AverageValue target does not need requests',
    rule: 'hpa-cpu-without-requests',
    yaml: `${WEB.replace('          resources: { requests: { cpu: 100m } }\n', '')}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 3
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: AverageValue, averageValue: 200m } } }]
`,
    expected: [],
  },
  {
    name: 'PDBs that block every eviction',
    rule: 'pdb-blocks-eviction',
    yaml: `${WEB}apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: a, namespace: shop }
spec:
  minAvailable: 2
  selector: { matchLabels: { app: web } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: b, namespace: shop }
spec:
  maxUnavailable: 0
  selector: { matchLabels: { app: web } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: c, namespace: shop }
spec:
  minAvailable: 1
  selector: { matchLabels: { app: web } }
`,
    expected: [
      {
        kind: 'PodDisruptionBudget',
        line: 20,
        message:
          'minAvailable 2 is not below the 2 replica(s) it selects: no pod may ever be evicted, so node drains hang',
      },
      {
        kind: 'PodDisruptionBudget',
        line: 27,
        message: 'maxUnavailable is 0: no pod may ever be evicted, so node drains hang',
      },
    ],
  },
  {
    name: 'pods no NetworkPolicy selects in a namespace that has policies',
    rule: 'networkpolicy-uncovered',
    yaml: `${WEB}apiVersion: v1
kind: Pod
metadata: { name: db, namespace: shop, labels: { app: db } }
spec: { containers: [{ name: db, image: db }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
`,
    expected: [
      {
        kind: 'Deployment',
        line: 8,
        message:
          'no NetworkPolicy of namespace "shop" selects these pods, so they accept traffic from anywhere',
      },
    ],
  },
  {
    name: 'a default-deny policy covers every pod',
    rule: 'networkpolicy-uncovered',
    yaml: `${WEB}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: shop }
spec: { podSelector: {}, policyTypes: [Ingress] }
`,
    expected: [],
  },
];

/** What each family finds in test/fixtures/check/odd-shapes.yaml. */
const ODD_EXPECTED: readonly string[] = ['selector-matches-nothing:40'];

describe('checkReferences', () => {
  it.each(cases)('should report $rule: $name', ({ rule, yaml, expected }) => {
    const pattern = new RegExp(`^${rule.replaceAll('*', '.*')}$`);
    const findings = checkReferences(inputFromYaml(yaml)).filter((f) => pattern.test(f.rule));
    expect(
      findings.map((f) => ({ kind: f.resource.kind, line: f.line, message: f.message })),
    ).toEqual(expected);
  });
});

describe('checkReferences severities', () => {
  it('should warn about an absent Secret or ConfigMap and err on a missing key of a present one', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: app
      image: web
      env:
        - { name: A, valueFrom: { secretKeyRef: { name: tls, key: ca.crt } } }
        - { name: B, valueFrom: { secretKeyRef: { name: db, key: password } } }
        - { name: C, valueFrom: { configMapKeyRef: { name: settings, key: level } } }
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
stringData: { user: app }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: other, namespace: shop }
`;
    expect(
      checkReferences(inputFromYaml(yaml)).map((f) => ({
        rule: f.rule,
        severity: f.severity,
        line: f.line,
        hint: f.hint,
      })),
    ).toEqual([
      {
        rule: 'secret-ref-missing',
        severity: 'warning',
        line: 9,
        hint: 'A controller, an operator or a Job may create it once applied (cert-manager, a database operator, a workload of the input): check that something does, or the pods stay in CreateContainerConfigError. Otherwise fix the name, add the Secret to the manifests, or mark the reference optional: true.',
      },
      {
        rule: 'secret-ref-missing',
        severity: 'error',
        line: 10,
        hint: 'Fix the key, add it to the object, or mark the reference optional: true.',
      },
      {
        rule: 'configmap-ref-missing',
        severity: 'warning',
        line: 11,
        hint: 'A controller, an operator or a Job may create it once applied (cert-manager, a database operator, a workload of the input): check that something does, or the pods stay in CreateContainerConfigError. Otherwise fix the name, add the ConfigMap to the manifests, or mark the reference optional: true.',
      },
    ]);
  });
});

describe('checkReferences on odd shapes', () => {
  it('should read scalars where objects belong as absent, never throw', () => {
    const text = readFileSync(
      new URL('../../../test/fixtures/check/odd-shapes.yaml', import.meta.url),
      'utf8',
    );
    expect(checkReferences(inputFromYaml(text)).map((f) => `${f.rule}:${f.line}`)).toEqual(
      ODD_EXPECTED,
    );
  });
});
