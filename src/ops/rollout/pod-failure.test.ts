import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-api.js';
import { podFailure, replicaFailure } from './pod-failure.js';

function pod(
  name: string,
  status: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return { kind: 'Pod', metadata: { name, ...extra }, status };
}

const waiting = (reason: string, message?: string): Record<string, unknown> => ({
  name: 'app',
  state: { waiting: { reason, ...(message === undefined ? {} : { message }) } },
});

describe('podFailure', () => {
  const cases: [
    string,
    KubeObject[],
    KubeObject[],
    { reason: string; message: string } | undefined,
  ][] = [
    ['no pods', [], [], undefined],
    [
      'a pod still creating its container',
      [pod('web-1', { containerStatuses: [waiting('ContainerCreating')] })],
      [],
      undefined,
    ],
    [
      'a crash-looping container',
      [
        pod('web-1', {
          containerStatuses: [
            {
              ...waiting('CrashLoopBackOff', 'back-off 10s restarting failed container'),
              lastState: { terminated: { exitCode: 2, reason: 'Error' } },
              restartCount: 3,
            },
          ],
        }),
      ],
      [],
      {
        reason: 'CrashLoopBackOff',
        message:
          'container "app" of pod web-1 is in CrashLoopBackOff: last exit code 2 (Error), 3 restarts',
      },
    ],
    [
      'an image that cannot be pulled',
      [
        pod('web-1', {
          containerStatuses: [waiting('ImagePullBackOff', 'Back-off pulling image "x:1"')],
        }),
      ],
      [],
      {
        reason: 'ImagePullBackOff',
        message:
          'container "app" of pod web-1 is in ImagePullBackOff: Back-off pulling image "x:1"',
      },
    ],
    [
      'a first pull error',
      [pod('web-1', { containerStatuses: [waiting('ErrImagePull', 'manifest unknown')] })],
      [],
      {
        reason: 'ErrImagePull',
        message: 'container "app" of pod web-1 is in ErrImagePull: manifest unknown',
      },
    ],
    [
      'a failing init container',
      [pod('web-1', { initContainerStatuses: [waiting('CrashLoopBackOff')] })],
      [],
      {
        reason: 'CrashLoopBackOff',
        message: 'init container "app" of pod web-1 is in CrashLoopBackOff: 0 restarts',
      },
    ],
    [
      'a missing ConfigMap',
      [
        pod('web-1', {
          containerStatuses: [waiting('CreateContainerConfigError', 'configmap "cfg-x" not found')],
        }),
      ],
      [],
      {
        reason: 'CreateContainerConfigError',
        message:
          'container "app" of pod web-1 is in CreateContainerConfigError: configmap "cfg-x" not found',
      },
    ],
    [
      'an unschedulable pod',
      [
        pod('web-1', {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available: 3 Insufficient cpu.',
            },
          ],
        }),
      ],
      [],
      {
        reason: 'Unschedulable',
        message: 'pod web-1 cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
      },
    ],
    [
      'a failing pod that is being deleted',
      [
        pod(
          'web-1',
          { containerStatuses: [waiting('CrashLoopBackOff')] },
          { deletionTimestamp: '2026-01-01T00:00:00Z' },
        ),
      ],
      [],
      undefined,
    ],
    [
      'a quota exceeded on pod creation',
      [],
      [
        {
          kind: 'Event',
          type: 'Warning',
          reason: 'FailedCreate',
          involvedObject: { kind: 'ReplicaSet', name: 'web-abc' },
          message:
            'pods "web-abc-x" is forbidden: exceeded quota: quota-dev, requested: limits.cpu=1, used: limits.cpu=5, limited: limits.cpu=5',
        },
      ],
      {
        reason: 'QuotaExceeded',
        message:
          'ReplicaSet web-abc cannot create pods: pods "web-abc-x" is forbidden: exceeded quota: quota-dev, requested: limits.cpu=1, used: limits.cpu=5, limited: limits.cpu=5',
      },
    ],
    [
      'a normal event',
      [],
      [
        {
          kind: 'Event',
          type: 'Normal',
          reason: 'SuccessfulCreate',
          involvedObject: { kind: 'ReplicaSet', name: 'web-abc' },
        },
      ],
      undefined,
    ],
  ];
  it.each(cases)('should decide: %s', (_, pods, events, expected) => {
    const failure = podFailure(pods, events);
    if (expected === undefined) expect(failure).toBeUndefined();
    else expect(failure).toMatchObject(expected);
  });
});

describe('replicaFailure', () => {
  it('should report a ReplicaFailure condition with exceeded quota', () => {
    expect(
      replicaFailure({
        kind: 'Deployment',
        metadata: { name: 'web' },
        status: {
          conditions: [
            {
              type: 'ReplicaFailure',
              status: 'True',
              reason: 'FailedCreate',
              message: 'pods "w" is forbidden: exceeded quota: q',
            },
          ],
        },
      }),
    ).toEqual({
      reason: 'QuotaExceeded',
      message: 'deployment "web" cannot create pods: pods "w" is forbidden: exceeded quota: q',
    });
  });

  it('should ignore a Deployment without the condition', () => {
    expect(replicaFailure({ kind: 'Deployment', status: { conditions: [] } })).toBeUndefined();
  });
});

describe('podFailure and replicaFailure on a malformed reply', () => {
  it('should skip statuses and conditions that are not objects, and read the rest', () => {
    const malformed = pod('web-1', {
      containerStatuses: [null, 'x', waiting('ImagePullBackOff', 'no such image')],
      conditions: [null, 7],
    });
    expect(podFailure([malformed])).toEqual({
      reason: 'ImagePullBackOff',
      message: 'container "app" of pod web-1 is in ImagePullBackOff: no such image',
      pod: 'web-1',
    });
    expect(
      replicaFailure({
        kind: 'Deployment',
        metadata: { name: 'web' },
        status: { conditions: [null] },
      }),
    ).toBeUndefined();
  });

  it('should read a waiting reason that is not a string as no failure', () => {
    const odd = pod('web-1', {
      containerStatuses: [{ name: 'app', state: { waiting: { reason: 7 } } }],
    });
    expect(podFailure([odd])).toBeUndefined();
  });
});
