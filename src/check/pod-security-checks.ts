import type { FieldPath } from '../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from './field-access.js';

/**
 * The checks of the Pod Security Standards, one entry per check of the PodSecurity admission
 * controller (k8s.io/pod-security-admission), with the policy version each revision starts at
 * and the reason/detail strings the API server prints. kprod re-implements them in TypeScript;
 * the table order is the order the controller registers them (it sorts by source file name),
 * which is the order the reasons appear in the API server's message.
 */

/** What a failing check reports: `reason (detail)` in the API server's message. */
export interface PssViolation {
  readonly reason: string;
  readonly detail: string;
  /**
   * The failing field the detail names first, as a path from the pod template (`spec…` or
   * `metadata…`). When the violation is that a field is unset, this is the unset field (the
   * caller points at its deepest present ancestor); when the pod or each container may set it
   * (`pod or container … must set`), it is the pod-level field, where the hint says to set it.
   */
  readonly field: FieldPath;
}

/** The pod (or pod template) a check looks at. */
export interface PssPod {
  readonly metadata: JsonRecord;
  readonly spec: JsonRecord;
  /** Init containers, containers, ephemeral containers, in that order. */
  readonly containers: readonly JsonRecord[];
}

type CheckFn = (pod: PssPod) => PssViolation | undefined;

/** One check: its id, level, and revisions by first policy minor version (1.x). */
export interface PssCheck {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /**
   * For a baseline check that a restricted check replaces at the restricted level (the
   * controller's "overlap"): the id of that restricted check.
   */
  readonly replacedBy?: string;
  /** Revisions sorted by `minor`, ascending. */
  readonly versions: readonly { readonly minor: number; readonly check: CheckFn }[];
}

// ---- message helpers, matching the controller's formatting --------------------------------

function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Go's `%q` for the plain strings found in manifests. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function nameOfContainer(container: JsonRecord): string {
  return stringAt(container, 'name') ?? '';
}

function securityContext(container: JsonRecord): JsonRecord | undefined {
  return recordAt(container, 'securityContext');
}

function podSecurityContext(pod: PssPod): JsonRecord | undefined {
  return recordAt(pod.spec, 'securityContext');
}

function isWindowsPod(pod: PssPod): boolean {
  return stringAt(recordAt(pod.spec, 'os'), 'name') === 'windows';
}

/** The containers that fail `bad`, in visiting order. */
function containersWhere(pod: PssPod, bad: (c: JsonRecord) => boolean): JsonRecord[] {
  return pod.containers.filter(bad);
}

function containerPhrase(containers: readonly JsonRecord[]): string {
  return namesPhrase(containers.map(nameOfContainer));
}

function namesPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

// ---- field paths, computed only once a check fails ----------------------------------------

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Where a container of `pod.containers` sits in the pod spec: `['spec', 'containers', 0]`. */
function containerPath(pod: PssPod, container: JsonRecord): FieldPath {
  for (const list of CONTAINER_LISTS) {
    const index = arrayAt(pod.spec, list).indexOf(container);
    if (index >= 0) return ['spec', list, index];
  }
  return ['spec'];
}

/** A field of a container's securityContext: `spec.containers[0].securityContext.<rest>`. */
function containerSecurityField(
  pod: PssPod,
  container: JsonRecord,
  ...rest: readonly (string | number)[]
): FieldPath {
  return [...containerPath(pod, container), 'securityContext', ...rest];
}

/** A field of the pod's securityContext: `spec.securityContext.<rest>`. */
function podSecurityField(...rest: readonly (string | number)[]): FieldPath {
  return ['spec', 'securityContext', ...rest];
}

// ---- baseline ---------------------------------------------------------------------------

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function appArmorProfile(pod: PssPod): PssViolation | undefined {
  const allowedType = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';
  const setters: string[] = [];
  const badTypes: string[] = [];
  let field: FieldPath | undefined;
  const podProfile = recordAt(podSecurityContext(pod), 'appArmorProfile');
  if (podProfile !== undefined && !allowedType(podProfile.type)) {
    setters.push('pod');
    badTypes.push(stringAt(podProfile, 'type') ?? '');
    field = podSecurityField('appArmorProfile', 'type');
  }
  const badContainers = containersWhere(pod, (c) => {
    const profile = recordAt(securityContext(c), 'appArmorProfile');
    if (profile === undefined || allowedType(profile.type)) return false;
    badTypes.push(stringAt(profile, 'type') ?? '');
    return true;
  });
  const firstContainer = badContainers[0];
  if (firstContainer !== undefined) {
    setters.push(containerPhrase(badContainers));
    field ??= containerSecurityField(pod, firstContainer, 'appArmorProfile', 'type');
  }
  const badAnnotations: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(stringMapAt(pod.metadata, 'annotations'))) {
    const allowed = value === '' || value === 'runtime/default' || value.startsWith('localhost/');
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowed) {
      badAnnotations.push({ key, text: `${key}=${goQuote(value)}` });
    }
  }
  badAnnotations.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const firstAnnotation = badAnnotations[0];
  if (firstAnnotation !== undefined) {
    setters.push(pluralize('annotation', 'annotations', badAnnotations.length));
    field ??= ['metadata', 'annotations', firstAnnotation.key];
  }
  if (field === undefined) return undefined;
  const values = [...sorted(badTypes), ...badAnnotations.map((a) => a.text)];
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
    field,
  };
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(pod: PssPod): PssViolation | undefined {
  const bad: string[] = [];
  const notDefault = (cap: unknown): boolean => !BASELINE_CAPABILITIES.has(String(cap));
  const containers = containersWhere(pod, (c) => {
    const added = arrayAt(recordAt(securityContext(c), 'capabilities'), 'add');
    const forbidden = added.filter(notDefault);
    bad.push(...forbidden.map(String));
    return forbidden.length > 0;
  });
  const first = containers[0];
  if (first === undefined) return undefined;
  const index = arrayAt(recordAt(securityContext(first), 'capabilities'), 'add').findIndex(
    notDefault,
  );
  return {
    reason: 'non-default capabilities',
    detail: `${containerPhrase(containers)} must not include ${joinQuote(sorted(bad))} in securityContext.capabilities.add`,
    field: containerSecurityField(pod, first, 'capabilities', 'add', index),
  };
}

function hostNamespaces(pod: PssPod): PssViolation | undefined {
  const used = sorted(
    ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => booleanAt(pod.spec, f) === true),
  );
  const first = used[0];
  if (first === undefined) return undefined;
  return { reason: 'host namespaces', detail: used.join(', '), field: ['spec', first] };
}

function hostPathVolumes(pod: PssPod): PssViolation | undefined {
  const volumes = arrayAt(pod.spec, 'volumes');
  const isHostPath = (v: unknown): boolean => recordAt(v, 'hostPath') !== undefined;
  const first = volumes.findIndex(isHostPath);
  if (first < 0) return undefined;
  const names = volumes.filter(isHostPath).map((v) => stringAt(v, 'name') ?? '');
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    field: ['spec', 'volumes', first, 'hostPath'],
  };
}

function hostPorts(pod: PssPod): PssViolation | undefined {
  const ports: string[] = [];
  const hostPortOf = (p: unknown): number => numberAt(p, 'hostPort') ?? 0;
  const containers = containersWhere(pod, (c) => {
    const used = arrayAt(c, 'ports')
      .map(hostPortOf)
      .filter((p) => p !== 0);
    ports.push(...used.map(String));
    return used.length > 0;
  });
  const first = containers[0];
  if (first === undefined) return undefined;
  const unique = sorted(ports);
  const index = arrayAt(first, 'ports').findIndex((p) => hostPortOf(p) !== 0);
  return {
    reason: 'hostPort',
    detail: `${containerPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    field: [...containerPath(pod, first), 'ports', index, 'hostPort'],
  };
}

/** Where probes and lifecycle handlers sit in a container, in the order the hosts are read. */
const HOST_HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const HOST_HANDLER_KINDS = ['httpGet', 'tcpSocket'] as const;

function hostProbesAndHostLifecycle(pod: PssPod): PssViolation | undefined {
  const hosts: string[] = [];
  const hostsOf = (handler: unknown): string[] =>
    HOST_HANDLER_KINDS.map((kind) => stringAt(recordAt(handler, kind), 'host') ?? '').filter(
      (h) => h !== '',
    );
  const bad = containersWhere(pod, (c) => {
    const lifecycle = recordAt(c, 'lifecycle');
    const found = [
      ...hostsOf(recordAt(c, 'livenessProbe')),
      ...hostsOf(recordAt(c, 'readinessProbe')),
      ...hostsOf(recordAt(c, 'startupProbe')),
      ...hostsOf(recordAt(lifecycle, 'postStart')),
      ...hostsOf(recordAt(lifecycle, 'preStop')),
    ];
    hosts.push(...found);
    return found.length > 0;
  });
  const firstVisited = bad[0];
  if (firstVisited === undefined) return undefined;
  const unique = sorted(hosts);
  const names = sorted(bad.map(nameOfContainer));
  // The message lists containers by name, so the first one named is the first by name.
  const first = bad.find((c) => nameOfContainer(c) === names[0]) ?? firstVisited;
  return {
    reason: 'probe or lifecycle host',
    detail: `${namesPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', unique.length)} ${joinQuote(unique)}`,
    field: [...containerPath(pod, first), ...firstHostField(first)],
  };
}

/** The path of the first non-empty probe or lifecycle `host` within a container. */
function firstHostField(container: JsonRecord): FieldPath {
  for (const handlerPath of HOST_HANDLERS) {
    let handler: unknown = container;
    for (const step of handlerPath) handler = recordAt(handler, step);
    for (const kind of HOST_HANDLER_KINDS) {
      if ((stringAt(recordAt(handler, kind), 'host') ?? '') !== '') {
        return [...handlerPath, kind, 'host'];
      }
    }
  }
  return [];
}

function privileged(pod: PssPod): PssViolation | undefined {
  const bad = containersWhere(pod, (c) => booleanAt(securityContext(c), 'privileged') === true);
  const first = bad[0];
  if (first === undefined) return undefined;
  return {
    reason: 'privileged',
    detail: `${containerPhrase(bad)} must not set securityContext.privileged=true`,
    field: containerSecurityField(pod, first, 'privileged'),
  };
}

function procMount(pod: PssPod): PssViolation | undefined {
  const types: string[] = [];
  const bad = containersWhere(pod, (c) => {
    const value = stringAt(securityContext(c), 'procMount');
    if (value === undefined || value === 'Default') return false;
    types.push(value);
    return true;
  });
  const first = bad[0];
  if (first === undefined) return undefined;
  return {
    reason: 'procMount',
    detail: `${containerPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sorted(types))}`,
    field: containerSecurityField(pod, first, 'procMount'),
  };
}

function seLinuxOptionsFor(allowedTypes: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const set = { user: false, role: false };
    const valid = (options: JsonRecord): boolean => {
      let ok = true;
      const type = stringAt(options, 'type') ?? '';
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
      }
      if ((stringAt(options, 'user') ?? '') !== '') {
        ok = false;
        set.user = true;
      }
      if ((stringAt(options, 'role') ?? '') !== '') {
        ok = false;
        set.role = true;
      }
      return ok;
    };
    // The first forbidden part of a seLinuxOptions that failed.
    const badPart = (options: JsonRecord): string =>
      !allowedTypes.has(stringAt(options, 'type') ?? '')
        ? 'type'
        : (stringAt(options, 'user') ?? '') !== ''
          ? 'user'
          : 'role';
    let field: FieldPath | undefined;
    const podOptions = recordAt(podSecurityContext(pod), 'seLinuxOptions');
    if (podOptions !== undefined && !valid(podOptions)) {
      setters.push('pod');
      field = podSecurityField('seLinuxOptions', badPart(podOptions));
    }
    const bad = containersWhere(pod, (c) => {
      const options = recordAt(securityContext(c), 'seLinuxOptions');
      return options !== undefined && !valid(options);
    });
    const first = bad[0];
    if (first !== undefined) {
      setters.push(containerPhrase(bad));
      const options = recordAt(securityContext(first), 'seLinuxOptions') ?? {};
      field ??= containerSecurityField(pod, first, 'seLinuxOptions', badPart(options));
    }
    if (field === undefined) return undefined;
    const data: string[] = [];
    // The controller only mentions user and role when a type is also forbidden; kprod keeps
    // its exact output.
    if (badTypes.length > 0) {
      const types = sorted(badTypes);
      data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
      if (set.user) data.push('user may not be set');
      if (set.role) data.push('role may not be set');
    }
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      field,
    };
  };
}

const SELINUX_TYPES_1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function seccompProfileBaselineAnnotations(pod: PssPod): PssViolation | undefined {
  const annotations = stringMapAt(pod.metadata, 'annotations');
  const valid = (v: string): boolean =>
    v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
  const forbidden = new Map<string, string>();
  const podValue = annotations[SECCOMP_POD_ANNOTATION];
  if (podValue !== undefined && !valid(podValue)) {
    forbidden.set(`${SECCOMP_POD_ANNOTATION}=${goQuote(podValue)}`, SECCOMP_POD_ANNOTATION);
  }
  for (const container of pod.containers) {
    const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + nameOfContainer(container);
    const value = annotations[key];
    if (value !== undefined && !valid(value)) forbidden.set(`${key}=${goQuote(value)}`, key);
  }
  const list = sorted(forbidden.keys());
  const first = list[0];
  if (first === undefined) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', list.length)} ${list.join(', ')}`,
    field: ['metadata', 'annotations', forbidden.get(first) ?? ''],
  };
}

const validSeccompType = (t: unknown): boolean => t === 'RuntimeDefault' || t === 'Localhost';

/** Seccomp via fields; `required` makes an unset profile a violation (restricted). */
function seccompProfileFields(required: boolean, windowsExempt: boolean): CheckFn {
  return (pod) => {
    if (windowsExempt && isWindowsPod(pod)) return undefined;
    const setters: string[] = [];
    const badValues: string[] = [];
    let field: FieldPath | undefined;
    let podSet = false;
    const podProfile = recordAt(podSecurityContext(pod), 'seccompProfile');
    if (podProfile !== undefined) {
      if (validSeccompType(podProfile.type)) podSet = true;
      else {
        setters.push('pod');
        badValues.push(stringAt(podProfile, 'type') ?? '');
        field = podSecurityField('seccompProfile', 'type');
      }
    }
    const implicit: JsonRecord[] = [];
    const explicit = containersWhere(pod, (c) => {
      const profile = recordAt(securityContext(c), 'seccompProfile');
      if (profile === undefined) {
        if (!podSet) implicit.push(c);
        return false;
      }
      if (validSeccompType(profile.type)) return false;
      badValues.push(stringAt(profile, 'type') ?? '');
      return true;
    });
    const first = explicit[0];
    if (first !== undefined) {
      setters.push(containerPhrase(explicit));
      field ??= containerSecurityField(pod, first, 'seccompProfile', 'type');
    }
    if (field !== undefined) {
      return {
        reason: 'seccompProfile',
        detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sorted(badValues))}`,
        field,
      };
    }
    if (required && implicit.length > 0) {
      return {
        reason: 'seccompProfile',
        detail: `pod or ${containerPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        field: podSecurityField('seccompProfile'),
      };
    }
    return undefined;
  };
}

function sysctlsFor(allowed: ReadonlySet<string>): CheckFn {
  return (pod) => {
    const sysctls = arrayAt(podSecurityContext(pod), 'sysctls');
    const nameOf = (s: unknown): string => stringAt(s, 'name') ?? '';
    const forbidden = sysctls.map(nameOf).filter((name) => !allowed.has(name));
    if (forbidden.length === 0) return undefined;
    const first = sysctls.findIndex((s) => !allowed.has(nameOf(s)));
    return {
      reason: 'forbidden sysctls',
      detail: forbidden.join(', '),
      field: podSecurityField('sysctls', first, 'name'),
    };
  };
}

const SYSCTLS_1_0 = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);
const SYSCTLS_1_27 = new Set([...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports']);
const SYSCTLS_1_29 = new Set([
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SYSCTLS_1_32 = new Set([...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);

function windowsHostProcess(pod: PssPod): PssViolation | undefined {
  const hostProcess = (ctx: JsonRecord | undefined): boolean =>
    booleanAt(recordAt(ctx, 'windowsOptions'), 'hostProcess') === true;
  const setters: string[] = [];
  let field: FieldPath | undefined;
  if (hostProcess(podSecurityContext(pod))) {
    setters.push('pod');
    field = podSecurityField('windowsOptions', 'hostProcess');
  }
  const bad = containersWhere(pod, (c) => hostProcess(securityContext(c)));
  const first = bad[0];
  if (first !== undefined) {
    setters.push(containerPhrase(bad));
    field ??= containerSecurityField(pod, first, 'windowsOptions', 'hostProcess');
  }
  if (field === undefined) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    field,
  };
}

// ---- restricted -------------------------------------------------------------------------

function allowPrivilegeEscalation(windowsExempt: boolean): CheckFn {
  return (pod) => {
    if (windowsExempt && isWindowsPod(pod)) return undefined;
    const bad = containersWhere(
      pod,
      (c) => booleanAt(securityContext(c), 'allowPrivilegeEscalation') !== false,
    );
    const first = bad[0];
    if (first === undefined) return undefined;
    return {
      reason: 'allowPrivilegeEscalation != false',
      detail: `${containerPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
      field: containerSecurityField(pod, first, 'allowPrivilegeEscalation'),
    };
  };
}

function capabilitiesRestricted(windowsExempt: boolean): CheckFn {
  return (pod) => {
    if (windowsExempt && isWindowsPod(pod)) return undefined;
    const missingDropAll: JsonRecord[] = [];
    const adding: JsonRecord[] = [];
    const forbidden: string[] = [];
    const notAllowed = (cap: unknown): boolean => cap !== 'NET_BIND_SERVICE';
    for (const c of pod.containers) {
      const caps = recordAt(securityContext(c), 'capabilities');
      if (caps === undefined) {
        missingDropAll.push(c);
        continue;
      }
      if (!arrayAt(caps, 'drop').includes('ALL')) missingDropAll.push(c);
      const extra = arrayAt(caps, 'add').filter(notAllowed);
      if (extra.length > 0) {
        adding.push(c);
        forbidden.push(...extra.map(String));
      }
    }
    const details: string[] = [];
    let field: FieldPath | undefined;
    const firstMissing = missingDropAll[0];
    if (firstMissing !== undefined) {
      details.push(
        `${containerPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`,
      );
      field = containerSecurityField(pod, firstMissing, 'capabilities', 'drop');
    }
    const firstAdding = adding[0];
    if (firstAdding !== undefined) {
      details.push(
        `${containerPhrase(adding)} must not include ${joinQuote(sorted(forbidden))} in securityContext.capabilities.add`,
      );
      const added = arrayAt(recordAt(securityContext(firstAdding), 'capabilities'), 'add');
      field ??= containerSecurityField(
        pod,
        firstAdding,
        'capabilities',
        'add',
        added.findIndex(notAllowed),
      );
    }
    if (field === undefined) return undefined;
    return { reason: 'unrestricted capabilities', detail: details.join('; '), field };
  };
}

/** Volume sources the restricted level allows; any other source is reported by its name. */
const ALLOWED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The restricted volume sources the controller names; anything else it calls "unknown". */
const NAMED_VOLUME_SOURCES: ReadonlyMap<string, string> = new Map([
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['gitRepo', 'gitRepo'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['rbd', 'rbd'],
  ['flexVolume', 'flexVolume'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephfs'],
  ['flocker', 'flocker'],
  ['fc', 'fc'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['quobyte', 'quobyte'],
  ['azureDisk', 'azureDisk'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['scaleIO', 'scaleIO'],
  ['storageos', 'storageos'],
]);

function restrictedVolumes(pod: PssPod): PssViolation | undefined {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  let field: FieldPath | undefined;
  for (const [index, volume] of arrayAt(pod.spec, 'volumes').entries()) {
    if (!isRecord(volume)) continue;
    const sources = Object.keys(volume).filter((k) => k !== 'name' && isRecord(volume[k]));
    if (sources.some((s) => ALLOWED_VOLUME_SOURCES.has(s))) continue;
    badVolumes.push(stringAt(volume, 'name') ?? '');
    const named = sources.map((s) => NAMED_VOLUME_SOURCES.get(s)).find((s) => s !== undefined);
    badTypes.push(named ?? 'unknown');
    // The source the message names (its key is its name), else any source, else the volume.
    const source = named ?? sources[0];
    field ??= ['spec', 'volumes', index, ...(source === undefined ? [] : [source])];
  }
  if (field === undefined) return undefined;
  const types = sorted(badTypes);
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
    field,
  };
}

function runAsNonRoot(pod: PssPod): PssViolation | undefined {
  const setters: string[] = [];
  let field: FieldPath | undefined;
  const podValue = booleanAt(podSecurityContext(pod), 'runAsNonRoot');
  if (podValue === false) {
    setters.push('pod');
    field = podSecurityField('runAsNonRoot');
  }
  const implicit: JsonRecord[] = [];
  const explicit = containersWhere(pod, (c) => {
    const value = booleanAt(securityContext(c), 'runAsNonRoot');
    if (value === undefined) {
      if (podValue !== true) implicit.push(c);
      return false;
    }
    return !value;
  });
  const first = explicit[0];
  if (first !== undefined) {
    setters.push(containerPhrase(explicit));
    field ??= containerSecurityField(pod, first, 'runAsNonRoot');
  }
  if (field !== undefined) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      field,
    };
  }
  if (implicit.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containerPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
      field: podSecurityField('runAsNonRoot'),
    };
  }
  return undefined;
}

function runAsUser(pod: PssPod): PssViolation | undefined {
  const setters: string[] = [];
  let field: FieldPath | undefined;
  if (numberAt(podSecurityContext(pod), 'runAsUser') === 0) {
    setters.push('pod');
    field = podSecurityField('runAsUser');
  }
  const bad = containersWhere(pod, (c) => numberAt(securityContext(c), 'runAsUser') === 0);
  const first = bad[0];
  if (first !== undefined) {
    setters.push(containerPhrase(bad));
    field ??= containerSecurityField(pod, first, 'runAsUser');
  }
  if (field === undefined) return undefined;
  return {
    reason: 'runAsUser=0',
    detail: `${setters.join(' and ')} must not set runAsUser=0`,
    field,
  };
}

/** Every check, in the controller's registration order. */
export const PSS_CHECKS: readonly PssCheck[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minor: 8, check: allowPrivilegeEscalation(false) },
      { minor: 25, check: allowPrivilegeEscalation(true) },
    ],
  },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minor: 0, check: appArmorProfile }] },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    replacedBy: 'capabilities_restricted',
    versions: [{ minor: 0, check: capabilitiesBaseline }],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minor: 22, check: capabilitiesRestricted(false) },
      { minor: 25, check: capabilitiesRestricted(true) },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minor: 0, check: hostNamespaces }] },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    replacedBy: 'restrictedVolumes',
    versions: [{ minor: 0, check: hostPathVolumes }],
  },
  { id: 'hostPorts', level: 'baseline', versions: [{ minor: 0, check: hostPorts }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ minor: 34, check: hostProbesAndHostLifecycle }],
  },
  { id: 'privileged', level: 'baseline', versions: [{ minor: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ minor: 0, check: procMount }] },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minor: 0, check: restrictedVolumes }],
  },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minor: 0, check: runAsNonRoot }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minor: 23, check: runAsUser }] },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { minor: 0, check: seLinuxOptionsFor(SELINUX_TYPES_1_0) },
      { minor: 31, check: seLinuxOptionsFor(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    replacedBy: 'seccompProfile_restricted',
    versions: [
      { minor: 0, check: seccompProfileBaselineAnnotations },
      { minor: 19, check: seccompProfileFields(false, false) },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minor: 19, check: seccompProfileFields(true, false) },
      { minor: 25, check: seccompProfileFields(true, true) },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minor: 0, check: sysctlsFor(SYSCTLS_1_0) },
      { minor: 27, check: sysctlsFor(SYSCTLS_1_27) },
      { minor: 29, check: sysctlsFor(SYSCTLS_1_29) },
      { minor: 32, check: sysctlsFor(SYSCTLS_1_32) },
    ],
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    versions: [{ minor: 0, check: windowsHostProcess }],
  },
];

/** The newest policy version kprod knows (`v1.N`); newer versions and `latest` evaluate as it. */
export const NEWEST_PSS_MINOR = Math.max(
  ...PSS_CHECKS.flatMap((c) => c.versions.map((v) => v.minor)),
);
