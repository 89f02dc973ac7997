import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputFromYaml } from '../../../test/support/check-objects.js';
import type { CheckOptions } from '../finding.js';
import { checkPractices } from './practices.js';
import { preStopWaitSeconds } from './container-checks.js';

/** A Deployment in namespace shop whose single container is `container` (YAML, 8 spaces in). */
function deployment(container: string, podExtra = '', specExtra = '', metaExtra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop${metaExtra}
spec:${specExtra}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:${podExtra}
      containers:
        - name: app
${container}`;
}

const GOOD_CONTAINER = `          image: registry.example/web:1.2@sha256:0123
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { cpu: 100m, memory: 64Mi }
          readinessProbe: { httpGet: { path: /ready, port: 3000 } }
          livenessProbe: { tcpSocket: { port: 3000 } }
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
`;
const GOOD_POD = '\n      automountServiceAccountToken: false';
const good = (container = GOOD_CONTAINER, podExtra = GOOD_POD, specExtra = '', meta = ''): string =>
  deployment(container, podExtra, specExtra, meta);

const cases: readonly {
  name: string;
  rule: string;
  yaml: string;
  options?: Partial<CheckOptions>;
  expected: readonly { severity: string; line: number; message: string }[];
}[] = [
  { name: 'a hardened Deployment has no finding at all', rule: '*', yaml: good(), expected: [] },
  {
    name: 'an image without a tag',
    rule: 'image-tag-latest',
    yaml: good(
      GOOD_CONTAINER.replace('registry.example/web:1.2@sha256:0123', 'registry.example:5000/web'),
    ),
    expected: [
      {
        severity: 'warning',
        line: 14,
        message:
          'container "app" uses image "registry.example:5000/web" without a tag (that is :latest)',
      },
    ],
  },
  {
    name: 'an image with the latest tag',
    rule: 'image-tag-latest',
    yaml: good(GOOD_CONTAINER.replace('web:1.2@sha256:0123', 'web:latest')),
    expected: [
      {
        severity: 'warning',
        line: 14,
        message: 'container "app" uses image "registry.example/web:latest" with the latest tag',
      },
    ],
  },
  {
    name: 'a tag without digest is a warning by default',
    rule: 'image-not-pinned',
    yaml: good(GOOD_CONTAINER.replace('@sha256:0123', '')),
    expected: [
      {
        severity: 'warning',
        line: 14,
        message: 'container "app" uses image "registry.example/web:1.2", not pinned by digest',
      },
    ],
  },
  {
    name: 'a tag without digest is an error under profile prod',
    rule: 'image-not-pinned',
    yaml: good(GOOD_CONTAINER.replace('@sha256:0123', '')),
    options: { profile: 'prod' },
    expected: [
      {
        severity: 'error',
        line: 14,
        message: 'container "app" uses image "registry.example/web:1.2", not pinned by digest',
      },
    ],
  },
  {
    name: 'missing limits and a missing request',
    rule: 'resources-missing',
    yaml: good(
      GOOD_CONTAINER.replace('            limits: { cpu: 100m, memory: 64Mi }\n', '').replace(
        'cpu: 100m, ',
        '',
      ),
    ),
    expected: [
      {
        severity: 'warning',
        line: 15,
        message: 'container "app" sets no requests.cpu, limits.cpu, limits.memory',
      },
    ],
  },
  {
    name: 'BestEffort when no container sets resources',
    rule: 'qos-besteffort',
    yaml: good(GOOD_CONTAINER.replace(/ {10}resources:\n.*\n.*\n/, '')),
    expected: [
      {
        severity: 'warning',
        line: 10,
        message:
          'QoS class BestEffort: no container sets a CPU or memory request or limit, so these pods are evicted first under node pressure',
      },
    ],
  },
  {
    name: 'Burstable when a limit exceeds its request',
    rule: 'qos-burstable',
    yaml: good(
      GOOD_CONTAINER.replace(
        'limits: { cpu: 100m, memory: 64Mi }',
        'limits: { cpu: 100m, memory: 128Mi }',
      ),
    ),
    expected: [
      {
        severity: 'info',
        line: 10,
        message:
          'QoS class Burstable: requests and limits differ or are incomplete, so these pods are evicted before Guaranteed ones under node pressure',
      },
    ],
  },
  {
    name: 'no probes at all',
    rule: 'probes-missing',
    yaml: good(GOOD_CONTAINER.replace(/ {10}readinessProbe.*\n {10}livenessProbe.*\n/, '')),
    expected: [
      {
        severity: 'warning',
        line: 13,
        message: 'container "app" has no readinessProbe and no livenessProbe',
      },
    ],
  },
  {
    name: 'Jobs are not asked for probes',
    rule: 'probes-missing',
    yaml: `apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: job, image: job:1@sha256:1 }]
`,
    expected: [],
  },
  {
    name: 'identical readiness and liveness probes',
    rule: 'probes-identical',
    yaml: good(
      GOOD_CONTAINER.replace(
        'livenessProbe: { tcpSocket: { port: 3000 } }',
        'livenessProbe: { httpGet: { path: /ready, port: 3000 } }',
      ),
    ),
    expected: [
      {
        severity: 'warning',
        line: 19,
        message: 'container "app" uses the same check for readinessProbe and livenessProbe',
      },
    ],
  },
  {
    name: 'no preStop hook',
    rule: 'prestop-missing',
    yaml: good(GOOD_CONTAINER.replace(/ {10}lifecycle.*\n/, '')),
    expected: [
      { severity: 'info', line: 13, message: 'container "app" has no lifecycle.preStop hook' },
    ],
  },
  {
    name: 'an exec sleep as long as the default grace period',
    rule: 'grace-period-short',
    yaml: good(
      GOOD_CONTAINER.replace(
        '{ sleep: { seconds: 5 } }',
        '{ exec: { command: [/bin/sh, -c, "sleep 30 && kill 1"] } }',
      ),
    ),
    expected: [
      {
        severity: 'warning',
        line: 20,
        message:
          'container "app" waits 30s in preStop but terminationGracePeriodSeconds is 30 (the default): the container is killed before it can shut down cleanly',
      },
    ],
  },
  {
    name: 'a sleep action longer than an explicit grace period',
    rule: 'grace-period-short',
    yaml: good(
      GOOD_CONTAINER.replace('seconds: 5', 'seconds: 20'),
      `${GOOD_POD}\n      terminationGracePeriodSeconds: 10`,
    ),
    expected: [
      {
        severity: 'warning',
        line: 21,
        message:
          'container "app" waits 20s in preStop but terminationGracePeriodSeconds is 10: the container is killed before it can shut down cleanly',
      },
    ],
  },
  {
    name: 'a sleep shorter than the grace period is fine',
    rule: 'grace-period-short',
    yaml: good(
      GOOD_CONTAINER.replace('seconds: 5', 'seconds: 20'),
      `${GOOD_POD}\n      terminationGracePeriodSeconds: 45`,
    ),
    expected: [],
  },
  {
    name: 'one replica, RollingUpdate, and a ReadWriteOnce claim',
    rule: 'rolling-update-single-instance',
    yaml: `${good(GOOD_CONTAINER, `${GOOD_POD}\n      volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }]`, '\n  replicas: 1')}---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`,
    expected: [
      {
        severity: 'warning',
        line: 6,
        message:
          'one replica with the RollingUpdate strategy, but the workload cannot run two copies: it mounts PersistentVolumeClaim "data" (ReadWriteOnce)',
      },
    ],
  },
  {
    name: 'the single-instance annotation with default replicas',
    rule: 'rolling-update-single-instance',
    yaml: good(
      GOOD_CONTAINER,
      GOOD_POD,
      '',
      '\n  annotations: { kprod.dev/single-instance: "true" }',
    ),
    expected: [
      {
        severity: 'warning',
        line: 7,
        message:
          'one replica with the RollingUpdate strategy, but the workload cannot run two copies: it is annotated kprod.dev/single-instance: "true"',
      },
    ],
  },
  {
    name: 'Recreate is fine for a single instance',
    rule: 'rolling-update-single-instance',
    yaml: good(
      GOOD_CONTAINER,
      GOOD_POD,
      '\n  strategy: { type: Recreate }',
      '\n  annotations: { kprod.dev/single-instance: "true" }',
    ),
    expected: [],
  },
  {
    name: 'objects without a namespace and in default, not cluster-scoped ones',
    rule: 'namespace-default',
    yaml: `apiVersion: v1
kind: ConfigMap
metadata: { name: a }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
  namespace: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: c }
`,
    expected: [
      {
        severity: 'warning',
        line: 3,
        message: 'ConfigMap "a" has no namespace and lands in "default"',
      },
      { severity: 'warning', line: 9, message: 'ConfigMap "b" is in the "default" namespace' },
    ],
  },
  {
    name: 'a default namespace given as option is honoured',
    rule: 'namespace-default',
    yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n',
    options: { defaultNamespace: 'shop' },
    expected: [],
  },
  {
    name: 'the service account token is mounted',
    rule: 'automount-token',
    yaml: good(GOOD_CONTAINER, ''),
    expected: [
      {
        severity: 'warning',
        line: 10,
        message: 'pods mount the token of service account "default"',
      },
    ],
  },
  {
    name: 'a ServiceAccount in the input that opts out is honoured',
    rule: 'automount-token',
    yaml: `${good(GOOD_CONTAINER, '\n      serviceAccountName: web')}---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
automountServiceAccountToken: false
`,
    expected: [],
  },
  {
    name: 'a password as a literal env value, not a secretKeyRef or an empty value',
    rule: 'env-secret-literal',
    yaml: good(`${GOOD_CONTAINER}          env:
            - { name: DB_PASS, value: pass123 }
            - { name: API_TOKEN, valueFrom: { secretKeyRef: { name: s, key: t } } }
            - { name: SECRET_FILE, value: "" }
            - { name: VERSION, value: v1 }
            - { name: DB_PASS_FILE, value: /secrets/db/password }
            - { name: TLS_SECRET_NAME, value: web-tls }
            - { name: KEYCLOAK_URL, value: "https://auth.example.com" }
            - { name: TOKEN_TTL_SECONDS, value: "3600" }
            - { name: PASSWORD_MIN_LENGTH, value: "12" }
            - { name: CACHE_KEY_PREFIX, value: "web:" }
            - { name: TURNKEY_ENABLED, value: "true" }
            - { name: DATABASE_URL, value: "postgres://app:hunter2@db:5432/app" }
`),
    expected: [
      { severity: 'error', line: 22, message: 'container "app" sets DB_PASS to a literal value' },
      {
        severity: 'error',
        line: 33,
        message:
          'container "app" sets DATABASE_URL to a literal value that looks like a credential (a URL with a password)',
      },
    ],
  },
  {
    name: 'a Secret with data',
    rule: 'secret-data-committed',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata: { name: db, namespace: shop }\ndata:\n  db_pass: cGFzczEyMwo=\n',
    expected: [
      {
        severity: 'warning',
        line: 4,
        message: 'Secret "db" carries data (db_pass) in the manifests',
      },
    ],
  },
];

/** What each family finds in test/fixtures/check/odd-shapes.yaml. */
const ODD_EXPECTED: readonly string[] = [
  'resources-missing:18',
  'qos-besteffort:9',
  'probes-missing:14',
  'automount-token:9',
];

describe('checkPractices', () => {
  it.each(cases)('should report $rule: $name', ({ rule, yaml, options, expected }) => {
    const findings = checkPractices(inputFromYaml(yaml, options)).filter(
      (f) => rule === '*' || f.rule === rule,
    );
    expect(
      findings.map((f) => ({ severity: f.severity, line: f.line, message: f.message })),
    ).toEqual(expected);
  });
});

describe('preStopWaitSeconds', () => {
  it.each([
    [{ sleep: { seconds: 7 } }, 7],
    [{ exec: { command: ['sleep', '5'] } }, 5],
    [{ exec: { command: ['/bin/sh', '-c', 'sleep 3; nginx -s quit'] } }, 3],
    [{ exec: { command: ['/usr/bin/sleep', '4s'] } }, 4],
    [{ exec: { command: ['nginx', '-s', 'quit'] } }, undefined],
    [{ httpGet: { path: '/drain', port: 80 } }, undefined],
  ] as const)('should read %j', (preStop, expected) => {
    expect(preStopWaitSeconds(preStop)).toBe(expected);
  });
});

describe('checkPractices on odd shapes', () => {
  it('should read scalars where objects belong as absent, never throw', () => {
    const text = readFileSync(
      new URL('../../../test/fixtures/check/odd-shapes.yaml', import.meta.url),
      'utf8',
    );
    expect(checkPractices(inputFromYaml(text)).map((f) => `${f.rule}:${f.line}`)).toEqual(
      ODD_EXPECTED,
    );
  });
});

describe('checkPractices resources-missing', () => {
  it('should ask in its hint for exactly the fields its message says are missing', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: web@sha256:0123
      resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 64Mi } }
`;
    const finding = checkPractices(inputFromYaml(yaml)).find((f) => f.rule === 'resources-missing');
    expect(finding?.message).toBe('container "app" sets no limits.cpu');
    expect(finding?.hint).toBe(
      'Set resources.limits.cpu: requests from measured usage, limits from the most the container may take.',
    );
  });
});
