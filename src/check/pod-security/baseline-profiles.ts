/**
 * The baseline checks of the Pod Security Standards on security profiles and kernel settings:
 * SELinux, seccomp (with the field check the restricted level reuses) and sysctls.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import {
  type CheckFn,
  type PssPod,
  type PssViolation,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  goQuote,
  isWindowsPod,
  joinQuote,
  nameOfContainer,
  pluralize,
  podSecurityContext,
  podSecurityField,
  securityContext,
  sorted,
} from './pod-spec.js';

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
