import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-api.js';
import { newReplicaSet, ownedReplicaSets, planUndo, revisionHistory } from './replica-sets.js';

const template = (image: string, hash?: string): Record<string, unknown> => ({
  metadata: {
    labels: { app: 'web', ...(hash === undefined ? {} : { 'pod-template-hash': hash }) },
  },
  spec: { containers: [{ name: 'app', image }] },
});

const deployment = (
  image: string,
  revision: string,
  extra: Record<string, unknown> = {},
): KubeObject => ({
  kind: 'Deployment',
  metadata: {
    name: 'web',
    uid: 'd-1',
    resourceVersion: '77',
    annotations: { 'deployment.kubernetes.io/revision': revision, 'team.example/owner': 'shop' },
  },
  spec: { template: template(image), ...extra },
});

const rs = (name: string, image: string, revision: string, owner = 'd-1'): KubeObject => ({
  kind: 'ReplicaSet',
  metadata: {
    name,
    annotations: {
      'deployment.kubernetes.io/revision': revision,
      'kubernetes.io/change-cause': `to ${image}`,
    },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner }],
  },
  spec: { template: template(image, name.slice(4)) },
});

const owned = [
  rs('web-aaa', 'app:1', '1'),
  rs('web-bbb', 'app:2', '2'),
  rs('web-ccc', 'app:3', '3'),
];

describe('ownedReplicaSets', () => {
  it('should keep only the ReplicaSets the Deployment owns', () => {
    expect(
      ownedReplicaSets(deployment('app:3', '3'), [
        ...owned,
        rs('web-zzz', 'app:1', '1', 'other'),
      ]).map((r) => r.metadata?.name),
    ).toEqual(['web-aaa', 'web-bbb', 'web-ccc']);
  });
});

describe('newReplicaSet', () => {
  it('should pick the revision of the Deployment, else the same template', () => {
    expect(newReplicaSet(deployment('app:3', '3'), owned)?.metadata?.name).toBe('web-ccc');
    expect(newReplicaSet(deployment('app:2', '9'), owned)?.metadata?.name).toBe('web-bbb');
    expect(newReplicaSet(deployment('app:4', '4'), owned)).toBeUndefined();
  });
});

describe('revisionHistory', () => {
  it('should list revisions oldest first and mark the current one', () => {
    expect(
      revisionHistory(deployment('app:3', '3'), [owned[2]!, owned[0]!]).map((r) => [
        r.revision,
        r.current,
        r.changeCause,
      ]),
    ).toEqual([
      [1, false, 'to app:1'],
      [3, true, 'to app:3'],
    ]);
  });
});

describe('planUndo', () => {
  it('should restore the previous template without its hash label, with the revision annotations kept', () => {
    expect(planUndo(deployment('app:3', '3'), owned)).toEqual({
      kind: 'patch',
      revision: 2,
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: '77' },
        { op: 'replace', path: '/spec/template', value: template('app:2') },
        {
          op: 'add',
          path: '/metadata/annotations',
          value: {
            'deployment.kubernetes.io/revision': '3',
            'kubernetes.io/change-cause': 'to app:2',
          },
        },
      ],
    });
  });

  it('should go to a given revision', () => {
    expect(planUndo(deployment('app:3', '3'), owned, 1)).toMatchObject({
      kind: 'patch',
      revision: 1,
    });
  });

  it('should skip when the revision matches the current template', () => {
    expect(planUndo(deployment('app:2', '3'), owned, 2)).toEqual({
      kind: 'skip',
      revision: 2,
      message: 'skipped rollback (current template already matches revision 2)',
    });
  });

  it.each([
    [
      'a paused Deployment',
      deployment('app:3', '3', { paused: true }),
      owned,
      0,
      'deployment "web" is paused: it cannot be rolled back',
    ],
    [
      'no previous revision',
      deployment('app:1', '1'),
      [owned[0]!],
      0,
      'deployment "web" has no previous revision to roll back to',
    ],
    [
      'an unknown revision',
      deployment('app:3', '3'),
      owned,
      8,
      'deployment "web" has no revision 8',
    ],
  ])('should refuse %s', (_, d, list, to, message) => {
    expect(() => planUndo(d, list, to)).toThrow(message);
  });
});
