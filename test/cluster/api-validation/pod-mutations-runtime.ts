/** Pod spec mutations of probes, lifecycle, resources and security contexts (differential). */
import {
  type Mutation,
  type Obj,
  containerValues,
  onContainer,
  onSpec,
  slug,
  specValues,
} from './pod-mutations.js';

const HANDLERS: [string, Obj][] = [
  ['none', {}],
  ['exec', { exec: { command: ['true'] } }],
  ['exec-empty', { exec: { command: [] } }],
  ['http', { httpGet: { port: 8080 } }],
  ['http-path', { httpGet: { path: '/healthz', port: 'http' } }],
  ['http-port-0', { httpGet: { port: 0 } }],
  ['http-port-big', { httpGet: { port: 65536 } }],
  ['http-port-name-upper', { httpGet: { port: 'HTTP' } }],
  ['http-port-name-long', { httpGet: { port: 'averyveryverylongname' } }],
  ['http-scheme-https', { httpGet: { port: 80, scheme: 'HTTPS' } }],
  ['http-scheme-ftp', { httpGet: { port: 80, scheme: 'FTP' } }],
  ['http-header-ok', { httpGet: { port: 80, httpHeaders: [{ name: 'X-Probe', value: '1' }] } }],
  ['http-header-bad', { httpGet: { port: 80, httpHeaders: [{ name: 'X Probe', value: '1' }] } }],
  ['tcp', { tcpSocket: { port: 80 } }],
  ['tcp-port-0', { tcpSocket: { port: 0 } }],
  ['grpc', { grpc: { port: 9000 } }],
  ['grpc-port-0', { grpc: { port: 0 } }],
  ['two-handlers', { exec: { command: ['true'] }, tcpSocket: { port: 80 } }],
  ['three-handlers', { httpGet: { port: 80 }, tcpSocket: { port: 80 }, grpc: { port: 80 } }],
];
const PROBE_NUMBERS: [string, Obj][] = [
  ['initial-delay-negative', { initialDelaySeconds: -1 }],
  ['timeout-negative', { timeoutSeconds: -1 }],
  ['timeout-zero', { timeoutSeconds: 0 }],
  ['period-negative', { periodSeconds: -1 }],
  ['success-2', { successThreshold: 2 }],
  ['success-negative', { successThreshold: -1 }],
  ['failure-negative', { failureThreshold: -1 }],
  ['failure-10', { failureThreshold: 10 }],
  ['grace-0', { terminationGracePeriodSeconds: 0 }],
  ['grace-10', { terminationGracePeriodSeconds: 10 }],
  ['grace-negative', { terminationGracePeriodSeconds: -5 }],
];

function probeMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const short = probe.replace('Probe', '');
    for (const [name, handler] of HANDLERS) {
      out.push(onContainer('probes', `${short}-${name}`, (c) => (c[probe] = handler)));
    }
    for (const [name, fields] of PROBE_NUMBERS) {
      out.push(
        onContainer(
          'probes',
          `${short}-${name}`,
          (c) => (c[probe] = { tcpSocket: { port: 80 }, ...fields }),
        ),
      );
    }
  }
  const lifecycles: [string, Obj][] = [
    ['pre-stop-sleep', { preStop: { sleep: { seconds: 5 } } }],
    ['pre-stop-sleep-zero', { preStop: { sleep: { seconds: 0 } } }],
    ['pre-stop-sleep-negative', { preStop: { sleep: { seconds: -1 } } }],
    ['pre-stop-sleep-over-grace', { preStop: { sleep: { seconds: 100 } } }],
    ['pre-stop-exec', { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } }],
    ['pre-stop-exec-empty', { preStop: { exec: { command: [] } } }],
    ['post-start-none', { postStart: {} }],
    ['post-start-http', { postStart: { httpGet: { port: 80 } } }],
    ['post-start-grpc', { postStart: { grpc: { port: 80 } } }],
    ['pre-stop-two', { preStop: { exec: { command: ['true'] }, sleep: { seconds: 1 } } }],
    ['stop-signal-no-os', { stopSignal: 'SIGTERM' }],
  ];
  for (const [name, lifecycle] of lifecycles) {
    out.push(onContainer('probes', `lifecycle-${name}`, (c) => (c['lifecycle'] = lifecycle)));
  }
  out.push(
    onSpec('probes', 'lifecycle-sleep-over-custom-grace', (s) => {
      s['terminationGracePeriodSeconds'] = 3;
      (s['containers'] as Obj[])[0]!['lifecycle'] = { preStop: { sleep: { seconds: 5 } } };
    }),
  );
  return out;
}

const RESOURCES: [string, Obj][] = [
  ['cpu-request', { requests: { cpu: '100m' } }],
  ['cpu-equal', { requests: { cpu: '500m' }, limits: { cpu: '0.5' } }],
  ['cpu-over-limit', { requests: { cpu: '2' }, limits: { cpu: '1' } }],
  ['cpu-over-limit-milli', { requests: { cpu: '1500m' }, limits: { cpu: '1' } }],
  ['memory-over-limit', { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }],
  ['memory-over-limit-decimal', { requests: { memory: '2G' }, limits: { memory: '1G' } }],
  ['memory-under-limit', { requests: { memory: '512Mi' }, limits: { memory: '1Gi' } }],
  ['limit-only', { limits: { cpu: '1', memory: '1Gi' } }],
  ['cpu-zero', { requests: { cpu: '0' } }],
  ['cpu-negative', { requests: { cpu: '-1' } }],
  ['memory-negative-limit', { limits: { memory: '-1Gi' } }],
  [
    'ephemeral',
    { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '2Gi' } },
  ],
  ['storage', { requests: { storage: '1Gi' } }],
  ['pods', { requests: { pods: '1' } }],
  ['unknown-plain', { requests: { gpu: '1' } }],
  ['extended-equal', { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '1' } }],
  ['extended-limit-only', { limits: { 'example.com/gpu': '2' } }],
  ['extended-request-only', { requests: { 'example.com/gpu': '1' } }],
  ['extended-differ', { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } }],
  [
    'extended-fraction',
    { requests: { 'example.com/gpu': '500m' }, limits: { 'example.com/gpu': '500m' } },
  ],
  ['native-prefixed', { requests: { 'kubernetes.io/foo': '1' } }],
  ['bad-name', { requests: { 'example.com/a b': '1' } }],
  ['hugepages-alone', { limits: { 'hugepages-2Mi': '2Mi' } }],
  ['hugepages-with-memory', { limits: { 'hugepages-2Mi': '2Mi', memory: '1Gi' } }],
  ['requests-cpu-name', { requests: { 'requests.cpu': '1' } }],
];
const IDS = [0, 1000, 2147483647, 2147483648, -1];

function securityMutations(): Mutation[] {
  const out: Mutation[] = [];
  for (const [name, resources] of RESOURCES)
    out.push(onContainer('resources', `resources-${name}`, (c) => (c['resources'] = resources)));
  for (const field of ['runAsUser', 'runAsGroup']) {
    IDS.forEach((id, i) =>
      out.push(
        onContainer(
          'security',
          `ctr-${slug(field)}-${i}`,
          (c) => (c['securityContext'] = { [field]: id }),
        ),
      ),
    );
  }
  for (const field of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    IDS.forEach((id, i) =>
      out.push(
        onSpec(
          'security',
          `pod-${slug(field)}-${i}`,
          (s) => (s['securityContext'] = { [field]: id }),
        ),
      ),
    );
  }
  const contexts: [string, Obj][] = [
    ['proc-mount-default', { procMount: 'Default' }],
    ['proc-mount-unmasked', { procMount: 'Unmasked' }],
    ['proc-mount-bad', { procMount: 'Masked' }],
    ['seccomp-runtime', { seccompProfile: { type: 'RuntimeDefault' } }],
    ['seccomp-bad-type', { seccompProfile: { type: 'Default' } }],
    ['seccomp-localhost-missing', { seccompProfile: { type: 'Localhost' } }],
    [
      'seccomp-localhost',
      { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/a.json' } },
    ],
    [
      'seccomp-localhost-abs',
      { seccompProfile: { type: 'Localhost', localhostProfile: '/a.json' } },
    ],
    [
      'seccomp-localhost-backstep',
      { seccompProfile: { type: 'Localhost', localhostProfile: '../a.json' } },
    ],
    [
      'seccomp-runtime-with-profile',
      { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'a.json' } },
    ],
    ['apparmor-runtime', { appArmorProfile: { type: 'RuntimeDefault' } }],
    ['apparmor-bad', { appArmorProfile: { type: 'Default' } }],
    ['apparmor-localhost-missing', { appArmorProfile: { type: 'Localhost' } }],
    [
      'apparmor-localhost-padded',
      { appArmorProfile: { type: 'Localhost', localhostProfile: ' p ' } },
    ],
    [
      'apparmor-unconfined-with-profile',
      { appArmorProfile: { type: 'Unconfined', localhostProfile: 'p' } },
    ],
    ['privileged', { privileged: true }],
    ['privileged-no-escalation', { privileged: true, allowPrivilegeEscalation: false }],
    [
      'sys-admin-no-escalation',
      { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } },
    ],
    ['sys-admin', { capabilities: { add: ['CAP_SYS_ADMIN'] } }],
    [
      'restricted',
      { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    ],
  ];
  for (const [name, context] of contexts) {
    out.push(onContainer('security', `ctr-${name}`, (c) => (c['securityContext'] = context)));
    if (
      !name.startsWith('proc') &&
      !name.startsWith('priv') &&
      !name.startsWith('sys') &&
      name !== 'restricted'
    ) {
      out.push(onSpec('security', `pod-${name}`, (s) => (s['securityContext'] = context)));
    }
  }
  out.push(
    onSpec(
      'security',
      'pod-supplemental-negative',
      (s) => (s['securityContext'] = { supplementalGroups: [1000, -1] }),
    ),
    onSpec(
      'security',
      'pod-fs-group-policy',
      (s) => (s['securityContext'] = { fsGroupChangePolicy: 'OnRootMismatch' }),
    ),
    onSpec(
      'security',
      'pod-fs-group-policy-bad',
      (s) => (s['securityContext'] = { fsGroupChangePolicy: 'Never' }),
    ),
    onSpec('security', 'share-process-host-pid', (s) => {
      s['shareProcessNamespace'] = true;
      s['hostPID'] = true;
    }),
    onSpec('security', 'host-users-false-unmasked', (s) => {
      s['securityContext'] = { hostUsers: false };
      (s['containers'] as Obj[])[0]!['securityContext'] = { procMount: 'Unmasked' };
    }),
  );
  return out;
}

/** Probe, lifecycle, resource, security and container-field mutations. */
export function runtimeMutations(): Mutation[] {
  return [
    ...probeMutations(),
    ...securityMutations(),
    ...containerValues('containers', 'image', [
      '',
      ' ',
      'registry.example/web@sha256:' + 'a'.repeat(64),
      'UPPER/Case:1',
    ]),
    ...containerValues('containers', 'name', [
      '',
      'App',
      'app.v1',
      'a'.repeat(63),
      'a'.repeat(64),
      '-app',
      '1app',
    ]),
    ...containerValues('containers', 'imagePullPolicy', [
      'Always',
      'Never',
      'IfNotPresent',
      'Sometimes',
    ]),
    ...containerValues('containers', 'terminationMessagePolicy', [
      'File',
      'FallbackToLogsOnError',
      'Logs',
    ]),
    ...specValues('pod', 'terminationGracePeriodSeconds', [0, 30, -1]),
  ];
}
