import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type CheckInput, type CheckOptions, type Finding, findingFor } from '../finding.js';
import {
  arrayAt,
  booleanAt,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import { type PodTemplate, kindOf, nameOf, namespaceOf } from '../pod-templates.js';
import {
  SINGLE_REPLICA_ROLLING,
  NAMESPACE_DEFAULT,
  AUTOMOUNT_TOKEN,
  SECRET_DATA_COMMITTED,
} from './practices-rules.js';
import { CLUSTER_SCOPED_KINDS } from '../../kube/kinds.js';

/** Kinds whose pods run until replaced, not to completion. */
export const LONG_RUNNING = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
]);
/** Kinds updated by a rolling update of their pods. */
export const ROLLED = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** ServiceAccounts and PersistentVolumeClaims of the input by `kind/namespace/name`. */
type Lookup = ReadonlyMap<string, SourceObject>;

/** The objects of the input by namespace, kind and name. */
export function buildLookup(input: CheckInput): Lookup {
  const map = new Map<string, SourceObject>();
  for (const o of input.objects) {
    const kind = kindOf(o);
    if (kind !== 'ServiceAccount' && kind !== 'PersistentVolumeClaim') continue;
    map.set(`${kind}/${namespaceOf(o, input.options.defaultNamespace)}/${nameOf(o)}`, o);
  }
  return map;
}

/** A pod template that mounts a service account token it does not need. */
export function checkAutomount(template: PodTemplate, lookup: Lookup, out: Finding[]): void {
  const podSetting = booleanAt(template.spec, 'automountServiceAccountToken');
  if (podSetting === false) return;
  const accountName =
    stringAt(template.spec, 'serviceAccountName') ??
    stringAt(template.spec, 'serviceAccount') ??
    'default';
  if (podSetting === undefined) {
    const account = lookup.get(`ServiceAccount/${template.namespace}/${accountName}`);
    if (
      account !== undefined &&
      booleanAt(account.object, 'automountServiceAccountToken') === false
    ) {
      return;
    }
  }
  out.push(
    findingFor(
      template.source,
      AUTOMOUNT_TOKEN,
      `pods mount the token of service account "${accountName}"${podSetting === true ? ' (automountServiceAccountToken: true)' : ''}`,
      'Set automountServiceAccountToken: false in the pod spec (or on the ServiceAccount) unless the application calls the Kubernetes API.',
      [...template.path, 'spec', ...(podSetting === true ? ['automountServiceAccountToken'] : [])],
    ),
  );
}

/** PVC names a pod template mounts. */
function claimsOf(template: PodTemplate): string[] {
  return arrayAt(template.spec, 'volumes')
    .map((v) => stringAt(recordAt(v, 'persistentVolumeClaim'), 'claimName'))
    .filter((n): n is string => n !== undefined);
}

/** A one-replica RollingUpdate Deployment that cannot run two copies (RWO claim, annotation). */
export function checkSingleInstance(template: PodTemplate, lookup: Lookup, out: Finding[]): void {
  if (template.kind !== 'Deployment') return;
  const spec = recordAt(template.source.object, 'spec');
  const replicas = numberAt(spec, 'replicas') ?? 1;
  const strategy = stringAt(recordAt(spec, 'strategy'), 'type') ?? 'RollingUpdate';
  if (replicas !== 1 || strategy !== 'RollingUpdate') return;
  const reasons: string[] = [];
  const annotations = stringMapAt(template.source.object.metadata, 'annotations');
  if (annotations['kprod.dev/single-instance'] === 'true') {
    reasons.push('it is annotated kprod.dev/single-instance: "true"');
  }
  for (const claim of claimsOf(template)) {
    const pvc = lookup.get(`PersistentVolumeClaim/${template.namespace}/${claim}`);
    const modes = arrayAt(recordAt(pvc?.object, 'spec'), 'accessModes');
    if (modes.length > 0 && modes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod')) {
      reasons.push(`it mounts PersistentVolumeClaim "${claim}" (${modes.join(', ')})`);
    }
  }
  if (reasons.length === 0) return;
  out.push(
    findingFor(
      template.source,
      SINGLE_REPLICA_ROLLING,
      `one replica with the RollingUpdate strategy, but the workload cannot run two copies: ${reasons.join('; ')}`,
      'Set spec.strategy.type: Recreate (brief downtime on each update) or make the application safe to run twice.',
      recordAt(spec, 'strategy') === undefined ? ['spec'] : ['spec', 'strategy'],
    ),
  );
}

/** A namespaced object that lands in the default namespace. */
export function checkNamespace(source: SourceObject, options: CheckOptions, out: Finding[]): void {
  const kind = kindOf(source);
  const explicit = stringAt(source.object.metadata, 'namespace');
  if (explicit === undefined && (CLUSTER_SCOPED_KINDS.has(kind) || kind === '')) return;
  const namespace = explicit ?? options.defaultNamespace ?? 'default';
  if (namespace !== 'default') return;
  const field: FieldPath = explicit === undefined ? ['metadata'] : ['metadata', 'namespace'];
  out.push(
    findingFor(
      source,
      NAMESPACE_DEFAULT,
      explicit === undefined
        ? `${kind} "${nameOf(source)}" has no namespace and lands in "default"`
        : `${kind} "${nameOf(source)}" is in the "default" namespace`,
      'Give every object its application namespace (metadata.namespace, or namespace: in kustomization.yaml).',
      field,
    ),
  );
}

/** A Secret with data committed in the manifests. */
export function checkSecret(source: SourceObject, out: Finding[]): void {
  if (kindOf(source) !== 'Secret' || source.object.apiVersion !== 'v1') return;
  for (const key of ['data', 'stringData'] as const) {
    const data = recordAt(source.object, key);
    if (data === undefined || Object.keys(data).length === 0) continue;
    out.push(
      findingFor(
        source,
        SECRET_DATA_COMMITTED,
        `Secret "${nameOf(source)}" carries ${key} (${Object.keys(data).join(', ')}) in the manifests`,
        'Keep credentials out of Git: create the Secret in the cluster (sealed-secrets, external-secrets, a CI step) and reference it by name.',
        [key],
      ),
    );
  }
}
