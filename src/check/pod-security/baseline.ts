/**
 * The baseline checks of the Pod Security Standards on privileges: AppArmor, capabilities,
 * privileged, procMount. checks.ts puts every check in the controller's order.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import { arrayAt, booleanAt, recordAt, stringAt, stringMapAt } from '../../kube/field-access.js';
import {
  type PssPod,
  type PssViolation,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  goQuote,
  joinQuote,
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

/** procMount other than Default. */
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
