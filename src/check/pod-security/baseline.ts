/**
 * The baseline checks of the Pod Security Standards on privileges: AppArmor, capabilities,
 * privileged, procMount. checks.ts puts every check in the controller's order.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import {
  type PssPod,
  type PssViolation,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  goQuote,
  inUserNamespace,
  isWindowsPod,
  joinQuote,
  nameOfContainer,
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
