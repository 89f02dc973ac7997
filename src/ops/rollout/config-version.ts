import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube-api.js';
import { arrayAt, recordAt } from '../../kube/field-access.js';

/**
 * Versioned ConfigMaps, decided purely: the content-hash name (the same suffix kustomize's
 * configMapGenerator appends, so a name made by kprod and one made by `kubectl apply -k` for the
 * same data agree), the ConfigMaps a pod template refers to, and which old versions may be
 * garbage-collected.
 */

/** Label on every ConfigMap version kprod creates; its value is the base name (`multiroute-config`). */
export const CONFIG_BASE_LABEL = 'kprod.io/config-base';
/** Standard label marking objects kprod created. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Go's encoding/json escapes these for HTML safety; kustomize hashes that encoding. */
const GO_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function sortedObject(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The 10-character suffix kustomize (v5, as embedded in kubectl) gives a generated ConfigMap:
 * sha256 over the Go JSON encoding of `{data, kind, name}` (keys sorted, HTML characters escaped;
 * kustomize v5 hashes an empty name), first 10 hex digits with 0,1,3,a,e mapped to g,h,k,m,t so
 * the suffix never looks like a number or a word.
 */
export function configMapHashSuffix(
  data: Readonly<Record<string, string>>,
  binaryData?: Readonly<Record<string, string>>,
): string {
  const doc: Record<string, unknown> = {};
  if (binaryData !== undefined && Object.keys(binaryData).length > 0) {
    doc['binaryData'] = sortedObject(binaryData);
  }
  // kustomize hashes a missing data map as the empty string.
  doc['data'] = Object.keys(data).length === 0 ? '' : sortedObject(data);
  doc['kind'] = 'ConfigMap';
  doc['name'] = '';
  const json = JSON.stringify(doc).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c] ?? c);
  const hex = createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 10);
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return hex.replace(/[013ae]/g, (c) => map[c] ?? c);
}

/** `BASE-HASH`: the name of the ConfigMap version holding `data`. */
export function versionedConfigMapName(
  base: string,
  data: Readonly<Record<string, string>>,
  binaryData?: Readonly<Record<string, string>>,
): string {
  return `${base}-${configMapHashSuffix(data, binaryData)}`;
}

/** Strips a kustomize-style hash suffix: `multiroute-config-9kk7ct2b8k` → `multiroute-config`. */
export function configBaseName(name: string): string {
  const match = /^(.+)-[24-9bcdfghkmt]{10}$/.exec(name);
  return match?.[1] ?? name;
}

/** Where a pod template refers to a ConfigMap, as a JSON pointer, with the name found there. */
export interface ConfigMapReference {
  /** JSON pointer below the object, e.g. `/spec/template/spec/volumes/0/configMap/name`. */
  pointer: string;
  name: string;
}

/**
 * Every ConfigMap reference in a pod template spec (volumes, projected volumes, envFrom, env
 * valueFrom) of all containers and init containers. `prefix` is the JSON pointer of the pod spec.
 */
export function configMapReferences(podSpec: unknown, prefix: string): ConfigMapReference[] {
  const out: ConfigMapReference[] = [];
  const add = (pointer: string, value: unknown): void => {
    if (typeof value === 'string') out.push({ pointer, name: value });
  };
  arrayAt(podSpec, 'volumes').forEach((volume, i) => {
    add(`${prefix}/volumes/${i}/configMap/name`, recordAt(volume, 'configMap')?.['name']);
    arrayAt(recordAt(volume, 'projected'), 'sources').forEach((source, j) => {
      add(
        `${prefix}/volumes/${i}/projected/sources/${j}/configMap/name`,
        recordAt(source, 'configMap')?.['name'],
      );
    });
  });
  for (const field of ['initContainers', 'containers']) {
    arrayAt(podSpec, field).forEach((container, i) => {
      const at = `${prefix}/${field}/${i}`;
      arrayAt(container, 'envFrom').forEach((source, j) => {
        add(`${at}/envFrom/${j}/configMapRef/name`, recordAt(source, 'configMapRef')?.['name']);
      });
      arrayAt(container, 'env').forEach((env, j) => {
        const ref = recordAt(recordAt(env, 'valueFrom'), 'configMapKeyRef');
        add(`${at}/env/${j}/valueFrom/configMapKeyRef/name`, ref?.['name']);
      });
    });
  }
  return out;
}

/** The pod spec of a Deployment or ReplicaSet. */
export function podSpecOf(workload: KubeObject): unknown {
  return recordAt(recordAt(workload, 'spec'), 'template')?.['spec'];
}

/**
 * The ConfigMap versions to delete: those kprod created for `base` (labelled
 * {@link CONFIG_BASE_LABEL}), except the `keep + 1` newest (the current one and `keep` previous
 * ones) and except any still referenced (by the Deployment or a ReplicaSet it keeps for
 * `rollout undo`). Names are returned oldest first.
 */
export function selectConfigGarbage(
  configMaps: readonly KubeObject[],
  options: { base: string; keep: number; referenced: ReadonlySet<string> },
): string[] {
  const versions = configMaps
    .filter((cm) => cm.metadata?.labels?.[CONFIG_BASE_LABEL] === options.base)
    .filter((cm) => cm.metadata?.labels?.[MANAGED_BY_LABEL] === 'kprod')
    .sort((a, b) => {
      const ta = a.metadata?.creationTimestamp ?? '';
      const tb = b.metadata?.creationTimestamp ?? '';
      if (ta !== tb) return ta < tb ? 1 : -1;
      // Same second: the larger resourceVersion is newer (they are integers on etcd).
      return Number(b.metadata?.resourceVersion ?? 0) - Number(a.metadata?.resourceVersion ?? 0);
    });
  return versions
    .slice(Math.max(0, options.keep) + 1)
    .map((cm) => cm.metadata?.name ?? '')
    .filter((name) => name !== '' && !options.referenced.has(name))
    .reverse();
}
