/** The restricted checks of the Pod Security Standards. */
import type { FieldPath } from '../../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../kube/field-access.js';
import {
  type CheckFn,
  type PssPod,
  type PssViolation,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  inUserNamespace,
  isWindowsPod,
  joinQuote,
  pluralize,
  podSecurityContext,
  podSecurityField,
  securityContext,
  sorted,
} from './pod-spec.js';

/** allowPrivilegeEscalation not false; `windowsExempt` (v1.25+) skips Windows pods. */
export function allowPrivilegeEscalation(windowsExempt: boolean): CheckFn {
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

/** No capabilities.drop of ALL, or an added capability other than NET_BIND_SERVICE. */
export function capabilitiesRestricted(windowsExempt: boolean): CheckFn {
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
  'image',
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

/** Volume sources other than the allowed ones. */
export function restrictedVolumes(pod: PssPod): PssViolation | undefined {
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

/** runAsNonRoot not true, on the pod or a container. */
export function runAsNonRoot(pod: PssPod): PssViolation | undefined {
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

/** runAsNonRoot, except for a pod in a user namespace (v1.35). */
export function runAsNonRootUnlessUserNamespace(pod: PssPod): PssViolation | undefined {
  return inUserNamespace(pod) ? undefined : runAsNonRoot(pod);
}

/** runAsUser, except for a pod in a user namespace (v1.35). */
export function runAsUserUnlessUserNamespace(pod: PssPod): PssViolation | undefined {
  return inUserNamespace(pod) ? undefined : runAsUser(pod);
}

/** runAsUser 0 on the pod or a container (from v1.23). */
export function runAsUser(pod: PssPod): PssViolation | undefined {
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
