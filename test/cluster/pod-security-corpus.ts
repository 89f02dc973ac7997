/**
 * The generated corpus of the Pod Security differential (pod-security.test.ts): pods that pass
 * and pods that fail every baseline and restricted check, each judged by `kprod check
 * --pss-level/--pss-version` and by the real PodSecurity admission at every policy version in
 * PSS_VERSIONS. A variant is a mutation applied to a base pod; each variant is applied to the
 * bases it makes sense on (Linux bases that are already restricted or carry no security
 * settings at all, or the Windows base), so each check is seen alone and together with others.
 */

type Json = Record<string, unknown>;

/** The policy versions judged: where the policy changed, its neighbours, a future one, latest. */
export const PSS_VERSIONS = [
  'v1.0',
  'v1.18',
  'v1.19',
  'v1.21',
  'v1.22',
  'v1.23',
  'v1.24',
  'v1.25',
  'v1.26',
  'v1.27',
  'v1.28',
  'v1.29',
  'v1.30',
  'v1.31',
  'v1.32',
  'v1.33',
  'v1.34',
  'v1.35',
  'v1.36',
  'v1.37',
  'latest',
] as const;

/** The enforced levels judged (privileged allows everything). */
export const PSS_LEVELS = ['baseline', 'restricted'] as const;

/** One pod of the corpus: a DNS-1123 name and the Pod object (no namespace). */
export interface CorpusPod {
  readonly name: string;
  readonly pod: Json;
}

type Base = 'restricted' | 'plain' | 'windows';
type Mutation = (pod: Pod) => void;

/** A pod being built, with shortcuts to the parts mutations change. */
class Pod {
  readonly metadata: Json;
  readonly spec: Json;
  constructor(base: Base) {
    this.metadata = {};
    this.spec = { containers: [container('app', base)] };
    if (base === 'restricted') {
      this.spec['securityContext'] = {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      };
    }
    if (base === 'windows') {
      this.spec['os'] = { name: 'windows' };
      this.spec['securityContext'] = { runAsNonRoot: true };
    }
  }
  get podSc(): Json {
    return (this.spec['securityContext'] ??= {}) as Json;
  }
  get containers(): Json[] {
    return this.spec['containers'] as Json[];
  }
  /** The securityContext of container `i` (created when absent). */
  sc(i = 0): Json {
    const c = this.containers[i] ?? this.containers[0];
    return ((c as Json)['securityContext'] ??= {}) as Json;
  }
  annotate(key: string, value: string): void {
    const annotations = (this.metadata['annotations'] ??= {}) as Record<string, string>;
    annotations[key] = value;
  }
  volume(volume: Json): void {
    ((this.spec['volumes'] ??= []) as Json[]).push(volume);
  }
  /** Adds a container like the base's first one (an init container when `init`). */
  add(name: string, base: Base, init = false): Json {
    const c = container(name, base);
    if (init) ((this.spec['initContainers'] ??= []) as Json[]).unshift(c);
    else this.containers.push(c);
    return c;
  }
}

function container(name: string, base: Base): Json {
  const c: Json = { name, image: 'registry.example/app:1' };
  if (base === 'restricted') {
    c['securityContext'] = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  }
  return c;
}

const LINUX: readonly Base[] = ['restricted', 'plain'];
const ALL: readonly Base[] = ['restricted', 'plain', 'windows'];
const WINDOWS: readonly Base[] = ['windows'];

/** [variant name, bases it applies to, mutation]. Names are short: they end up in pod names. */
type Variant = readonly [string, readonly Base[], Mutation];

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // safe from v1.37, newer than the pinned release knows: refused at every version here
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];
const SYSCTL_VALUES: Record<string, string> = {
  'net.ipv4.ip_local_port_range': '1024 65000',
  'net.ipv4.ping_group_range': '0 2147483647',
  'net.ipv4.ip_local_reserved_ports': '8080',
  'net.ipv4.tcp_rmem': '4096 87380 6291456',
  'net.ipv4.tcp_wmem': '4096 16384 4194304',
  'net.ipv4.tcp_slow_start_after_idle': '0',
  'net.ipv4.tcp_notsent_lowat': '16384',
};
const UNSAFE_SYSCTLS = ['kernel.msgmax', 'net.core.somaxconn', 'kernel.sem', 'net.ipv4.ip_forward'];

const RESTRICTED_VOLUMES: readonly [string, Json][] = [
  ['hostPath', { path: '/var/log' }],
  ['gcePersistentDisk', { pdName: 'disk' }],
  ['awsElasticBlockStore', { volumeID: 'vol-1' }],
  ['gitRepo', { repository: 'https://git.example/r.git' }],
  ['nfs', { server: 'nfs.example', path: '/export' }],
  ['iscsi', { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }],
  ['glusterfs', { endpoints: 'gluster', path: 'vol' }],
  ['rbd', { monitors: ['10.0.0.1:6789'], image: 'img' }],
  ['flexVolume', { driver: 'example.com/flex' }],
  ['cinder', { volumeID: 'vol-1' }],
  ['cephfs', { monitors: ['10.0.0.1:6789'] }],
  ['flocker', { datasetName: 'ds' }],
  ['fc', { targetWWNs: ['500a0982991b8dc5'], lun: 2 }],
  ['azureFile', { secretName: 's', shareName: 'share' }],
  ['vsphereVolume', { volumePath: '[datastore] disk.vmdk' }],
  ['quobyte', { registry: 'quobyte:7861', volume: 'v' }],
  ['azureDisk', { diskName: 'd', diskURI: 'https://disk.example/d.vhd' }],
  ['photonPersistentDisk', { pdID: 'pd' }],
  ['portworxVolume', { volumeID: 'vol-1' }],
  ['scaleIO', { gateway: 'https://gw', system: 'sys', secretRef: { name: 's' }, volumeName: 'v' }],
  ['storageos', { volumeName: 'v' }],
];
const ALLOWED_VOLUMES: readonly [string, Json][] = [
  ['configMap', { name: 'cm' }],
  ['csi', { driver: 'csi.example.com' }],
  ['downwardAPI', { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] }],
  ['emptyDir', {}],
  [
    'ephemeral',
    {
      volumeClaimTemplate: {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    },
  ],
  ['image', { reference: 'registry.example/data:1' }],
  ['persistentVolumeClaim', { claimName: 'data' }],
  ['projected', { sources: [{ configMap: { name: 'cm' } }] }],
  ['secret', { secretName: 's' }],
];

const cap = (add: string[] | undefined, drop: string[] | undefined): Mutation => {
  return (p) => {
    const caps: Json = {};
    if (add !== undefined) caps['add'] = add;
    if (drop !== undefined) caps['drop'] = drop;
    p.sc()['capabilities'] = caps;
  };
};

const probe = (where: string, kind: 'httpGet' | 'tcpSocket', host: string): Mutation => {
  return (p) => {
    const handler: Json = {
      [kind]: kind === 'httpGet' ? { path: '/', port: 8080, host } : { port: 8080, host },
    };
    const c = p.containers[0] as Json;
    if (where === 'postStart' || where === 'preStop') {
      c['lifecycle'] = { [where]: handler };
    } else c[where] = handler;
  };
};

function variants(): Variant[] {
  const list: Variant[] = [['ok', ALL, () => undefined]];
  // host namespaces
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    list.push([ns, LINUX, (p) => (p.spec[ns] = true)]);
    list.push([`${ns}-false`, LINUX, (p) => (p.spec[ns] = false)]);
  }
  list.push([
    'hostns-all',
    LINUX,
    (p) => Object.assign(p.spec, { hostNetwork: true, hostPID: true, hostIPC: true }),
  ]);
  // privileged
  // privileged containers may not forbid privilege escalation (API validation)
  list.push([
    'priv',
    LINUX,
    (p) => {
      delete p.sc()['allowPrivilegeEscalation'];
      p.sc()['privileged'] = true;
    },
  ]);
  list.push(['priv-false', LINUX, (p) => (p.sc()['privileged'] = false)]);
  list.push([
    'priv-init',
    LINUX,
    (p) => {
      const c = p.add('init', 'plain', true);
      c['securityContext'] = { privileged: true };
    },
  ]);
  list.push([
    'priv-two',
    ['plain'],
    (p) => {
      p.sc()['privileged'] = true;
      p.add('side', 'plain');
      p.sc(1)['privileged'] = true;
    },
  ]);
  // capabilities
  for (const c of ['NET_BIND_SERVICE', 'CHOWN', 'KILL', 'SYS_CHROOT', 'AUDIT_WRITE', 'SETUID']) {
    list.push([`cap-${c.toLowerCase()}`, LINUX, cap([c], ['ALL'])]);
  }
  for (const c of ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW', 'ALL', 'SYS_PTRACE']) {
    list.push([`cap-${c.toLowerCase()}`, LINUX, cap([c], ['ALL'])]);
  }
  list.push(['cap-lower-nbs', LINUX, cap(['net_bind_service'], ['ALL'])]);
  list.push(['cap-prefixed', LINUX, cap(['CAP_NET_BIND_SERVICE'], ['ALL'])]);
  list.push(['cap-nbs-nodrop', LINUX, cap(['NET_BIND_SERVICE'], undefined)]);
  list.push(['cap-drop-lower-all', LINUX, cap(undefined, ['all'])]);
  list.push(['cap-drop-netraw', LINUX, cap(undefined, ['NET_RAW'])]);
  list.push(['cap-drop-all-netraw', LINUX, cap(undefined, ['NET_RAW', 'ALL'])]);
  list.push(['cap-empty', LINUX, cap(undefined, undefined)]);
  list.push(['cap-mixed', LINUX, cap(['NET_ADMIN', 'CHOWN', 'NET_BIND_SERVICE'], ['ALL'])]);
  list.push([
    'cap-two',
    LINUX,
    (p) => {
      cap(['SYS_ADMIN'], ['ALL'])(p);
      p.add('side', 'plain');
      p.sc(1)['capabilities'] = { add: ['NET_ADMIN', 'SYS_ADMIN'] };
    },
  ]);
  // volumes
  for (const [type, source] of [...RESTRICTED_VOLUMES, ...ALLOWED_VOLUMES]) {
    list.push([
      `vol-${type.toLowerCase()}`,
      LINUX,
      (p) => {
        p.volume({ name: 'v', [type]: source });
      },
    ]);
  }
  list.push([
    'vol-two-hostpath',
    LINUX,
    (p) => {
      p.volume({ name: 'logs', hostPath: { path: '/var/log' } });
      p.volume({ name: 'cm', configMap: { name: 'cm' } });
      p.volume({ name: 'run', hostPath: { path: '/run', type: 'Directory' } });
    },
  ]);
  list.push([
    'vol-mixed',
    LINUX,
    (p) => {
      p.volume({ name: 'b-nfs', nfs: { server: 'nfs.example', path: '/x' } });
      p.volume({ name: 'a-host', hostPath: { path: '/x' } });
      p.volume({ name: 'c-git', gitRepo: { repository: 'https://git.example/r.git' } });
    },
  ]);
  // hostPorts
  list.push(['hostport', LINUX, (p) => ((p.containers[0] as Json)['ports'] = [hostPort(8080)])]);
  list.push([
    'hostport-zero',
    LINUX,
    (p) => ((p.containers[0] as Json)['ports'] = [{ containerPort: 8080, hostPort: 0 }]),
  ]);
  list.push([
    'hostport-many',
    LINUX,
    (p) => {
      (p.containers[0] as Json)['ports'] = [
        { containerPort: 8080 },
        hostPort(9090),
        hostPort(80, 'UDP'),
      ];
      const side = p.add('side', 'restricted');
      side['ports'] = [hostPort(7070)];
    },
  ]);
  list.push([
    'hostport-init',
    LINUX,
    (p) => {
      const init = p.add('init', 'restricted', true);
      init['ports'] = [hostPort(6060)];
    },
  ]);
  // AppArmor: annotations and fields
  for (const [tag, value] of [
    ['rd', 'runtime/default'],
    ['lh', 'localhost/profile'],
    ['unconf', 'unconfined'],
  ] as const) {
    list.push([
      `aa-ann-${tag}`,
      LINUX,
      (p) => {
        p.annotate(`${APPARMOR}app`, value);
      },
    ]);
  }
  list.push([
    'aa-ann-two',
    LINUX,
    (p) => {
      p.add('side', 'restricted');
      p.annotate(`${APPARMOR}side`, 'unconfined');
      p.annotate(`${APPARMOR}app`, 'unconfined');
    },
  ]);
  for (const [tag, profile] of [
    ['rd', { type: 'RuntimeDefault' }],
    ['lh', { type: 'Localhost', localhostProfile: 'profile' }],
    ['unconf', { type: 'Unconfined' }],
  ] as const) {
    list.push([`aa-pod-${tag}`, LINUX, (p) => (p.podSc['appArmorProfile'] = { ...profile })]);
    list.push([`aa-ctr-${tag}`, LINUX, (p) => (p.sc()['appArmorProfile'] = { ...profile })]);
  }
  list.push([
    'aa-pod-ctr-unconf',
    LINUX,
    (p) => {
      p.podSc['appArmorProfile'] = { type: 'Unconfined' };
      p.sc()['appArmorProfile'] = { type: 'Unconfined' };
    },
  ]);
  list.push([
    'aa-ann-field',
    LINUX,
    (p) => {
      p.annotate(`${APPARMOR}app`, 'unconfined');
      p.sc()['appArmorProfile'] = { type: 'Unconfined' };
    },
  ]);
  // SELinux
  const seTypes = [
    'container_t',
    'container_init_t',
    'container_kvm_t',
    'container_engine_t',
    'spc_t',
    'unconfined_t',
  ];
  for (const type of seTypes) {
    list.push([
      `se-pod-${type.replace(/_/g, '')}`,
      LINUX,
      (p) => (p.podSc['seLinuxOptions'] = { type }),
    ]);
    list.push([
      `se-ctr-${type.replace(/_/g, '')}`,
      LINUX,
      (p) => (p.sc()['seLinuxOptions'] = { type }),
    ]);
  }
  list.push(['se-user', LINUX, (p) => (p.sc()['seLinuxOptions'] = { user: 'system_u' })]);
  list.push(['se-role', LINUX, (p) => (p.podSc['seLinuxOptions'] = { role: 'system_r' })]);
  list.push(['se-level', LINUX, (p) => (p.podSc['seLinuxOptions'] = { level: 's0:c123,c456' })]);
  list.push([
    'se-user-type-ok',
    LINUX,
    (p) => (p.sc()['seLinuxOptions'] = { type: 'container_t', user: 'system_u', role: 'system_r' }),
  ]);
  list.push([
    'se-all-bad',
    LINUX,
    (p) => {
      p.podSc['seLinuxOptions'] = { type: 'spc_t', user: 'system_u' };
      p.sc()['seLinuxOptions'] = { type: 'unconfined_t', role: 'system_r' };
    },
  ]);
  // /proc mount: Unmasked needs a user namespace to be valid
  list.push(['proc-default', LINUX, (p) => (p.sc()['procMount'] = 'Default')]);
  list.push([
    'proc-unmasked-userns',
    LINUX,
    (p) => {
      p.spec['hostUsers'] = false;
      p.sc()['procMount'] = 'Unmasked';
    },
  ]);
  list.push([
    'proc-unmasked-userns-priv',
    LINUX,
    (p) => {
      p.spec['hostUsers'] = false;
      p.sc()['procMount'] = 'Unmasked';
      p.add('side', 'plain');
      p.sc(1)['procMount'] = 'Unmasked';
    },
  ]);
  // seccomp fields
  for (const [tag, profile] of [
    ['rd', { type: 'RuntimeDefault' }],
    ['lh', { type: 'Localhost', localhostProfile: 'profile.json' }],
    ['unconf', { type: 'Unconfined' }],
  ] as const) {
    list.push([`sc-pod-${tag}`, LINUX, (p) => (p.podSc['seccompProfile'] = { ...profile })]);
    list.push([`sc-ctr-${tag}`, LINUX, (p) => (p.sc()['seccompProfile'] = { ...profile })]);
    list.push([
      `sc-ctr-only-${tag}`,
      LINUX,
      (p) => {
        delete p.podSc['seccompProfile'];
        p.sc()['seccompProfile'] = { ...profile };
      },
    ]);
  }
  list.push(['sc-none', LINUX, (p) => delete p.podSc['seccompProfile']]);
  list.push([
    'sc-none-two',
    LINUX,
    (p) => {
      delete p.podSc['seccompProfile'];
      p.add('side', 'restricted');
      p.add('init', 'restricted', true);
      p.sc(1)['seccompProfile'] = { type: 'RuntimeDefault' };
    },
  ]);
  list.push([
    'sc-pod-unconf-ctr-rd',
    LINUX,
    (p) => {
      p.podSc['seccompProfile'] = { type: 'Unconfined' };
      p.sc()['seccompProfile'] = { type: 'RuntimeDefault' };
    },
  ]);
  // seccomp annotations (the API server keeps them when no field contradicts them)
  for (const [tag, value] of [
    ['rd', 'runtime/default'],
    ['docker', 'docker/default'],
    ['lh', 'localhost/profile.json'],
    ['unconf', 'unconfined'],
  ] as const) {
    list.push([
      `sc-ann-pod-${tag}`,
      LINUX,
      (p) => {
        delete p.podSc['seccompProfile'];
        p.annotate(SECCOMP_POD, value);
      },
    ]);
    list.push([
      `sc-ann-ctr-${tag}`,
      LINUX,
      (p) => {
        delete p.podSc['seccompProfile'];
        p.annotate(`${SECCOMP_CONTAINER}app`, value);
      },
    ]);
  }
  list.push([
    'sc-ann-unconf-field-unconf',
    LINUX,
    (p) => {
      p.podSc['seccompProfile'] = { type: 'Unconfined' };
      p.annotate(SECCOMP_POD, 'unconfined');
    },
  ]);
  // sysctls
  for (const name of [...SAFE_SYSCTLS, ...UNSAFE_SYSCTLS]) {
    list.push([
      `sysctl-${name.split('.').slice(1).join('-').replace(/_/g, '')}`,
      LINUX,
      (p) => (p.podSc['sysctls'] = [{ name, value: SYSCTL_VALUES[name] ?? '1' }]),
    ]);
  }
  list.push([
    'sysctl-mixed',
    LINUX,
    (p) =>
      (p.podSc['sysctls'] = [
        { name: 'net.core.somaxconn', value: '1024' },
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'kernel.msgmax', value: '65536' },
        { name: 'net.ipv4.tcp_keepalive_time', value: '600' },
      ]),
  ]);
  // allowPrivilegeEscalation
  list.push(['ape-true', LINUX, (p) => (p.sc()['allowPrivilegeEscalation'] = true)]);
  list.push(['ape-unset', LINUX, (p) => delete p.sc()['allowPrivilegeEscalation']]);
  list.push([
    'ape-init',
    ['restricted'],
    (p) => {
      const init = p.add('init', 'restricted', true);
      (init['securityContext'] as Json)['allowPrivilegeEscalation'] = true;
    },
  ]);
  // runAsNonRoot: pod x container combinations
  for (const podValue of [true, false, undefined]) {
    for (const ctrValue of [true, false, undefined]) {
      list.push([
        `ranr-p${tri(podValue)}-c${tri(ctrValue)}`,
        ['restricted', 'windows'],
        (p) => {
          setOrDelete(p.podSc, 'runAsNonRoot', podValue);
          setOrDelete(p.sc(), 'runAsNonRoot', ctrValue);
        },
      ]);
    }
  }
  list.push([
    'ranr-two',
    ['restricted'],
    (p) => {
      delete p.podSc['runAsNonRoot'];
      p.sc()['runAsNonRoot'] = true;
      p.add('side', 'restricted');
      p.add('init', 'restricted', true);
      p.sc(1)['runAsNonRoot'] = false;
    },
  ]);
  // runAsUser
  list.push(['rau-pod-0', LINUX, (p) => (p.podSc['runAsUser'] = 0)]);
  list.push(['rau-ctr-0', LINUX, (p) => (p.sc()['runAsUser'] = 0)]);
  list.push(['rau-ctr-1000', LINUX, (p) => (p.sc()['runAsUser'] = 1000)]);
  list.push([
    'rau-pod0-ctr1000',
    LINUX,
    (p) => {
      p.podSc['runAsUser'] = 0;
      p.sc()['runAsUser'] = 1000;
    },
  ]);
  // user namespaces: the v1.35 relaxations of runAsNonRoot and runAsUser
  list.push(['userns', LINUX, (p) => (p.spec['hostUsers'] = false)]);
  list.push(['userns-true', LINUX, (p) => (p.spec['hostUsers'] = true)]);
  list.push([
    'userns-root',
    LINUX,
    (p) => {
      p.spec['hostUsers'] = false;
      p.podSc['runAsUser'] = 0;
      p.podSc['runAsNonRoot'] = false;
    },
  ]);
  list.push([
    'userns-no-ranr',
    LINUX,
    (p) => {
      p.spec['hostUsers'] = false;
      delete p.podSc['runAsNonRoot'];
    },
  ]);
  list.push([
    'hostusers-true-root',
    LINUX,
    (p) => {
      p.spec['hostUsers'] = true;
      p.sc()['runAsUser'] = 0;
    },
  ]);
  // probe and lifecycle hosts
  for (const where of ['livenessProbe', 'readinessProbe', 'startupProbe', 'postStart', 'preStop']) {
    for (const kind of ['httpGet', 'tcpSocket'] as const) {
      if (kind === 'tcpSocket' && (where === 'postStart' || where === 'preStop')) {
        continue;
      }
      list.push([
        `host-${where.toLowerCase()}-${kind.toLowerCase()}`,
        LINUX,
        probe(where, kind, '10.0.0.1'),
      ]);
    }
  }
  list.push(['host-empty', LINUX, probe('livenessProbe', 'httpGet', '')]);
  list.push([
    'host-many',
    LINUX,
    (p) => {
      p.add('beta', 'restricted');
      p.add('alpha', 'restricted', true);
      probe('readinessProbe', 'httpGet', 'b.example')(p);
      const beta = p.containers[1] as Json;
      beta['livenessProbe'] = { tcpSocket: { port: 80, host: 'a.example' } };
      const alpha = (p.spec['initContainers'] as Json[])[0] as Json;
      // a sidecar: only init containers that keep running may have lifecycle handlers
      alpha['restartPolicy'] = 'Always';
      alpha['lifecycle'] = { preStop: { httpGet: { port: 80, host: 'b.example' } } };
    },
  ]);
  // Windows: hostProcess and the v1.25 exemptions
  list.push([
    'win-hostprocess-pod',
    WINDOWS,
    (p) => {
      p.spec['hostNetwork'] = true;
      p.podSc['windowsOptions'] = { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' };
    },
  ]);
  list.push([
    'win-hostprocess-ctr',
    WINDOWS,
    (p) => {
      p.spec['hostNetwork'] = true;
      p.sc()['windowsOptions'] = { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' };
    },
  ]);
  list.push([
    'win-hostprocess-false',
    WINDOWS,
    (p) => (p.podSc['windowsOptions'] = { hostProcess: false }),
  ]);
  list.push([
    'win-username',
    WINDOWS,
    (p) => (p.sc()['windowsOptions'] = { runAsUserName: 'ContainerUser' }),
  ]);
  list.push([
    'win-hostprocess-noos',
    ['plain'],
    (p) => {
      p.spec['hostNetwork'] = true;
      p.podSc['windowsOptions'] = { hostProcess: true };
    },
  ]);
  list.push([
    'win-hostport',
    WINDOWS,
    (p) => ((p.containers[0] as Json)['ports'] = [hostPort(80)]),
  ]);
  list.push([
    'win-hostpath',
    WINDOWS,
    (p) => {
      p.volume({ name: 'v', hostPath: { path: 'C:\\' } });
    },
  ]);
  list.push(['linux-os', ['restricted'], (p) => (p.spec['os'] = { name: 'linux' })]);
  // combinations
  list.push([
    'combo-everything',
    ['plain'],
    (p) => {
      Object.assign(p.spec, { hostNetwork: true, hostPID: true });
      p.sc()['privileged'] = true;
      p.sc()['capabilities'] = { add: ['SYS_ADMIN'] };
      p.volume({ name: 'root', hostPath: { path: '/' } });
      (p.containers[0] as Json)['ports'] = [hostPort(443)];
      p.podSc['seccompProfile'] = { type: 'Unconfined' };
      p.podSc['sysctls'] = [{ name: 'kernel.msgmax', value: '65536' }];
      p.podSc['runAsUser'] = 0;
      p.annotate(`${APPARMOR}app`, 'unconfined');
    },
  ]);
  return list;
}

function hostPort(port: number, protocol = 'TCP'): Json {
  return { containerPort: port, hostPort: port, protocol };
}

function tri(value: boolean | undefined): string {
  return value === undefined ? 'u' : value ? 't' : 'f';
}

function setOrDelete(record: Json, key: string, value: boolean | undefined): void {
  if (value === undefined) delete record[key];
  else record[key] = value;
}

/** The corpus: every variant on every base it applies to, in a stable order. */
export function podSecurityCorpus(): CorpusPod[] {
  const out: CorpusPod[] = [];
  for (const [variant, bases, mutate] of variants()) {
    for (const base of bases) {
      const p = new Pod(base);
      mutate(p);
      const name = `${base[0]}-${variant}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 63);
      out.push({
        name,
        pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...p.metadata }, spec: p.spec },
      });
    }
  }
  return out;
}

/** The workload kinds whose pod templates the API server judges (warn and audit only). */
export const WORKLOAD_KINDS = ['Deployment', 'Job', 'CronJob'] as const;

/** The versions at which workload templates are judged: a few where the policy changed. */
export const WORKLOAD_VERSIONS = ['v1.24', 'v1.34', 'latest'] as const;

/**
 * The corpus as workloads: pod `i` becomes the template of a Deployment, a Job or a CronJob
 * (in turn), named like the pod.
 */
export function workloadCorpus(): CorpusPod[] {
  return podSecurityCorpus().map(({ name, pod }, index) => {
    const kind = WORKLOAD_KINDS[index % WORKLOAD_KINDS.length] ?? 'Deployment';
    const podMeta = pod['metadata'] as Json;
    const spec = { ...(pod['spec'] as Json) };
    const template: Json = {
      metadata: {
        labels: { app: name },
        ...(podMeta['annotations'] === undefined ? {} : { annotations: podMeta['annotations'] }),
      },
      spec,
    };
    let workload: Json;
    if (kind === 'Deployment') {
      workload = {
        apiVersion: 'apps/v1',
        kind,
        metadata: { name },
        spec: { selector: { matchLabels: { app: name } }, template },
      };
    } else {
      spec['restartPolicy'] = 'Never';
      const jobSpec = { template };
      workload =
        kind === 'Job'
          ? { apiVersion: 'batch/v1', kind, metadata: { name }, spec: jobSpec }
          : {
              apiVersion: 'batch/v1',
              kind,
              metadata: { name },
              spec: { schedule: '*/5 * * * *', jobTemplate: { spec: jobSpec } },
            };
    }
    return { name, pod: workload };
  });
}
