import { KprodError } from '../../errors.js';
import { type JsonRecord, booleanAt, editableRecordAt, recordAt } from '../../kube/field-access.js';
import { configMapReferences, podSpecOf } from './config-version.js';
import type { JsonPatchOp } from './json-patch.js';
import type { KubeObject } from '../kube-api.js';
import { revisionOf } from './rollout-status.js';

/**
 * A Deployment's revisions are its ReplicaSets: the one whose revision annotation matches the
 * Deployment's is the new one, the others are history that `rollout undo` can restore. Pure
 * decisions over listed objects, with kubectl's rules for undo.
 */

/** Label the Deployment controller adds to a ReplicaSet's template and pods. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Annotations that describe a revision rather than a template: never copied back on undo. */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** The ReplicaSets controlled by the Deployment (by owner uid, or by name when uid is missing). */
export function ownedReplicaSets(
  deployment: KubeObject,
  replicaSets: readonly KubeObject[],
): KubeObject[] {
  const uid = deployment.metadata?.uid;
  const name = deployment.metadata?.name;
  return replicaSets.filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some(
      (o) => o.kind === 'Deployment' && (uid === undefined ? o.name === name : o.uid === uid),
    ),
  );
}

function templateOf(workload: KubeObject): JsonRecord {
  return recordAt(recordAt(workload, 'spec'), 'template') ?? {};
}

/** A pod template without the hash label, as kubectl compares them. */
function withoutHash(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template);
  const metadata = editableRecordAt(copy, 'metadata');
  const labels = editableRecordAt(metadata, 'labels');
  if (metadata !== undefined && labels !== undefined) {
    metadata['labels'] = Object.fromEntries(
      Object.entries(labels).filter(([k]) => k !== POD_TEMPLATE_HASH),
    );
  }
  return copy;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** True when two pod templates are equal apart from the pod-template-hash label. */
export function sameTemplate(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonical(withoutHash(a)) === canonical(withoutHash(b));
}

/**
 * The Deployment's new ReplicaSet: the owned one with the Deployment's revision, else the one
 * with the same template; undefined before the controller has created it.
 */
export function newReplicaSet(
  deployment: KubeObject,
  owned: readonly KubeObject[],
): KubeObject | undefined {
  const revision = revisionOf(deployment);
  const template = templateOf(deployment);
  return (
    owned.find((rs) => revision !== undefined && revisionOf(rs) === revision) ??
    owned.find((rs) => sameTemplate(templateOf(rs), template))
  );
}

/** One line of `rollout history`. */
export interface RevisionRow {
  revision: number;
  /** The `kubernetes.io/change-cause` annotation, when set. */
  changeCause?: string;
  /** `container=image` for each container. */
  images: string[];
  /** ConfigMaps the revision's pods use. */
  configMaps: string[];
  current: boolean;
}

/** The Deployment's revisions, oldest first, with images and ConfigMaps of each. */
export function revisionHistory(
  deployment: KubeObject,
  owned: readonly KubeObject[],
): RevisionRow[] {
  const current = revisionOf(deployment);
  return owned
    .map((rs) => ({ rs, revision: revisionOf(rs) }))
    .filter((e): e is { rs: KubeObject; revision: number } => e.revision !== undefined)
    .sort((a, b) => a.revision - b.revision)
    .map(({ rs, revision }) => {
      const podSpec = podSpecOf(rs) as
        { containers?: { name?: string; image?: string }[] } | undefined;
      const cause = rs.metadata?.annotations?.['kubernetes.io/change-cause'];
      return {
        revision,
        ...(cause === undefined ? {} : { changeCause: cause }),
        images: (podSpec?.containers ?? []).map((c) => `${c.name ?? '?'}=${c.image ?? '?'}`),
        configMaps: [...new Set(configMapReferences(podSpec, '').map((r) => r.name))],
        current: revision === current,
      };
    });
}

/** What `rollout undo` will do. */
export type UndoPlan =
  | { kind: 'patch'; revision: number; patch: JsonPatchOp[] }
  | { kind: 'skip'; revision: number; message: string };

/**
 * Plans `rollout undo` as kubectl does: `toRevision` 0 means the revision before the current
 * one; the ReplicaSet's template (without its hash label) and its annotations (except the
 * revision bookkeeping) go back into the Deployment with a JSON patch that first tests the
 * resourceVersion, so a concurrent change fails instead of being overwritten. A paused
 * Deployment is refused, as kubectl refuses it.
 */
export function planUndo(
  deployment: KubeObject,
  owned: readonly KubeObject[],
  toRevision = 0,
): UndoPlan {
  const name = deployment.metadata?.name ?? '?';
  if (booleanAt(recordAt(deployment, 'spec'), 'paused') === true) {
    throw new KprodError(
      'ROLLOUT_TARGET_INVALID',
      `deployment "${name}" is paused: it cannot be rolled back`,
      { hint: `Resume it first with \`kprod rollout resume deploy/${name}\`, then undo.` },
    );
  }
  const revisions = owned
    .map((rs) => ({ rs, revision: revisionOf(rs) ?? 0 }))
    .filter((e) => e.revision > 0)
    .sort((a, b) => b.revision - a.revision);
  let target: { rs: KubeObject; revision: number } | undefined;
  if (toRevision === 0) {
    const current = revisionOf(deployment) ?? revisions[0]?.revision;
    target = revisions.find((e) => e.revision !== current && e.revision < (current ?? Infinity));
    if (target === undefined) {
      throw new KprodError(
        'ROLLOUT_TARGET_INVALID',
        `deployment "${name}" has no previous revision to roll back to`,
        {
          hint: `List the revisions with \`kprod rollout history deploy/${name}\`.`,
        },
      );
    }
  } else {
    target = revisions.find((e) => e.revision === toRevision);
    if (target === undefined) {
      throw new KprodError(
        'ROLLOUT_TARGET_INVALID',
        `deployment "${name}" has no revision ${toRevision}`,
        {
          hint: `List the revisions with \`kprod rollout history deploy/${name}\`; older ones are pruned after revisionHistoryLimit.`,
        },
      );
    }
  }
  const template = withoutHash(templateOf(target.rs));
  if (sameTemplate(template, templateOf(deployment))) {
    return {
      kind: 'skip',
      revision: target.revision,
      message: `skipped rollback (current template already matches revision ${target.revision})`,
    };
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(target.rs.metadata?.annotations ?? {})) {
    if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  }
  return {
    kind: 'patch',
    revision: target.revision,
    patch: [
      {
        op: 'test',
        path: '/metadata/resourceVersion',
        value: deployment.metadata?.resourceVersion,
      },
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'add', path: '/metadata/annotations', value: annotations },
    ],
  };
}
