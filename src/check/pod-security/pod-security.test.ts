import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputFromYaml } from '../../../test/support/check-objects.js';
import type { CheckOptions } from '../finding.js';
import { checkPodSecurity, namespacePolicy } from './pod-security.js';
import { hintForViolations } from './violation-hints.js';

const RESTRICTED_NS = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.30
---
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: web
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: app
      image: web
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: shop }
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: job
              image: job
              securityContext: { privileged: true }
`;

const TAIL =
  'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

const cases: readonly {
  name: string;
  yaml: string;
  options?: Partial<CheckOptions>;
  expected: readonly {
    rule: string;
    severity: string;
    line: number;
    field?: string;
    message: string;
  }[];
}[] = [
  {
    name: 'a Pod in an enforcing namespace is rejected',
    yaml: RESTRICTED_NS + POD,
    expected: [
      {
        rule: 'pss-restricted',
        severity: 'error',
        line: 12,
        field: 'spec',
        message: `violates PodSecurity "restricted:v1.30": ${TAIL}; namespace "shop" enforces this level: the API server rejects the Pod`,
      },
    ],
  },
  {
    name: 'a Deployment in an enforcing namespace is accepted but its pods are rejected',
    yaml: RESTRICTED_NS + DEPLOYMENT,
    expected: [
      {
        rule: 'pss-restricted',
        severity: 'error',
        line: 16,
        field: 'spec.template.spec',
        message: `would violate PodSecurity "restricted:v1.30": ${TAIL}; namespace "shop" enforces this level, which applies to Pods only: the API server accepts this Deployment (it warns only if the warn label covers the violation), then every Pod its controller creates is rejected`,
      },
    ],
  },
  {
    name: 'warn and audit at other levels give one finding each',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
---
${POD}`,
    expected: [
      {
        rule: 'pss-restricted',
        severity: 'warning',
        line: 13,
        field: 'spec',
        message: `would violate PodSecurity "restricted:latest": ${TAIL}; namespace "shop" warns at this level: kubectl prints this warning and the object is accepted`,
      },
    ],
  },
  {
    name: 'a CronJob template is found under jobTemplate',
    yaml: RESTRICTED_NS.replace('restricted', 'baseline') + CRONJOB,
    expected: [
      {
        rule: 'pss-baseline',
        severity: 'error',
        line: 22,
        field: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
        message:
          'would violate PodSecurity "baseline:v1.30": privileged (container "job" must not set securityContext.privileged=true); namespace "shop" enforces this level, which applies to Pods only: the API server accepts this CronJob (it warns only if the warn label covers the violation), then every Pod its controller creates is rejected',
      },
    ],
  },
  {
    name: 'a namespace outside the input and no option: restricted, as warnings',
    yaml: CRONJOB,
    expected: [
      {
        rule: 'pss-unlabelled-namespace',
        severity: 'warning',
        line: 14,
        field: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
        message:
          'would violate PodSecurity "restricted:latest": privileged (container "job" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "job" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "job" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "job" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "job" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"); namespace "shop" has no Pod Security labels, so the API server enforces nothing there, and restricted is the recommended level',
      },
    ],
  },
  {
    name: 'namespace labels given as an option apply to namespaces outside the input',
    yaml: CRONJOB,
    options: { namespaceLabels: { 'pod-security.kubernetes.io/audit': 'baseline' } },
    expected: [
      {
        rule: 'pss-baseline',
        severity: 'info',
        line: 14,
        field: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
        message:
          'would violate PodSecurity "baseline:latest": privileged (container "job" must not set securityContext.privileged=true); namespace "shop" audits at this level: the violation is only recorded in the audit log',
      },
    ],
  },
  {
    name: '--pss-level evaluates without namespaces',
    yaml: POD,
    options: { pssLevel: 'restricted', pssVersion: 'v1.33' },
    expected: [
      {
        rule: 'pss-restricted',
        severity: 'error',
        line: 4,
        field: 'spec',
        message: `violates PodSecurity "restricted:v1.33": ${TAIL} (level set by --pss-level)`,
      },
    ],
  },
  {
    name: 'a privileged namespace checks nothing',
    yaml: RESTRICTED_NS.replace('restricted', 'privileged') + CRONJOB,
    expected: [],
  },
  {
    name: 'invalid labels are reported on the Namespace and evaluated as restricted:latest',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: strict
---
${POD}`,
    expected: [
      {
        rule: 'pss-namespace-labels',
        severity: 'error',
        line: 5,
        field: 'metadata.labels',
        message:
          'pod-security.kubernetes.io/enforce="strict" is not a level (privileged, baseline, restricted); the API server refuses this Namespace',
      },
      {
        rule: 'pss-restricted',
        severity: 'error',
        line: 11,
        field: 'spec',
        message: `violates PodSecurity "restricted:latest": ${TAIL}; namespace "shop" enforces this level: the API server rejects the Pod`,
      },
    ],
  },
];

/**
 * Where a finding points: the first failing field its message names, or the deepest present
 * ancestor of an unset one. The line numbers are those of the YAML as written here.
 */
const fieldCases: readonly {
  name: string;
  level: 'baseline' | 'restricted';
  yaml: string;
  field: string;
  line: number;
}[] = [
  {
    name: 'allowPrivilegeEscalation set to true',
    level: 'restricted',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: web
          securityContext:
            allowPrivilegeEscalation: true
            capabilities: { drop: [ALL] }
`,
    field: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    line: 11,
  },
  {
    name: 'allowPrivilegeEscalation unset: the securityContext',
    level: 'restricted',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: web
          securityContext:
            capabilities: { drop: [ALL] }
`,
    field: 'spec.template.spec.containers[0].securityContext',
    line: 10,
  },
  {
    name: 'allowPrivilegeEscalation unset, no securityContext: the container',
    level: 'restricted',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: web
`,
    field: 'spec.template.spec.containers[0]',
    line: 8,
  },
  {
    name: 'an added capability outside the default set',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: app
      image: app
      securityContext:
        capabilities:
          add:
            - CHOWN
            - SYS_ADMIN
`,
    field: 'spec.containers[0].securityContext.capabilities.add[1]',
    line: 12,
  },
  {
    name: 'a hostPath volume',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: app, image: app }]
  volumes:
    - name: config
      configMap: { name: c }
    - name: tmp
      emptyDir: {}
    - name: host
      hostPath:
        path: /var/run
`,
    field: 'spec.volumes[2].hostPath',
    line: 12,
  },
  {
    name: 'a hostPort',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: web
      image: web
      ports:
        - containerPort: 8080
        - containerPort: 9090
          hostPort: 9090
`,
    field: 'spec.containers[0].ports[1].hostPort',
    line: 11,
  },
  {
    name: 'hostNetwork',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: app, image: app }]
  hostNetwork: true
`,
    field: 'spec.hostNetwork',
    line: 6,
  },
  {
    name: 'runAsNonRoot false on the pod',
    level: 'restricted',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    runAsNonRoot: false
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: app
      image: app
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
`,
    field: 'spec.securityContext.runAsNonRoot',
    line: 6,
  },
  {
    name: 'runAsNonRoot false on a container',
    level: 'restricted',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: app
      image: app
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
        runAsNonRoot: false
`,
    field: 'spec.containers[0].securityContext.runAsNonRoot',
    line: 14,
  },
  {
    name: 'runAsNonRoot unset: the pod securityContext, where the hint says to set it',
    level: 'restricted',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: app
      image: app
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
`,
    field: 'spec.securityContext',
    line: 5,
  },
  {
    name: 'seccomp Unconfined on a container',
    level: 'restricted',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: app
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
        seccompProfile:
          type: Unconfined
`,
    field: 'spec.containers[0].securityContext.seccompProfile.type',
    line: 14,
  },
  {
    name: 'seccomp Unconfined on the pod decides before the containers',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    seccompProfile: { type: Unconfined }
  containers:
    - name: app
      image: app
      securityContext: { seccompProfile: { type: Unconfined } }
`,
    field: 'spec.securityContext.seccompProfile.type',
    line: 6,
  },
  {
    name: 'privileged in an init container',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  initContainers:
    - name: init
      image: init
      securityContext: { privileged: true }
  containers: [{ name: web, image: web }]
`,
    field: 'spec.initContainers[0].securityContext.privileged',
    line: 8,
  },
  {
    name: 'privileged through a YAML alias: the line of the alias',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  ephemeralContainers:
    - name: debug
      image: debug
      securityContext: &sc
        privileged: true
  containers:
    - name: web
      image: web
      securityContext: *sc
`,
    field: 'spec.containers[0].securityContext.privileged',
    line: 13,
  },
  {
    name: 'privileged in an ephemeral container',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: web, image: web }]
  ephemeralContainers:
    - name: debug
      image: debug
      securityContext:
        privileged: true
`,
    field: 'spec.ephemeralContainers[0].securityContext.privileged',
    line: 10,
  },
  {
    name: 'an AppArmor annotation of a Deployment template',
    level: 'baseline',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/web: unconfined
    spec:
      containers: [{ name: web, image: web }]
`,
    field: 'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]',
    line: 8,
  },
  {
    name: 'a forbidden sysctl',
    level: 'baseline',
    yaml: `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.ip_local_port_range
        value: 1024 65535
      - name: kernel.msgmax
        value: '65536'
  containers: [{ name: web, image: web }]
`,
    field: 'spec.securityContext.sysctls[1].name',
    line: 9,
  },
  {
    name: 'runAsUser 0 on a CronJob container',
    level: 'restricted',
    yaml: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: '0 0 * * *'
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
          containers:
            - name: job
              image: job
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: { drop: [ALL] }
                runAsUser: 0
`,
    field: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser',
    line: 17,
  },
];

/** What each family finds in test/fixtures/check/odd-shapes.yaml. */
const ODD_EXPECTED: readonly string[] = ['pss-restricted:19'];

describe('checkPodSecurity', () => {
  it.each(cases)('should report: $name', ({ yaml, options, expected }) => {
    const findings = checkPodSecurity(inputFromYaml(yaml, options));
    expect(
      findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        line: f.line,
        ...(f.field === undefined ? {} : { field: f.field }),
        message: f.message,
      })),
    ).toEqual(expected);
  });

  it('should count an AppArmor annotation as the container field for a Pod only, as the API server copies it only there', () => {
    const annotated = `metadata:
      annotations: { container.apparmor.security.beta.kubernetes.io/app: unconfined }
    spec:
      containers: [{ name: app, image: i }]`;
    const yaml = [
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: { container.apparmor.security.beta.kubernetes.io/app: unconfined }\nspec:\n  containers: [{ name: app, image: i }]\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  selector: { matchLabels: { a: b } }\n  template:\n    ${annotated}\n`,
    ].join('---\n');
    const findings = checkPodSecurity(inputFromYaml(yaml, { pssLevel: 'baseline' }));
    expect(findings.map((f) => f.message)).toEqual([
      'violates PodSecurity "baseline:latest": forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"") (level set by --pss-level)',
      'would violate PodSecurity "baseline:latest": forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"") (level set by --pss-level)',
    ]);
  });

  it('should evaluate latest as the newest policy of --kube-version', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  securityContext: { sysctls: [{ name: net.ipv4.tcp_notsent_lowat, value: '16384' }] }
  containers: [{ name: app, image: i }]
`;
    const messages = (kubeVersion: string): string[] =>
      checkPodSecurity(inputFromYaml(yaml, { pssLevel: 'baseline', kubeVersion })).map(
        (f) => f.message,
      );
    expect(messages('1.36')).toEqual([
      'violates PodSecurity "baseline:latest": forbidden sysctls (net.ipv4.tcp_notsent_lowat) (level set by --pss-level)',
    ]);
    expect(messages('1.37')).toEqual([]);
  });

  it('should cover every kind that carries a pod template', () => {
    const kinds = [
      ['apps/v1', 'Deployment', 'spec:\n  template:'],
      ['apps/v1', 'ReplicaSet', 'spec:\n  template:'],
      ['apps/v1', 'StatefulSet', 'spec:\n  template:'],
      ['apps/v1', 'DaemonSet', 'spec:\n  template:'],
      ['batch/v1', 'Job', 'spec:\n  template:'],
      ['v1', 'ReplicationController', 'spec:\n  template:'],
      ['v1', 'PodTemplate', 'template:'],
    ] as const;
    const yaml = kinds
      .map(
        ([apiVersion, kind, head]) =>
          `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x }\n${head}\n    spec:\n      hostIPC: true\n      containers: [{ name: c, image: i }]\n`,
      )
      .join('---\n');
    const findings = checkPodSecurity(inputFromYaml(yaml, { pssLevel: 'baseline' }));
    expect(findings.map((f) => f.resource.kind)).toEqual(kinds.map(([, kind]) => kind));
    expect(new Set(findings.map((f) => f.message))).toEqual(
      new Set([
        'would violate PodSecurity "baseline:latest": host namespaces (hostIPC=true) (level set by --pss-level)',
      ]),
    );
  });
});

describe('checkPodSecurity finding positions', () => {
  it.each(fieldCases)(
    'should point at the failing field: $name',
    ({ level, yaml, field, line }) => {
      const findings = checkPodSecurity(inputFromYaml(yaml, { pssLevel: level }));
      expect(findings.map((f) => ({ field: f.field, line: f.line }))).toEqual([{ field, line }]);
    },
  );
});

describe('hintForViolations', () => {
  it('should name the fix of each reason, in message order', () => {
    const findings = checkPodSecurity(inputFromYaml(RESTRICTED_NS + POD));
    expect(findings.map((f) => f.hint)).toEqual([
      'Set securityContext.runAsNonRoot: true in the pod spec (the image must run as a non-root user); set securityContext.seccompProfile.type: RuntimeDefault in the pod spec.',
    ]);
  });

  it('should fall back to the reason for one it does not know', () => {
    expect(hintForViolations([{ reason: 'new check', detail: 'x', field: ['spec'] }])).toBe(
      'Fix new check.',
    );
  });
});

describe('namespacePolicy', () => {
  it('should default every mode to privileged:latest', () => {
    expect(namespacePolicy({})).toEqual({
      modes: {
        enforce: { level: 'privileged', version: 'latest' },
        warn: { level: 'privileged', version: 'latest' },
        audit: { level: 'privileged', version: 'latest' },
      },
      errors: [],
      labelled: false,
    });
  });

  it('should treat an invalid version as latest and say so', () => {
    const policy = namespacePolicy({
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/warn-version': '1.30',
    });
    expect(policy.modes.warn).toEqual({ level: 'baseline', version: 'latest' });
    expect(policy.errors).toEqual([
      'pod-security.kubernetes.io/warn-version="1.30" is not a version (latest or v1.N)',
    ]);
  });
});

describe('checkPodSecurity on odd shapes', () => {
  it('should read scalars where objects belong as absent, never throw', () => {
    const text = readFileSync(
      new URL('../../../test/fixtures/check/odd-shapes.yaml', import.meta.url),
      'utf8',
    );
    expect(checkPodSecurity(inputFromYaml(text)).map((f) => `${f.rule}:${f.line}`)).toEqual(
      ODD_EXPECTED,
    );
  });
});

describe('checkPodSecurity on unlabelled namespaces', () => {
  const RESTRICTED_MESSAGE =
    'would violate PodSecurity "restricted:latest": runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"); namespace "shop" has no Pod Security labels, so the API server enforces nothing there, and restricted is the recommended level';
  const HINT =
    'Set securityContext.runAsNonRoot: true in the pod spec (the image must run as a non-root user); set securityContext.seccompProfile.type: RuntimeDefault in the pod spec. Then label the namespace: kubectl label ns shop pod-security.kubernetes.io/enforce=restricted (or label it with the level it needs, such as enforce=baseline or enforce=privileged, to choose another).';
  const unlabelled = [
    {
      rule: 'pss-unlabelled-namespace',
      severity: 'warning',
      line: 8,
      message: RESTRICTED_MESSAGE,
      hint: HINT,
    },
  ];
  const namespace = (labels: string): string =>
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: { ${labels} }\n---\n`;

  it.each<{ name: string; yaml: string; options?: Partial<CheckOptions>; expected: unknown[] }>([
    { name: 'no Namespace and no --namespace-labels', yaml: DEPLOYMENT, expected: unlabelled },
    {
      name: 'a Namespace without Pod Security labels',
      yaml: namespace('team: a') + DEPLOYMENT,
      expected: unlabelled.map((f) => ({ ...f, line: 14 })),
    },
    {
      name: '--namespace-labels without Pod Security labels',
      yaml: DEPLOYMENT,
      options: { namespaceLabels: { team: 'a' } },
      expected: unlabelled,
    },
    {
      name: 'a Namespace labelled privileged on purpose',
      yaml: namespace('pod-security.kubernetes.io/enforce: privileged') + DEPLOYMENT,
      expected: [],
    },
    {
      name: 'a Namespace that only warns at baseline',
      yaml: namespace('pod-security.kubernetes.io/warn: baseline') + DEPLOYMENT,
      expected: [],
    },
    {
      name: 'pods that pass restricted',
      yaml: DEPLOYMENT.replace(
        '      containers:',
        '      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }\n      containers:',
      ),
      expected: [],
    },
    {
      name: '--pss-level, which forces its level',
      yaml: DEPLOYMENT,
      options: { pssLevel: 'baseline' },
      expected: [],
    },
  ])('should report restricted as warnings for $name', ({ yaml, options, expected }) => {
    const findings = checkPodSecurity(inputFromYaml(yaml, options));
    expect(
      findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        line: f.line,
        message: f.message,
        hint: f.hint,
      })),
    ).toEqual(expected);
  });
});
