/**
 * The baseline checks of the Pod Security Standards (and the seccomp field check that the
 * restricted level reuses). pod-security-checks.ts puts them in the controller's order.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import {
  type CheckFn,
  type PssPod,
  type PssViolation,
  containerPath,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  goQuote,
  inUserNamespace,
  isWindowsPod,
  joinQuote,
  nameOfContainer,
  namesPhrase,
  pluralize,
  podSecurityContext,
  podSecurityField,
  securityContext,
  sorted,
} from './pod-spec.js';

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** AppArmor profile types other than RuntimeDefault and Localhost, by field or annotation. */
export function appArmorProfile(pod: PssPod): PssViolation | undefined {
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
  const annotations = stringMapAt(pod.metadata, 'annotations');
  // A profile the server copies from an annotation is pointed at by its annotation.
  let containerField: FieldPath | undefined;
  const badContainers = containersWhere(pod, (c) => {
    const own = recordAt(securityContext(c), 'appArmorProfile');
    const profile = own ?? copiedAppArmorProfile(pod, c, annotations);
    if (profile === undefined || allowedType(profile.type)) return false;
    badTypes.push(stringAt(profile, 'type') ?? '');
    containerField ??=
      own === undefined
        ? ['metadata', 'annotations', APPARMOR_ANNOTATION_PREFIX + nameOfContainer(c)]
        : containerSecurityField(pod, c, 'appArmorProfile', 'type');
    return true;
  });
  if (badContainers.length > 0) {
    setters.push(containerPhrase(badContainers));
    field ??= containerField;
  }
  const badAnnotations: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(annotations)) {
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

/**
 * The container profile the API server derives from a container's AppArmor annotation before
 * admission sees a Pod: when the container sets no profile and the annotation names a valid
 * one that differs from the pod's, the server copies it into the container's field (for Pods
 * only, not workload templates, and not for Windows pods). Undefined when nothing is copied.
 */
function copiedAppArmorProfile(
  pod: PssPod,
  container: JsonRecord,
  annotations: Readonly<Record<string, string>>,
): JsonRecord | undefined {
  if (pod.isPod !== true || isWindowsPod(pod)) return undefined;
  const value = annotations[APPARMOR_ANNOTATION_PREFIX + nameOfContainer(container)];
  let profile: JsonRecord | undefined;
  if (value === 'runtime/default') profile = { type: 'RuntimeDefault' };
  else if (value === 'unconfined') profile = { type: 'Unconfined' };
  else if (value?.startsWith('localhost/') === true && value.length > 'localhost/'.length) {
    profile = { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  }
  if (profile === undefined) return undefined;
  const podProfile = recordAt(podSecurityContext(pod), 'appArmorProfile');
  const sameAsPod =
    podProfile !== undefined &&
    podProfile.type === profile.type &&
    (stringAt(podProfile, 'localhostProfile') ?? '') ===
      (stringAt(profile, 'localhostProfile') ?? '');
  return sameAsPod ? undefined : profile;
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

/** Added capabilities outside the default set (baseline). */
export function capabilitiesBaseline(pod: PssPod): PssViolation | undefined {
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

/** hostNetwork, hostPID and hostIPC, named in that order as `hostNetwork=true`. */
export function hostNamespaces(pod: PssPod): PssViolation | undefined {
  const used = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => booleanAt(pod.spec, f) === true);
  const first = used[0];
  if (first === undefined) return undefined;
  return {
    reason: 'host namespaces',
    detail: used.map((f) => `${f}=true`).join(', '),
    field: ['spec', first],
  };
}

/** hostPath volumes (baseline; restrictedVolumes replaces it at restricted). */
export function hostPathVolumes(pod: PssPod): PssViolation | undefined {
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

/** Container ports with a non-zero hostPort. */
export function hostPorts(pod: PssPod): PssViolation | undefined {
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

/** A `host` in probes and lifecycle handlers (from v1.34). */
export function hostProbesAndHostLifecycle(pod: PssPod): PssViolation | undefined {
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

/** Privileged containers. */
export function privileged(pod: PssPod): PssViolation | undefined {
  const bad = containersWhere(pod, (c) => booleanAt(securityContext(c), 'privileged') === true);
  const first = bad[0];
  if (first === undefined) return undefined;
  return {
    reason: 'privileged',
    detail: `${containerPhrase(bad)} must not set securityContext.privileged=true`,
    field: containerSecurityField(pod, first, 'privileged'),
  };
}

/** procMount other than Default (v1.0; the restricted level keeps it from v1.35). */
export function procMount(pod: PssPod): PssViolation | undefined {
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

/**
 * procMount other than Default, unless the pod runs in a user namespace (`hostUsers: false`):
 * the baseline check from v1.35.
 */
export function procMountUnlessUserNamespace(pod: PssPod): PssViolation | undefined {
  return inUserNamespace(pod) ? undefined : procMount(pod);
}

/** SELinux options with a type outside `allowedTypes`, a user or a role. */
export function seLinuxOptionsFor(allowedTypes: ReadonlySet<string>): CheckFn {
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
    if (badTypes.length > 0) {
      const types = sorted(badTypes);
      data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    }
    if (set.user) data.push('user may not be set');
    if (set.role) data.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
      field,
    };
  };
}

/** The SELinux types allowed from v1.0 ('' is unset). */
export const SELINUX_TYPES_1_0 = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
/** The SELinux types allowed from v1.31. */
export const SELINUX_TYPES_1_31 = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Seccomp by annotation, before v1.19: unconfined profiles are forbidden. */
export function seccompProfileBaselineAnnotations(pod: PssPod): PssViolation | undefined {
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
export function seccompProfileFields(required: boolean, windowsExempt: boolean): CheckFn {
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

/** Pod sysctls outside `allowed`. */
export function sysctlsFor(allowed: ReadonlySet<string>): CheckFn {
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

/** The safe sysctls of v1.0. */
export const SYSCTLS_1_0 = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);
/** v1.27 adds ip_local_reserved_ports. */
export const SYSCTLS_1_27 = new Set([...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports']);
/** v1.29 adds the TCP keepalive and fin timeout sysctls. */
export const SYSCTLS_1_29 = new Set([
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
/** v1.32 adds tcp_rmem and tcp_wmem. */
export const SYSCTLS_1_32 = new Set([...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
/** v1.37 adds tcp_slow_start_after_idle and tcp_notsent_lowat. */
export const SYSCTLS_1_37 = new Set([
  ...SYSCTLS_1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

/** Windows hostProcess on the pod or a container. */
export function windowsHostProcess(pod: PssPod): PssViolation | undefined {
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
