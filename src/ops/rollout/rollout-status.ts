import { generationObserved } from '../../kube/generation.js';
import type { KubeObject } from '../kube-api.js';
import { type JsonRecord, arrayAt, isRecord, stringAt } from '../../kube/field-access.js';

/**
 * The rollout status of a workload, decided from the object alone, with the semantics of
 * `kubectl rollout status` for Deployments, StatefulSets and DaemonSets, plus early failure
 * detection from the new pods (`podFailure`). Pure functions: the waiting loop in `rollout.ts`
 * calls them on every observed change.
 */

/** The workload kinds whose rollout can be followed. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** Replica counts shown in progress lines; absent ones count as 0. */
export interface RolloutCounts {
  /** Wanted replicas (spec.replicas, or desiredNumberScheduled for a DaemonSet). */
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** All replicas, old and new. */
  total: number;
}

/** What `rolloutStatus` decided. */
export interface RolloutStatus {
  /** True when the rollout is complete (kubectl would exit 0). */
  done: boolean;
  /** Set when the rollout cannot succeed: a short reason such as `ProgressDeadlineExceeded`. */
  failed?: string;
  /** The sentence kubectl prints for this state. */
  message: string;
  counts: RolloutCounts;
  /** The Deployment's revision annotation, when present. */
  revision?: number;
}

/** Annotation the Deployment controller keeps on Deployments and ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function record(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

/** The revision annotation of a Deployment or ReplicaSet as a number, or undefined. */
export function revisionOf(obj: KubeObject): number | undefined {
  const raw = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Decides the rollout status of a Deployment, StatefulSet or DaemonSet exactly as
 * `kubectl rollout status` does. With `revision`, a Deployment whose revision differs fails, as
 * kubectl's `--revision` does. A kind that cannot be followed throws a TypeError (a bug: callers
 * check the kind first).
 */
export function rolloutStatus(obj: KubeObject, options: { revision?: number } = {}): RolloutStatus {
  switch (obj.kind) {
    case 'Deployment':
      return deploymentStatus(obj, options.revision);
    case 'StatefulSet':
      return statefulSetStatus(obj);
    case 'DaemonSet':
      return daemonSetStatus(obj);
    default:
      throw new TypeError(`rollout status is not available for kind ${String(obj.kind)}`);
  }
}

function deploymentStatus(obj: KubeObject, wantedRevision: number | undefined): RolloutStatus {
  const name = obj.metadata?.name ?? '';
  const spec = record(obj['spec']);
  const status = record(obj['status']);
  // The API server defaults spec.replicas to 1; a missing field means the object was not defaulted.
  const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const counts: RolloutCounts = {
    desired,
    updated: num(status['updatedReplicas']),
    ready: num(status['readyReplicas']),
    available: num(status['availableReplicas']),
    total: num(status['replicas']),
  };
  const revision = revisionOf(obj);
  const base = { counts, ...(revision === undefined ? {} : { revision }) };
  if (wantedRevision !== undefined && wantedRevision > 0 && revision !== wantedRevision) {
    return {
      ...base,
      done: false,
      failed: 'RevisionChanged',
      message: `desired revision (${wantedRevision}) is different from the running revision (${revision ?? 0})`,
    };
  }
  if (!generationObserved(obj)) {
    return {
      ...base,
      done: false,
      message: 'Waiting for deployment spec update to be observed...',
    };
  }
  const progressing = arrayAt(status, 'conditions').find(
    (c) => stringAt(c, 'type') === 'Progressing',
  );
  if (stringAt(progressing, 'reason') === 'ProgressDeadlineExceeded') {
    return {
      ...base,
      done: false,
      failed: 'ProgressDeadlineExceeded',
      message: `deployment "${name}" exceeded its progress deadline`,
    };
  }
  if (typeof spec['replicas'] === 'number' && counts.updated < desired) {
    return {
      ...base,
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${counts.updated} out of ${desired} new replicas have been updated...`,
    };
  }
  if (counts.total > counts.updated) {
    return {
      ...base,
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${counts.total - counts.updated} old replicas are pending termination...`,
    };
  }
  if (counts.available < counts.updated) {
    return {
      ...base,
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${counts.available} of ${counts.updated} updated replicas are available...`,
    };
  }
  return { ...base, done: true, message: `deployment "${name}" successfully rolled out` };
}

/** The final status of a StatefulSet or DaemonSet whose update strategy is not RollingUpdate. */
function unsupportedStrategy(
  spec: Record<string, unknown>,
  counts: RolloutCounts,
): RolloutStatus | undefined {
  // The API server defaults both StatefulSet and DaemonSet update strategies to RollingUpdate.
  const type = record(spec['updateStrategy'])['type'];
  if ((typeof type === 'string' ? type : 'RollingUpdate') === 'RollingUpdate') return undefined;
  return {
    counts,
    done: true,
    failed: 'UnsupportedStrategy',
    message: 'rollout status is only available for RollingUpdate strategy type',
  };
}

function statefulSetStatus(obj: KubeObject): RolloutStatus {
  const spec = record(obj['spec']);
  const status = record(obj['status']);
  const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : undefined;
  const counts: RolloutCounts = {
    desired: replicas ?? 1,
    updated: num(status['updatedReplicas']),
    ready: num(status['readyReplicas']),
    available: num(status['availableReplicas']),
    total: num(status['replicas']),
  };
  const unsupported = unsupportedStrategy(spec, counts);
  if (unsupported !== undefined) return unsupported;
  if (!generationObserved(obj, { requireStatus: true })) {
    return {
      counts,
      done: false,
      message: 'Waiting for statefulset spec update to be observed...',
    };
  }
  if (replicas !== undefined && counts.ready < replicas) {
    return {
      counts,
      done: false,
      message: `Waiting for ${replicas - counts.ready} pods to be ready...`,
    };
  }
  const rollingUpdate =
    spec['updateStrategy'] === undefined
      ? undefined
      : record(spec['updateStrategy'])['rollingUpdate'];
  if (rollingUpdate !== undefined && rollingUpdate !== null) {
    const partition = record(rollingUpdate)['partition'];
    if (replicas !== undefined && typeof partition === 'number') {
      const wanted = replicas - partition;
      if (counts.updated < wanted) {
        return {
          counts,
          done: false,
          message: `Waiting for partitioned roll out to finish: ${counts.updated} out of ${wanted} new pods have been updated...`,
        };
      }
    }
    return {
      counts,
      done: true,
      message: `partitioned roll out complete: ${counts.updated} new pods have been updated...`,
    };
  }
  const updateRevision = str(status['updateRevision']);
  const currentRevision = str(status['currentRevision']);
  if (updateRevision !== currentRevision) {
    return {
      counts,
      done: false,
      message: `waiting for statefulset rolling update to complete ${counts.updated} pods at revision ${updateRevision}...`,
    };
  }
  return {
    counts,
    done: true,
    message: `statefulset rolling update complete ${num(status['currentReplicas'])} pods at revision ${currentRevision}...`,
  };
}

function daemonSetStatus(obj: KubeObject): RolloutStatus {
  const name = obj.metadata?.name ?? '';
  const spec = record(obj['spec']);
  const status = record(obj['status']);
  const counts: RolloutCounts = {
    desired: num(status['desiredNumberScheduled']),
    updated: num(status['updatedNumberScheduled']),
    ready: num(status['numberReady']),
    available: num(status['numberAvailable']),
    total: num(status['currentNumberScheduled']),
  };
  const unsupported = unsupportedStrategy(spec, counts);
  if (unsupported !== undefined) return unsupported;
  if (!generationObserved(obj)) {
    return { counts, done: false, message: 'Waiting for daemon set spec update to be observed...' };
  }
  if (counts.updated < counts.desired) {
    return {
      counts,
      done: false,
      message: `Waiting for daemon set "${name}" rollout to finish: ${counts.updated} out of ${counts.desired} new pods have been updated...`,
    };
  }
  if (counts.available < counts.desired) {
    return {
      counts,
      done: false,
      message: `Waiting for daemon set "${name}" rollout to finish: ${counts.available} of ${counts.desired} updated pods are available...`,
    };
  }
  return { counts, done: true, message: `daemon set "${name}" successfully rolled out` };
}
