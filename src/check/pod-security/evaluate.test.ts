import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatFieldPath } from '../../manifest/source-object.js';
import type { JsonRecord } from '../../kube/field-access.js';
import { evaluatePodSecurity, formatViolations, parsePssVersion } from './evaluate.js';
import type { PssLevel } from './evaluate.js';
import type { PssPod } from './pod-spec.js';

/** A Pod from YAML: its `metadata` and `spec`. */
function pod(yaml: string): PssPod {
  const object = parse(yaml) as { metadata?: JsonRecord; spec: JsonRecord };
  const spec = object.spec;
  const list = (key: string): JsonRecord[] => (spec[key] as JsonRecord[] | undefined) ?? [];
  return {
    metadata: object.metadata ?? {},
    spec,
    containers: [...list('initContainers'), ...list('containers'), ...list('ephemeralContainers')],
    isPod: true,
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
  /** The field of the first violation, from the pod template; absent when the pod passes. */
  field?: string;
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
    field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
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
    field: 'spec.securityContext.runAsUser',
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
    field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
  },
  {
    name: 'tcp_keepalive_time is forbidden at baseline v1.28',
    yaml: withPodSecurity('    sysctls: [{ name: net.ipv4.tcp_keepalive_time, value: "60" }]\n'),
    level: 'baseline',
    version: 'v1.28',
    expected: 'forbidden sysctls (net.ipv4.tcp_keepalive_time)',
    field: 'spec.securityContext.sysctls[0].name',
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
    field: 'spec.securityContext.sysctls[1].name',
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
    field: 'spec.containers[0].readinessProbe.httpGet.host',
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
    field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
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
      'host namespaces (hostNetwork=true, hostPID=true), ' +
      'hostPort (containers "app", "side" use hostPorts 80, 8081), ' +
      'privileged (container "app" must not set securityContext.privileged=true)',
    field: 'spec.hostNetwork',
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
    field: 'spec.volumes[0].hostPath',
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
    field: 'spec.volumes[0].hostPath',
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
    field: 'spec.containers[0].securityContext.capabilities.add[0]',
  },
  {
    name: 'restricted reports a forbidden added capability once, as unrestricted capabilities',
    yaml: RESTRICTED_OK.replace('drop: [ALL]', 'drop: [ALL], add: [SYS_ADMIN]'),
    level: 'restricted',
    version: 'latest',
    expected:
      'unrestricted capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
    field: 'spec.containers[0].securityContext.capabilities.add[0]',
  },
  {
    name: 'container_engine_t is forbidden before v1.31',
    yaml: withPodSecurity('    seLinuxOptions: { type: container_engine_t }\n'),
    level: 'baseline',
    version: 'v1.30',
    expected:
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
    field: 'spec.securityContext.seLinuxOptions.type',
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
    field: 'spec.securityContext.appArmorProfile.type',
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
    field: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]',
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
    field: 'spec.containers[0].securityContext.seccompProfile.type',
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
    field: 'spec.initContainers[0].securityContext.procMount',
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
    field: 'spec.securityContext.runAsNonRoot',
  },
  {
    name: 'hostProcess on the pod',
    yaml: withPodSecurity('    windowsOptions: { hostProcess: true }\n'),
    level: 'baseline',
    version: 'latest',
    expected: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
    field: 'spec.securityContext.windowsOptions.hostProcess',
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
    field: 'spec.containers[0].livenessProbe.tcpSocket.host',
  },
  {
    name: 'a probe host points at the container named first, the message sorts them by name',
    yaml: `
spec:
  containers:
    - name: zeta
      image: web
      startupProbe: { httpGet: { host: z, port: 80 } }
    - name: alpha
      image: web
      lifecycle: { postStart: { tcpSocket: { host: a, port: 1 } } }
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'probe or lifecycle host (containers "alpha", "zeta" use probe or lifecycle hosts "a", "z")',
    field: 'spec.containers[1].lifecycle.postStart.tcpSocket.host',
  },
  {
    name: 'a missing drop of ALL comes before a forbidden add, as in the message',
    yaml: RESTRICTED_OK.replace(
      'drop: [ALL]',
      'drop: [ALL], add: [NET_BIND_SERVICE, SYS_TIME]',
    ).replace(
      '  containers:\n',
      '  initContainers: [{ name: init, image: i, securityContext: { allowPrivilegeEscalation: false } }]\n  containers:\n',
    ),
    level: 'restricted',
    version: 'latest',
    expected:
      'unrestricted capabilities (container "init" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_TIME" in securityContext.capabilities.add)',
    field: 'spec.initContainers[0].securityContext.capabilities.drop',
  },
  {
    name: 'a forbidden added capability points at its index',
    yaml: RESTRICTED_OK.replace('drop: [ALL]', 'drop: [ALL], add: [NET_BIND_SERVICE, SYS_TIME]'),
    level: 'restricted',
    version: 'latest',
    expected:
      'unrestricted capabilities (container "app" must not include "SYS_TIME" in securityContext.capabilities.add)',
    field: 'spec.containers[0].securityContext.capabilities.add[1]',
  },
  {
    name: 'a SELinux user alone points at user',
    yaml: `
spec:
  containers:
    - name: app
      image: web
      securityContext: { seLinuxOptions: { type: container_t, user: root } }
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: user may not be set)',
    field: 'spec.containers[0].securityContext.seLinuxOptions.user',
  },
  {
    name: 'a volume without a source is an unknown restricted volume type',
    yaml: withPodSecurity('').replace(
      'spec:\n',
      'spec:\n  volumes: [{ name: ok, secret: { secretName: s } }, { name: bare }]\n',
    ),
    level: 'restricted',
    version: 'latest',
    expected: 'restricted volume types (volume "bare" uses restricted volume type "unknown")',
    field: 'spec.volumes[1]',
  },
  {
    name: 'an unset seccomp profile points at the pod-level field',
    yaml: RESTRICTED_OK.replace('    seccompProfile: { type: RuntimeDefault }\n', ''),
    level: 'restricted',
    version: 'latest',
    expected:
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    field: 'spec.securityContext.seccompProfile',
  },
  {
    name: 'an AppArmor annotation points at its key',
    yaml: `
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/b: unconfined
    container.apparmor.security.beta.kubernetes.io/a: unconfined
spec:
  containers: [{ name: a, image: web }, { name: b, image: web }]
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'forbidden AppArmor profiles (containers "a", "b" and annotations must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/a="unconfined"", "container.apparmor.security.beta.kubernetes.io/b="unconfined"")',
    field: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]',
  },
  {
    name: 'host namespaces are named with their value, in the order of the pod spec',
    yaml: `
spec:
  hostIPC: true
  hostPID: true
  hostNetwork: true
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'v1.36',
    expected: 'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
    field: 'spec.hostNetwork',
  },
  {
    name: 'a SELinux role with an allowed type is named',
    yaml: `
spec:
  securityContext: { seLinuxOptions: { role: system_r } }
  containers:
    - name: app
      image: web
      securityContext: { seLinuxOptions: { type: container_t, user: system_u } }
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set)',
    field: 'spec.securityContext.seLinuxOptions.role',
  },
  {
    name: 'baseline runs every baseline check in the order of their ids, overridden ones included',
    yaml: `
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: localhost/profile
spec:
  hostPID: true
  securityContext: { seccompProfile: { type: Unconfined } }
  volumes: [{ name: root, hostPath: { path: / } }]
  containers:
    - name: app
      image: web
      securityContext: { privileged: true, capabilities: { add: [SYS_ADMIN] } }
`,
    level: 'baseline',
    version: 'v1.36',
    expected:
      'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add), ' +
      'host namespaces (hostPID=true), ' +
      'hostPath volumes (volume "root"), ' +
      'privileged (container "app" must not set securityContext.privileged=true), ' +
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    field: 'spec.containers[0].securityContext.capabilities.add[0]',
  },
  {
    name: 'an AppArmor annotation counts as the container field the API server copies it to',
    yaml: `
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
    container.apparmor.security.beta.kubernetes.io/side: unconfined
    container.apparmor.security.beta.kubernetes.io/set: unconfined
spec:
  containers:
    - { name: app, image: web }
    - { name: side, image: web }
    - name: set
      image: web
      securityContext: { appArmorProfile: { type: RuntimeDefault } }
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'forbidden AppArmor profiles (containers "app", "side" and annotations must not set AppArmor profile type to "Unconfined", ' +
      '"container.apparmor.security.beta.kubernetes.io/app="unconfined"", ' +
      '"container.apparmor.security.beta.kubernetes.io/set="unconfined"", ' +
      '"container.apparmor.security.beta.kubernetes.io/side="unconfined"")',
    field: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]',
  },
  {
    name: 'an AppArmor annotation equal to the pod profile is not copied to the container',
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
      'forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to "Unconfined", ' +
      '"container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    field: 'spec.securityContext.appArmorProfile.type',
  },
  {
    name: 'AppArmor annotations of a Windows pod are not copied',
    yaml: `
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  os: { name: windows }
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'latest',
    expected:
      'forbidden AppArmor profile (annotation must not set AppArmor profile type to ' +
      '"container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    field: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]',
  },
  {
    name: 'an image volume is allowed at restricted',
    yaml: withPodSecurity('').replace(
      'spec:\n',
      'spec:\n  volumes: [{ name: data, image: { reference: registry.example/data:1 } }]\n',
    ),
    level: 'restricted',
    version: 'v1.0',
    expected: '',
  },
  {
    name: 'a user-namespaced pod may run as root from v1.35',
    yaml: RESTRICTED_OK.replace(
      '    runAsNonRoot: true\n',
      '    runAsNonRoot: false\n    runAsUser: 0\n',
    ).replace('spec:\n', 'spec:\n  hostUsers: false\n'),
    level: 'restricted',
    version: 'v1.35',
    expected: '',
  },
  {
    name: 'a user-namespaced pod may not run as root before v1.35',
    yaml: RESTRICTED_OK.replace('    runAsNonRoot: true\n', '    runAsUser: 0\n').replace(
      'spec:\n',
      'spec:\n  hostUsers: false\n',
    ),
    level: 'restricted',
    version: 'v1.34',
    expected:
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
      'runAsUser=0 (pod must not set runAsUser=0)',
    field: 'spec.securityContext.runAsNonRoot',
  },
  {
    name: 'an unmasked /proc is allowed at baseline in a user namespace from v1.35',
    yaml: `
spec:
  hostUsers: false
  containers: [{ name: app, image: web, securityContext: { procMount: Unmasked } }]
`,
    level: 'baseline',
    version: 'v1.35',
    expected: '',
  },
  {
    name: 'an unmasked /proc is forbidden at baseline before v1.35, even in a user namespace',
    yaml: `
spec:
  hostUsers: false
  containers: [{ name: app, image: web, securityContext: { procMount: Unmasked } }]
`,
    level: 'baseline',
    version: 'v1.34',
    expected: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
    field: 'spec.containers[0].securityContext.procMount',
  },
  {
    name: 'an unmasked /proc stays forbidden at restricted from v1.35, in its restricted place',
    yaml: RESTRICTED_OK.replace('spec:\n', 'spec:\n  hostUsers: false\n')
      .replace('drop: [ALL] }', 'drop: [ALL] }\n        procMount: Unmasked')
      .replace(
        '    seccompProfile: { type: RuntimeDefault }\n',
        '    seccompProfile: { type: Unconfined }\n',
      ),
    level: 'restricted',
    version: 'v1.35',
    expected:
      'procMount (container "app" must not set securityContext.procMount to "Unmasked"), ' +
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    field: 'spec.containers[0].securityContext.procMount',
  },
  {
    name: 'v1.37 adds tcp_slow_start_after_idle and tcp_notsent_lowat to the safe sysctls',
    yaml: `
spec:
  securityContext:
    sysctls:
      - { name: net.ipv4.tcp_slow_start_after_idle, value: '0' }
      - { name: net.ipv4.tcp_notsent_lowat, value: '16384' }
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'v1.37',
    expected: '',
  },
  {
    name: 'tcp_slow_start_after_idle and tcp_notsent_lowat are forbidden before v1.37',
    yaml: `
spec:
  securityContext:
    sysctls:
      - { name: net.ipv4.tcp_slow_start_after_idle, value: '0' }
      - { name: net.ipv4.tcp_notsent_lowat, value: '16384' }
  containers: [{ name: app, image: web }]
`,
    level: 'baseline',
    version: 'v1.36',
    expected: 'forbidden sysctls (net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat)',
    field: 'spec.securityContext.sysctls[0].name',
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
  it.each(cases)('should report: $name', ({ yaml, level, version, expected, field }) => {
    const violations = evaluatePodSecurity({ level, version }, pod(yaml));
    expect(formatViolations(violations)).toBe(expected);
    const first = violations[0];
    expect(first === undefined ? undefined : formatFieldPath(first.field)).toBe(field);
  });

  it('should let the same pod pass at one version and fail at another', () => {
    const p = pod(withPodSecurity('    runAsUser: 0\n'));
    expect(evaluatePodSecurity({ level: 'restricted', version: 'v1.22' }, p)).toEqual([]);
    expect(evaluatePodSecurity({ level: 'restricted', version: 'v1.23' }, p)).toEqual([
      {
        reason: 'runAsUser=0',
        detail: 'pod must not set runAsUser=0',
        field: ['spec', 'securityContext', 'runAsUser'],
      },
    ]);
  });
});

describe('evaluatePodSecurity at a Kubernetes release', () => {
  it('should judge no newer policy than the release has, as its API server does', () => {
    const p = pod(`
spec:
  securityContext: { sysctls: [{ name: net.ipv4.tcp_notsent_lowat, value: '16384' }] }
  containers: [{ name: app, image: web }]
`);
    const forbidden = 'forbidden sysctls (net.ipv4.tcp_notsent_lowat)';
    const at = (version: string, kubeMinor?: number): string =>
      formatViolations(evaluatePodSecurity({ level: 'baseline', version }, p, kubeMinor));
    expect(at('latest')).toBe('');
    expect(at('latest', 37)).toBe('');
    expect(at('latest', 36)).toBe(forbidden);
    expect(at('v1.37', 36)).toBe(forbidden);
    expect(at('v1.38', 38)).toBe('');
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
