import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-api.js';
import { rolloutStatus } from './rollout-status.js';

function deploy(
  generation: number,
  replicas: number | undefined,
  status: Record<string, unknown>,
  revision?: string,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      generation,
      ...(revision === undefined
        ? {}
        : { annotations: { 'deployment.kubernetes.io/revision': revision } }),
    },
    spec: replicas === undefined ? {} : { replicas },
    status,
  };
}

const progressing = (reason: string): Record<string, unknown> => ({
  type: 'Progressing',
  status: reason === 'ProgressDeadlineExceeded' ? 'False' : 'True',
  reason,
});

describe('rolloutStatus', () => {
  const deploymentCases: [string, KubeObject, boolean, string | undefined, string][] = [
    [
      'generation not yet observed',
      deploy(3, 3, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
      }),
      false,
      undefined,
      'Waiting for deployment spec update to be observed...',
    ],
    [
      'progress deadline exceeded',
      deploy(2, 3, {
        observedGeneration: 2,
        updatedReplicas: 1,
        conditions: [progressing('ProgressDeadlineExceeded')],
      }),
      false,
      'ProgressDeadlineExceeded',
      'deployment "web" exceeded its progress deadline',
    ],
    [
      'fewer updated replicas than wanted',
      deploy(2, 3, { observedGeneration: 2, replicas: 4, updatedReplicas: 1 }),
      false,
      undefined,
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    ],
    [
      'old replicas pending termination',
      deploy(2, 3, {
        observedGeneration: 2,
        replicas: 5,
        updatedReplicas: 3,
        availableReplicas: 3,
      }),
      false,
      undefined,
      'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...',
    ],
    [
      'updated replicas not yet available',
      deploy(2, 3, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 1,
      }),
      false,
      undefined,
      'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...',
    ],
    [
      'complete',
      deploy(2, 3, {
        observedGeneration: 2,
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
        conditions: [progressing('NewReplicaSetAvailable')],
      }),
      true,
      undefined,
      'deployment "web" successfully rolled out',
    ],
    [
      'observedGeneration ahead of generation counts as observed',
      deploy(1, 0, { observedGeneration: 2 }),
      true,
      undefined,
      'deployment "web" successfully rolled out',
    ],
    [
      'no spec.replicas skips the updated-replicas check, as kubectl does',
      deploy(1, undefined, { observedGeneration: 1, replicas: 0, updatedReplicas: 0 }),
      true,
      undefined,
      'deployment "web" successfully rolled out',
    ],
  ];
  it.each(deploymentCases)('should decide a Deployment: %s', (_, obj, done, failed, message) => {
    const status = rolloutStatus(obj);
    expect(status.done).toBe(done);
    expect(status.failed).toBe(failed);
    expect(status.message).toBe(message);
  });

  it('should report the counts and revision of a Deployment', () => {
    const status = rolloutStatus(
      deploy(
        2,
        3,
        {
          observedGeneration: 2,
          replicas: 4,
          updatedReplicas: 2,
          readyReplicas: 3,
          availableReplicas: 3,
        },
        '7',
      ),
    );
    expect(status.counts).toEqual({ desired: 3, updated: 2, ready: 3, available: 3, total: 4 });
    expect(status.revision).toBe(7);
  });

  it('should fail a Deployment pinned to another revision, as kubectl --revision does', () => {
    const obj = deploy(
      2,
      1,
      { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
      '4',
    );
    expect(rolloutStatus(obj, { revision: 3 })).toMatchObject({
      done: false,
      failed: 'RevisionChanged',
      message: 'desired revision (3) is different from the running revision (4)',
    });
    expect(rolloutStatus(obj, { revision: 4 }).done).toBe(true);
  });

  const sts = (
    spec: Record<string, unknown>,
    status: Record<string, unknown>,
    generation = 2,
  ): KubeObject => ({
    kind: 'StatefulSet',
    metadata: { name: 'db', generation },
    spec,
    status,
  });
  const statefulSetCases: [string, KubeObject, boolean, string | undefined, string][] = [
    [
      'OnDelete strategy',
      sts({ replicas: 2, updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 2 }),
      true,
      'UnsupportedStrategy',
      'rollout status is only available for RollingUpdate strategy type',
    ],
    [
      'observedGeneration 0',
      sts({ replicas: 2 }, { observedGeneration: 0 }),
      false,
      undefined,
      'Waiting for statefulset spec update to be observed...',
    ],
    [
      'generation ahead',
      sts({ replicas: 2 }, { observedGeneration: 1 }),
      false,
      undefined,
      'Waiting for statefulset spec update to be observed...',
    ],
    [
      'pods not ready',
      sts({ replicas: 3 }, { observedGeneration: 2, readyReplicas: 1 }),
      false,
      undefined,
      'Waiting for 2 pods to be ready...',
    ],
    [
      'partition not yet reached',
      sts(
        { replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { observedGeneration: 2, readyReplicas: 4, updatedReplicas: 2 },
      ),
      false,
      undefined,
      'Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...',
    ],
    [
      'partition reached (the server defaults partition 0)',
      sts(
        { replicas: 4, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
        { observedGeneration: 2, readyReplicas: 4, updatedReplicas: 4 },
      ),
      true,
      undefined,
      'partitioned roll out complete: 4 new pods have been updated...',
    ],
    [
      'revisions differ without rollingUpdate',
      sts(
        { replicas: 2 },
        {
          observedGeneration: 2,
          readyReplicas: 2,
          updatedReplicas: 1,
          updateRevision: 'db-2',
          currentRevision: 'db-1',
        },
      ),
      false,
      undefined,
      'waiting for statefulset rolling update to complete 1 pods at revision db-2...',
    ],
    [
      'revisions equal',
      sts(
        { replicas: 2 },
        {
          observedGeneration: 2,
          readyReplicas: 2,
          currentReplicas: 2,
          updateRevision: 'db-2',
          currentRevision: 'db-2',
        },
      ),
      true,
      undefined,
      'statefulset rolling update complete 2 pods at revision db-2...',
    ],
  ];
  it.each(statefulSetCases)('should decide a StatefulSet: %s', (_, obj, done, failed, message) => {
    const status = rolloutStatus(obj);
    expect(status.done).toBe(done);
    expect(status.failed).toBe(failed);
    expect(status.message).toBe(message);
  });

  const ds = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    kind: 'DaemonSet',
    metadata: { name: 'agent', generation: 5 },
    spec,
    status,
  });
  const daemonSetCases: [string, KubeObject, boolean, string | undefined, string][] = [
    [
      'OnDelete strategy',
      ds({ updateStrategy: { type: 'OnDelete' } }, {}),
      true,
      'UnsupportedStrategy',
      'rollout status is only available for RollingUpdate strategy type',
    ],
    [
      'generation not observed',
      ds({}, { observedGeneration: 4 }),
      false,
      undefined,
      'Waiting for daemon set spec update to be observed...',
    ],
    [
      'pods not updated',
      ds({}, { observedGeneration: 5, desiredNumberScheduled: 3, updatedNumberScheduled: 1 }),
      false,
      undefined,
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    ],
    [
      'pods not available',
      ds(
        {},
        {
          observedGeneration: 5,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        },
      ),
      false,
      undefined,
      'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    ],
    [
      'complete',
      ds(
        {},
        {
          observedGeneration: 5,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 3,
        },
      ),
      true,
      undefined,
      'daemon set "agent" successfully rolled out',
    ],
  ];
  it.each(daemonSetCases)('should decide a DaemonSet: %s', (_, obj, done, failed, message) => {
    const status = rolloutStatus(obj);
    expect(status.done).toBe(done);
    expect(status.failed).toBe(failed);
    expect(status.message).toBe(message);
  });

  it('should refuse kinds without a rollout', () => {
    expect(() => rolloutStatus({ kind: 'ConfigMap' })).toThrow(
      'rollout status is not available for kind ConfigMap',
    );
  });
});
