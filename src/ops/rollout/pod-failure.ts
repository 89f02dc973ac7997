import type { KubeObject } from '../kube-api.js';
import {
  type JsonRecord,
  numberAt,
  recordAt,
  recordsAt,
  stringAt,
} from '../../kube/field-access.js';

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

/** The failure a container status shows; `cs` is one entry of the pod's reply, read as untrusted. */
function containerFailure(pod: string, cs: JsonRecord, init: boolean): PodFailure | undefined {
  const waiting = recordAt(recordAt(cs, 'state'), 'waiting');
  const reason = stringAt(waiting, 'reason');
  if (reason === undefined || !FAILING_WAITING_REASONS.includes(reason)) return undefined;
  const what = `${init ? 'init container' : 'container'} "${stringAt(cs, 'name') ?? '?'}" of pod ${pod}`;
  let detail = stringAt(waiting, 'message') ?? '';
  if (reason === 'CrashLoopBackOff') {
    const last = recordAt(recordAt(cs, 'lastState'), 'terminated');
    const lastReason = stringAt(last, 'reason');
    const exit =
      last === undefined
        ? ''
        : `last exit code ${numberAt(last, 'exitCode') ?? '?'}${lastReason === undefined ? '' : ` (${lastReason})`}`;
    detail = [exit, `${numberAt(cs, 'restartCount') ?? 0} restarts`]
      .filter((s) => s !== '')
      .join(', ');
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
      for (const cs of recordsAt(status, field)) {
        const failure = containerFailure(name, cs, init);
        if (failure !== undefined) return failure;
      }
    }
    const scheduled = recordsAt(status, 'conditions').find(
      (c) => stringAt(c, 'type') === 'PodScheduled',
    );
    if (
      stringAt(scheduled, 'status') === 'False' &&
      stringAt(scheduled, 'reason') === 'Unschedulable'
    ) {
      return {
        reason: 'Unschedulable',
        message: `pod ${name} cannot be scheduled: ${stringAt(scheduled, 'message') ?? 'no node fits'}`,
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
  const condition = recordsAt(status, 'conditions').find(
    (c) => stringAt(c, 'type') === 'ReplicaFailure' && stringAt(c, 'status') === 'True',
  );
  if (condition === undefined) return undefined;
  const message = stringAt(condition, 'message') ?? '';
  return {
    reason: message.includes('exceeded quota')
      ? 'QuotaExceeded'
      : (stringAt(condition, 'reason') ?? 'ReplicaFailure'),
    message: `deployment "${deployment.metadata?.name ?? '?'}" cannot create pods: ${message}`,
  };
}
