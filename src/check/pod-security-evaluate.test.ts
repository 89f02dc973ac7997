import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonRecord } from './field-access.js';
import { evaluatePodSecurity, formatViolations, parsePssVersion } from './pod-security-evaluate.js';
import type { PssLevel } from './pod-security-evaluate.js';

/** A pod from YAML: `metadata` and `spec` of a Pod. */
function pod(yaml: string): { metadata: JsonRecord; spec: JsonRecord; containers: JsonRecord[] } {
  const object = parse(yaml) as { metadata?: JsonRecord; spec: JsonRecord };
  const spec = object.spec;
  const list = (key: string): JsonRecord[] => (spec[key] as JsonRecord[] | undefined) ?? [];
  return {
    metadata: object.metadata ?? {},
    spec,
    containers: [...list('initContainers'), ...list('containers'), ...list('ephemeralContainers')],
  };
}

const MINIMAL = `
spec:
  containers:
    - name: app
      image: web
`;

const RESTRICTED_OK = `
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: app
      image: web
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
`;

function withPodSecurity(extra: string): string {
  return RESTRICTED_OK.replace('    runAsNonRoot: true\n', `    runAsNonRoot: true\n${extra}`);
}

const WINDOWS_MINIMAL = `
spec:
  os: { name: windows }
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: web
`;

const cases: readonly {
  name: string;
  yaml: string;
  level: PssLevel;
  version: string;
  expected: string;
}[] = [
  {
    name: 'a minimal pod passes baseline',
    yaml: MINIMAL,
    level: 'baseline',
    version: 'latest',
    expected: '',
  },
  {
    name: 'a minimal pod fails restricted with the four well-known reasons',
    yaml: MINIMAL,
    level: 'restricted',
    version: 'v1.30',
    expected:
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
  {
    name: 'a hardened pod passes restricted',
    yaml: RESTRICTED_OK,
    level: 'restricted',
    version: 'latest',
    expected: '',
  },
  {
    name: 'runAsUser 0 passes restricted v1.22 (check added in v1.23)',
    yaml: withPodSecurity('    runAsUser: 0\n'),
    level: 'restricted',
    version: 'v1.22',
    expected: '',
  },
  {
    name: 'runAsUser 0 fails restricted v1.23',
    yaml: withPodSecurity('    runAsUser: 0\n'),
    level: 'restricted',
    version: 'v1.23',
    expected: 'runAsUser=0 (pod must not set runAsUser=0)',
  },
  {
    name: 'capabilities are not required to be dropped at restricted v1.21',
    yaml: MINIMAL,
    level: 'restricted',
    version: 'v1.21',
    expected:
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
  {
    name: 'tcp_keepalive_time is forbidden at baseline v1.28',
    yaml: withPodSecurity('    sysctls: [{ name: net.ipv4.tcp_keepalive_time, value: "60" }]\n'),
    level: 'baseline',
    version: 'v1.28',
    expected: 'forbidden sysctls (net.ipv4.tcp_keepalive_time)',
  },
  {
    name: 'tcp_keepalive_time is safe from baseline v1.29',
    yaml: withPodSecurity('    sysctls: [{ name: net.ipv4.tcp_keepalive_time, value: "60" }]\n'),
    level: 'baseline',
    version: 'v1.29',
    expected: '',
  },
  {
    name: 'tcp_rmem becomes safe at v1.32 but kernel.msgmax never does',
    yaml: withPodSecurity(
      '    sysctls: [{ name: net.ipv4.tcp_rmem, value: "4096" }, { name: kernel.msgmax, value: "1" }]\n',
    ),
    level: 'baseline',
    version: 'v1.32',
    expected: 'forbidden sysctls (kernel.msgmax)',
  },
  {
    name: 'a probe host is allowed at baseline v1.33',
    yaml: `
spec:
  containers:
    - name: app
      image: web
      readinessProbe: { httpGet: { host: 10.0.0.1, port: 80 } }
`,
    level: 'baseline',
    version: 'v1.33',
    expected: '',
  },
  {
    name: 'a probe host is forbidden from baseline v1.34',
    yaml: `
spec:
  containers:
    - name: app
      image: web
      readinessProbe: { httpGet: { host: 10.0.0.1, port: 80 } }
      lifecycle: { preStop: { tcpSocket: { host: example.com, port: 1 } } }
`,
    level: 'baseline',
    version: 'v1.34',
    expected:
      'probe or lifecycle host (container "app" uses probe or lifecycle hosts "10.0.0.1", "example.com")',
  },
  {
    name: 'a Windows pod is not exempt before v1.25',
    yaml: WINDOWS_MINIMAL,
    level: 'restricted',
    version: 'v1.24',
    expected:
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
  {
    name: 'a Windows pod is exempt from escalation, capabilities and seccomp from v1.25',
    yaml: WINDOWS_MINIMAL,
    level: 'restricted',
    version: 'v1.25',
    expected: '',
  },
  {
    name: 'host access at baseline, in the controller order',
    yaml: `
spec:
  hostNetwork: true
  hostPID: true
  containers:
    - name: app
      image: web
      ports: [{ containerPort: 80, hostPort: 80 }]
      securityContext: { privileged: true }
    - name: side
      image: side
      ports: [{ containerPort: 81, hostPort: 8081 }]
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'host namespaces (hostNetwork, hostPID), ' +
      'hostPort (containers "app", "side" use hostPorts 80, 8081), ' +
      'privileged (container "app" must not set securityContext.privileged=true)',
  },
  {
    name: 'hostPath is reported as hostPath volumes at baseline',
    yaml: `
spec:
  containers: [{ name: app, image: web }]
  volumes: [{ name: data, hostPath: { path: /var } }, { name: tmp, emptyDir: {} }]
`,
    level: 'baseline',
    version: 'latest',
    expected: 'hostPath volumes (volume "data")',
  },
  {
    name: 'hostPath and nfs are restricted volume types at restricted',
    yaml: withPodSecurity('').replace(
      'spec:\n',
      'spec:\n  volumes: [{ name: data, hostPath: { path: /var } }, { name: share, nfs: { server: s, path: / } }]\n',
    ),
    level: 'restricted',
    version: 'latest',
    expected:
      'restricted volume types (volumes "data", "share" use restricted volume types "hostPath", "nfs")',
  },
  {
    name: 'NET_ADMIN is a non-default capability at baseline',
    yaml: `
spec:
  containers:
    - name: app
      image: web
      securityContext: { capabilities: { add: [NET_ADMIN, CHOWN] } }
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'non-default capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)',
  },
  {
    name: 'restricted reports a forbidden added capability once, as unrestricted capabilities',
    yaml: RESTRICTED_OK.replace('drop: [ALL]', 'drop: [ALL], add: [SYS_ADMIN]'),
    level: 'restricted',
    version: 'latest',
    expected:
      'unrestricted capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
  },
  {
    name: 'container_engine_t is forbidden before v1.31',
    yaml: withPodSecurity('    seLinuxOptions: { type: container_engine_t }\n'),
    level: 'baseline',
    version: 'v1.30',
    expected:
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
  },
  {
    name: 'container_engine_t is allowed from v1.31',
    yaml: withPodSecurity('    seLinuxOptions: { type: container_engine_t }\n'),
    level: 'baseline',
    version: 'v1.31',
    expected: '',
  },
  {
    name: 'an unconfined AppArmor field and annotation',
    yaml: `
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  securityContext: { appArmorProfile: { type: Unconfined } }
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
  },
  {
    name: 'seccomp Unconfined is checked by annotation before v1.19',
    yaml: `
metadata:
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
spec:
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'v1.18',
    expected:
      'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")',
  },
  {
    name: 'seccomp Unconfined is checked by field from v1.19',
    yaml: `
spec:
  containers:
    - name: app
      image: web
      securityContext: { seccompProfile: { type: Unconfined } }
`,
    level: 'baseline',
    version: 'v1.19',
    expected:
      'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
  },
  {
    name: 'procMount Unmasked in an init container',
    yaml: `
spec:
  initContainers: [{ name: init, image: i, securityContext: { procMount: Unmasked } }]
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'latest',
    expected: 'procMount (container "init" must not set securityContext.procMount to "Unmasked")',
  },
  {
    name: 'runAsNonRoot false on the pod and a container',
    yaml: RESTRICTED_OK.replace('runAsNonRoot: true', 'runAsNonRoot: false').replace(
      'allowPrivilegeEscalation: false',
      'allowPrivilegeEscalation: false\n        runAsNonRoot: false',
    ),
    level: 'restricted',
    version: 'latest',
    expected:
      'runAsNonRoot != true (pod and container "app" must not set securityContext.runAsNonRoot=false)',
  },
  {
    name: 'hostProcess on the pod',
    yaml: withPodSecurity('    windowsOptions: { hostProcess: true }\n'),
    level: 'baseline',
    version: 'latest',
    expected: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
  },
  {
    name: 'a version newer than kprod knows evaluates as the newest',
    yaml: MINIMAL.replace(
      'image: web',
      'image: web\n      livenessProbe: { tcpSocket: { host: h, port: 1 } }',
    ),
    level: 'baseline',
    version: 'v1.99',
    expected: 'probe or lifecycle host (container "app" uses probe or lifecycle host "h")',
  },
  {
    name: 'privileged level checks nothing',
    yaml: `spec: { hostPID: true, containers: [] }`,
    level: 'privileged',
    version: 'latest',
    expected: '',
  },
];

describe('evaluatePodSecurity', () => {
  it.each(cases)('should report: $name', ({ yaml, level, version, expected }) => {
    expect(formatViolations(evaluatePodSecurity({ level, version }, pod(yaml)))).toBe(expected);
  });

  it('should let the same pod pass at one version and fail at another', () => {
    const p = pod(withPodSecurity('    runAsUser: 0\n'));
    expect(evaluatePodSecurity({ level: 'restricted', version: 'v1.22' }, p)).toEqual([]);
    expect(evaluatePodSecurity({ level: 'restricted', version: 'v1.23' }, p)).toEqual([
      { reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' },
    ]);
  });
});

describe('parsePssVersion', () => {
  it.each([
    ['latest', 'latest'],
    ['v1.0', 0],
    ['v1.30', 30],
    ['1.30', undefined],
    ['v1.030', undefined],
    ['v2.1', undefined],
  ] as const)('should parse %s as %s', (text, expected) => {
    expect(parsePssVersion(text)).toBe(expected);
  });
});
