import { KprodError } from '../../errors.js';
import {
  CONFIG_BASE_LABEL,
  MANAGED_BY_LABEL,
  configBaseName,
  configMapReferences,
  podSpecOf,
  selectConfigGarbage,
  versionedConfigMapName,
} from './config-version.js';
import {
  type KubeClient,
  type KubeList,
  type KubeObject,
  KubeApiError,
  resourcePath,
} from '../kube-api.js';
import { patchGuarded } from './json-patch.js';
import { ownedReplicaSets } from './replica-sets.js';
import { type WorkloadRef, formatWorkloadRef, getWorkload, workloadPath } from './rollout.js';
import { CHANGE_CAUSE } from './set-image.js';

/**
 * `kprod config set`: a new ConfigMap version named by its content hash, the workload pointed at
 * it (a rolling update), and old versions kprod created garbage-collected, except those the
 * kept ReplicaSets still use, so `rollout undo` brings the previous config back with the
 * previous pods.
 */

/** Options of {@link setConfig}. */
export interface ConfigSetOptions {
  /** ConfigMap keys and their contents (one per `--from-file`). */
  data: Readonly<Record<string, string>>;
  /** Which ConfigMap of the pod template to replace (base or current name) when it uses several. */
  configMap?: string | undefined;
  /** Previous versions to keep besides the current one; default 3. */
  keep?: number;
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** What {@link setConfig} did. */
export interface ConfigSetResult {
  /** The base name, e.g. `multiroute-config`. */
  base: string;
  /** The version now in use, e.g. `multiroute-config-9kk7ct2b8k`. */
  name: string;
  /** The names it replaced in the pod template. */
  previous: string[];
  created: boolean;
  /** False when the workload already used this exact content: nothing to roll out. */
  changed: boolean;
  /** Versions deleted by garbage collection. */
  deleted: string[];
}

function chooseBase(
  workload: KubeObject,
  ref: WorkloadRef,
  wanted: string | undefined,
): { base: string; pointers: { pointer: string; name: string }[] } {
  const refs = configMapReferences(podSpecOf(workload), '/spec/template/spec');
  const bases = [...new Set(refs.map((r) => configBaseName(r.name)))];
  let base: string | undefined;
  if (wanted !== undefined) {
    base =
      bases.find((b) => b === wanted) ??
      (refs.some((r) => r.name === wanted) ? configBaseName(wanted) : undefined);
  } else if (bases.length === 1) {
    base = bases[0];
  }
  if (base === undefined) {
    const uses = bases.length === 0 ? 'no ConfigMap' : `ConfigMaps ${bases.join(', ')}`;
    throw new KprodError(
      'ROLLOUT_TARGET_INVALID',
      wanted === undefined
        ? `${formatWorkloadRef(ref)} uses ${uses}; say which to replace with --configmap NAME`
        : `${formatWorkloadRef(ref)} does not use a ConfigMap "${wanted}" (it uses ${uses})`,
      {
        hint: 'The pod template must refer to the ConfigMap (volume, envFrom or env) before kprod can version it.',
      },
    );
  }
  const chosen = base;
  return { base: chosen, pointers: refs.filter((r) => configBaseName(r.name) === chosen) };
}

/**
 * Creates the ConfigMap version for `options.data`, points the workload at it and collects old
 * versions. Idempotent: the same content gives the same name, and a workload already using it is
 * left alone.
 */
export async function setConfig(
  kube: KubeClient,
  ref: WorkloadRef,
  options: ConfigSetOptions,
): Promise<ConfigSetResult> {
  const { signal } = options;
  const dryRun = options.dryRun === true ? 'All' : undefined;
  const workload = await getWorkload(kube, ref, signal);
  const { base, pointers } = chooseBase(workload, ref, options.configMap);
  const name = versionedConfigMapName(base, options.data);
  const cmPath = resourcePath({ apiVersion: 'v1', plural: 'configmaps', namespace: ref.namespace });
  let created = true;
  try {
    await kube.request({
      method: 'POST',
      path: cmPath,
      query: { dryRun },
      signal,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name,
          namespace: ref.namespace,
          labels: { [CONFIG_BASE_LABEL]: base, [MANAGED_BY_LABEL]: 'kprod' },
        },
        // A version never changes: immutable ConfigMaps also spare the kubelet from watching them.
        immutable: true,
        data: options.data,
      },
    });
  } catch (error) {
    // The name is the content hash: an existing one holds this very content.
    if (!(error instanceof KubeApiError && error.reason === 'AlreadyExists')) throw error;
    created = false;
  }
  const previous = [...new Set(pointers.map((p) => p.name))].filter((n) => n !== name);
  const stale = pointers.filter((p) => p.name !== name);
  if (stale.length > 0) {
    await patchGuarded(kube, {
      path: workloadPath(ref),
      what: formatWorkloadRef(ref),
      dryRun: options.dryRun === true,
      signal,
      patch: [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: workload.metadata?.resourceVersion,
        },
        ...stale.map((p) => ({ op: 'replace' as const, path: p.pointer, value: name })),
        workload.metadata?.annotations === undefined
          ? {
              op: 'add',
              path: '/metadata/annotations',
              value: { [CHANGE_CAUSE]: `kprod config set ${name}` },
            }
          : {
              op: 'add',
              path: '/metadata/annotations/kubernetes.io~1change-cause',
              value: `kprod config set ${name}`,
            },
      ],
    });
  }
  const deleted =
    options.dryRun === true
      ? []
      : await collectConfigGarbage(kube, ref, base, name, options.keep ?? 3, signal);
  return { base, name, previous, created, changed: stale.length > 0, deleted };
}

/**
 * Deletes old versions of `base` beyond the `keep` newest previous ones, sparing any that the
 * workload or one of its ReplicaSets (the revisions `rollout undo` can restore) refers to.
 */
export async function collectConfigGarbage(
  kube: KubeClient,
  ref: WorkloadRef,
  base: string,
  current: string,
  keep: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const workload = await getWorkload(kube, ref, signal);
  const referenced = new Set<string>([current]);
  const add = (obj: KubeObject): void => {
    for (const r of configMapReferences(podSpecOf(obj), '')) referenced.add(r.name);
  };
  add(workload);
  if (ref.kind === 'Deployment') {
    const list = await kube.request<KubeList>({
      method: 'GET',
      path: resourcePath({
        apiVersion: 'apps/v1',
        plural: 'replicasets',
        namespace: ref.namespace,
      }),
      signal,
    });
    ownedReplicaSets(workload, list.items).forEach(add);
  }
  const cmPath = resourcePath({ apiVersion: 'v1', plural: 'configmaps', namespace: ref.namespace });
  const versions = await kube.request<KubeList>({
    method: 'GET',
    path: cmPath,
    query: { labelSelector: `${CONFIG_BASE_LABEL}=${base},${MANAGED_BY_LABEL}=kprod` },
    signal,
  });
  const garbage = selectConfigGarbage(versions.items, { base, keep, referenced });
  for (const name of garbage) {
    try {
      await kube.request({
        method: 'DELETE',
        path: `${cmPath}/${encodeURIComponent(name)}`,
        signal,
      });
    } catch (error) {
      // Deleted meanwhile by someone else: the goal is reached.
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }
  return garbage;
}
