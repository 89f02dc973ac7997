import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { type Finding, findingFor } from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  recordAt,
  stringAt,
} from '../../kube/field-access.js';
import { type PodTemplate, containersOf } from '../pod-templates.js';
import { CONFIGMAP_REF_MISSING, SECRET_REF_MISSING } from './references-rules.js';
import type { ObjectIndex } from './object-index.js';

interface ObjectRef {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly keys: readonly string[];
  readonly optional: boolean;
  readonly field: FieldPath;
}

/** Every ConfigMap and Secret reference of a pod template. */
function objectRefsOf(template: PodTemplate): ObjectRef[] {
  const refs: ObjectRef[] = [];
  const base = [...template.path, 'spec'];
  const keysOfItems = (source: unknown): string[] =>
    arrayAt(source, 'items')
      .map((item) => stringAt(item, 'key'))
      .filter((k): k is string => k !== undefined);
  const volumeSource = (
    kind: ObjectRef['kind'],
    source: JsonRecord | undefined,
    nameKey: string,
    field: FieldPath,
  ): void => {
    const name = stringAt(source, nameKey);
    if (name === undefined) return;
    refs.push({
      kind,
      name,
      keys: keysOfItems(source),
      optional: booleanAt(source, 'optional') === true,
      field,
    });
  };
  arrayAt(template.spec, 'volumes').forEach((volume, i) => {
    const field = [...base, 'volumes', i];
    volumeSource('ConfigMap', recordAt(volume, 'configMap'), 'name', [...field, 'configMap']);
    volumeSource('Secret', recordAt(volume, 'secret'), 'secretName', [...field, 'secret']);
    arrayAt(recordAt(volume, 'projected'), 'sources').forEach((s, j) => {
      const sourceField = [...field, 'projected', 'sources', j];
      volumeSource('ConfigMap', recordAt(s, 'configMap'), 'name', [...sourceField, 'configMap']);
      volumeSource('Secret', recordAt(s, 'secret'), 'name', [...sourceField, 'secret']);
    });
  });
  arrayAt(template.spec, 'imagePullSecrets').forEach((s, i) => {
    const name = stringAt(s, 'name');
    if (name !== undefined) {
      refs.push({
        kind: 'Secret',
        name,
        keys: [],
        optional: false,
        field: [...base, 'imagePullSecrets', i],
      });
    }
  });
  for (const c of containersOf(template)) {
    arrayAt(c.container, 'envFrom').forEach((e, i) => {
      volumeSource('ConfigMap', recordAt(e, 'configMapRef'), 'name', [...c.path, 'envFrom', i]);
      volumeSource('Secret', recordAt(e, 'secretRef'), 'name', [...c.path, 'envFrom', i]);
    });
    arrayAt(c.container, 'env').forEach((e, i) => {
      const from = recordAt(e, 'valueFrom');
      for (const [kind, key] of [
        ['ConfigMap', 'configMapKeyRef'],
        ['Secret', 'secretKeyRef'],
      ] as const) {
        const ref = recordAt(from, key);
        const name = stringAt(ref, 'name');
        if (name === undefined) continue;
        const refKey = stringAt(ref, 'key');
        refs.push({
          kind,
          name,
          keys: refKey === undefined ? [] : [refKey],
          optional: booleanAt(ref, 'optional') === true,
          field: [...c.path, 'env', i, 'valueFrom', key],
        });
      }
    });
  }
  return refs;
}

function dataKeys(object: SourceObject): Set<string> {
  const keys = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const key of Object.keys(recordAt(object.object, field) ?? {})) keys.add(key);
  }
  return keys;
}

/** The ConfigMaps and Secrets (and their keys) a pod template reads. */
export function checkObjectRefs(template: PodTemplate, index: ObjectIndex, out: Finding[]): void {
  for (const ref of objectRefsOf(template)) {
    if (ref.optional) continue;
    const rule = ref.kind === 'ConfigMap' ? CONFIGMAP_REF_MISSING : SECRET_REF_MISSING;
    const target = index.find(template.namespace, ref.kind, ref.name);
    if (target === undefined) {
      if (!index.manages(template.namespace, ref.kind)) continue;
      // Absent is not wrong: operators, cert-manager and the input's own Jobs create Secrets
      // and ConfigMaps once applied, so only a warning; a missing key of a present one stays an error.
      out.push(
        findingFor(
          template.source,
          rule,
          `${ref.kind} "${ref.name}" is not in the input, which has other ${ref.kind}s in namespace "${template.namespace}": a warning, as it may be created at run time`,
          `A controller, an operator or a Job may create it once applied (cert-manager, a database operator, a workload of the input): check that something does, or the pods stay in CreateContainerConfigError. Otherwise fix the name, add the ${ref.kind} to the manifests, or mark the reference optional: true.`,
          ref.field,
          'warning',
        ),
      );
      continue;
    }
    const keys = dataKeys(target);
    for (const key of ref.keys) {
      if (keys.has(key)) continue;
      out.push(
        findingFor(
          template.source,
          rule,
          `${ref.kind} "${ref.name}" has no key "${key}" (it has ${[...keys].join(', ') || 'none'})`,
          'Fix the key, add it to the object, or mark the reference optional: true.',
          ref.field,
        ),
      );
    }
  }
}
