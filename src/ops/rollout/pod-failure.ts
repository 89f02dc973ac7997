import type { KubeObject } from '../kube-api.js';
import { recordAt, stringAt } from '../../kube/field-access.js';

/**
 * Early failure detection for a rollout: the states of new pods (and the events and conditions of
 * their ReplicaSet) that will not resolve by waiting, so a rollout can fail with the reason now
 * instead of at the progress deadline. Pure functions.
 */

/** Why a rollout cannot progress, found on a pod, an event or the Deployment. */
export interface PodFailure {
  /** `CrashLoopBackOff`, `ImagePullBackOff`, `ErrImagePull`, `Unschedulable`, `FailedCreate`, ... */
  reason: string;
  /** What happened, with the pod/container or the object it was seen on. */
  message: string;
  /** The pod the failure was seen on, when it comes from a pod. */
  pod?: string;
}

/** Container waiting reasons that the kubelet will not get out of without a change. */
export const FAILING_WAITING_REASONS: readonly string[] = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
];

interface ContainerStatus {
  name?: string;
  state?: { waiting?: { reason?: string; message?: string } };
  lastState?: { terminated?: { exitCode?: number; reason?: string } };
  restartCount?: number;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function containerFailure(pod: string, cs: ContainerStatus, init: boolean): PodFailure | undefined {
  const waiting = cs.state?.waiting;
  const reason = waiting?.reason;
  if (reason === undefined || !FAILING_WAITING_REASONS.includes(reason)) return undefined;
  const what = `${init ? 'init container' : 'container'} "${cs.name ?? '?'}" of pod ${pod}`;
  let detail = waiting?.message ?? '';
  if (reason === 'CrashLoopBackOff') {
    const last = cs.lastState?.terminated;
    const exit =
      last === undefined
        ? ''
        : `last exit code ${last.exitCode ?? '?'}${last.reason === undefined ? '' : ` (${last.reason})`}`;
    detail = [exit, `${cs.restartCount ?? 0} restarts`].filter((s) => s !== '').join(', ');
  }
  return {
    reason,
    message: `${what} is in ${reason}${detail === '' ? '' : `: ${detail}`}`,
    pod,
  };
}

/**
 * The first failure among the given pods (the new ReplicaSet's pods) and events (those of the new
 * ReplicaSet and its pods), or undefined while everything may still succeed. Looks at container
 * and init container waiting reasons ({@link FAILING_WAITING_REASONS}), the PodScheduled condition
 * (Unschedulable: no node fits), and FailedCreate events (a ResourceQuota exceeded, a forbidden
 * pod). Pods being deleted are ignored.
 */
export function podFailure(
  pods: readonly KubeObject[],
  events: readonly KubeObject[] = [],
): PodFailure | undefined {
  for (const pod of pods) {
    if (pod.metadata?.['deletionTimestamp'] !== undefined) continue;
    const name = pod.metadata?.name ?? '?';
    const status = recordAt(pod, 'status') ?? {};
    for (const [field, init] of [
      ['initContainerStatuses', true],
      ['containerStatuses', false],
    ] as const) {
      for (const cs of list<ContainerStatus>(status[field])) {
        const failure = containerFailure(name, cs, init);
        if (failure !== undefined) return failure;
      }
    }
    const scheduled = list<Condition>(status['conditions']).find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      return {
        reason: 'Unschedulable',
        message: `pod ${name} cannot be scheduled: ${scheduled.message ?? 'no node fits'}`,
        pod: name,
      };
    }
  }
  for (const event of events) {
    if (event['type'] !== 'Warning' || event['reason'] !== 'FailedCreate') continue;
    const involved = recordAt(event, 'involvedObject');
    const message = stringAt(event, 'message') ?? '';
    return {
      reason: message.includes('exceeded quota') ? 'QuotaExceeded' : 'FailedCreate',
      message: `${stringAt(involved, 'kind') ?? 'object'} ${stringAt(involved, 'name') ?? '?'} cannot create pods: ${message}`,
    };
  }
  return undefined;
}

/**
 * The Deployment's own report that its ReplicaSet cannot create pods (condition ReplicaFailure,
 * e.g. reason FailedCreate with `exceeded quota` in the message), or undefined.
 */
export function replicaFailure(deployment: KubeObject): PodFailure | undefined {
  const status = recordAt(deployment, 'status') ?? {};
  const condition = list<Condition>(status['conditions']).find(
    (c) => c.type === 'ReplicaFailure' && c.status === 'True',
  );
  if (condition === undefined) return undefined;
  const message = condition.message ?? '';
  return {
    reason: message.includes('exceeded quota')
      ? 'QuotaExceeded'
      : (condition.reason ?? 'ReplicaFailure'),
    message: `deployment "${deployment.metadata?.name ?? '?'}" cannot create pods: ${message}`,
  };
}
