import { describe, expect, it } from 'vitest';
import { podObject } from '../../../test/support/kube-double-logs.js';
import {
  type ActiveStream,
  type ContainerView,
  afterStreamEnd,
  containerViews,
  formatDelay,
  planStreams,
  podMatches,
  reconnectDelayMs,
} from './plan.js';

function view(
  pod: string,
  container = 'app',
  containerId: string | null = `${pod}-1`,
  running = true,
): ContainerView {
  return {
    key: `shop/${pod}/${container}`,
    namespace: 'shop',
    pod,
    container,
    node: 'n1',
    containerId: containerId ?? undefined,
    running,
  };
}

describe('containerViews', () => {
  const pod = podObject({
    name: 'web-0',
    containers: [
      { name: 'app', id: 'containerd://a' },
      { name: 'istio-proxy', id: 'containerd://p' },
      { name: 'late' },
      { name: 'done', id: 'containerd://d', running: false },
    ],
  });
  (pod['spec'] as Record<string, unknown>)['initContainers'] = [{ name: 'init-db' }];
  (pod['status'] as Record<string, unknown>)['initContainerStatuses'] = [
    { name: 'init-db', containerID: 'containerd://i', state: { terminated: {} } },
  ];

  it('should list the app containers with their ids and states, without init containers', () => {
    expect(containerViews(pod).map((v) => [v.container, v.containerId, v.running])).toEqual([
      ['app', 'containerd://a', true],
      ['istio-proxy', 'containerd://p', true],
      ['late', undefined, false],
      ['done', 'containerd://d', false],
    ]);
    expect(containerViews(pod)[0]).toEqual({
      key: 'shop/web-0/app',
      namespace: 'shop',
      pod: 'web-0',
      container: 'app',
      node: 'node-1',
      containerId: 'containerd://a',
      running: true,
    });
  });

  it('should keep the containers a -c pattern matches, init containers included', () => {
    expect(containerViews(pod, /^(app|init-.*)$/).map((v) => v.container)).toEqual([
      'init-db',
      'app',
    ]);
  });
});

describe('podMatches', () => {
  const pod = podObject({ name: 'web-0', labels: { app: 'web', tier: 'front' }, node: 'n2' });
  const rows: [string, { labelSelector?: string; fieldSelector?: string }, boolean][] = [
    ['equal', { labelSelector: 'app=web' }, true],
    ['double equal', { labelSelector: 'app==web' }, true],
    ['two terms', { labelSelector: 'app=web,tier=back' }, false],
    ['not equal', { labelSelector: 'tier!=back' }, true],
    ['in', { labelSelector: 'tier in (back, front)' }, true],
    ['notin', { labelSelector: 'tier notin (front)' }, false],
    ['exists', { labelSelector: 'app' }, true],
    ['does not exist', { labelSelector: '!canary' }, true],
    ['exists, missing', { labelSelector: 'canary' }, false],
    ['node', { fieldSelector: 'spec.nodeName=n2' }, true],
    ['other node', { fieldSelector: 'spec.nodeName=n1' }, false],
    ['name', { fieldSelector: 'metadata.name=web-0' }, true],
    ['other name', { fieldSelector: 'metadata.name=web-1' }, false],
  ];
  it.each(rows)('should decide %s', (_name, query, expected) => {
    expect(podMatches(pod, query)).toBe(expected);
  });
});

describe('planStreams', () => {
  const active = (entries: [string, ActiveStream][]) => new Map(entries);
  const rows: {
    name: string;
    views: ContainerView[];
    active: [string, ActiveStream][];
    max: number;
    start: [string, string][];
    stop: string[];
    waiting: number;
  }[] = [
    {
      name: 'new pods join, in key order',
      views: [view('b'), view('a')],
      active: [],
      max: 10,
      start: [
        ['shop/a/app', 'join'],
        ['shop/b/app', 'join'],
      ],
      stop: [],
      waiting: 0,
    },
    {
      name: 'a container not created yet waits',
      views: [view('a', 'app', null, false)],
      active: [],
      max: 10,
      start: [],
      stop: [],
      waiting: 0,
    },
    {
      name: 'a running stream is left alone',
      views: [view('a')],
      active: [['shop/a/app', { containerId: 'a-1', ended: false }]],
      max: 10,
      start: [],
      stop: [],
      waiting: 0,
    },
    {
      name: 'a pod that went away leaves',
      views: [view('b')],
      active: [
        ['shop/a/app', { containerId: 'a-1', ended: false }],
        ['shop/b/app', { containerId: 'b-1', ended: false }],
      ],
      max: 10,
      start: [],
      stop: ['shop/a/app'],
      waiting: 0,
    },
    {
      name: 'an ended stream of a restarted container re-attaches',
      views: [view('a', 'app', 'a-2')],
      active: [['shop/a/app', { containerId: 'a-1', ended: true }]],
      max: 10,
      start: [['shop/a/app', 'reattach']],
      stop: [],
      waiting: 0,
    },
    {
      name: 'a restarted container whose old stream is still open re-attaches (replacing it)',
      views: [view('a', 'app', 'a-2')],
      active: [['shop/a/app', { containerId: 'a-1', ended: false }]],
      max: 10,
      start: [['shop/a/app', 'reattach']],
      stop: [],
      waiting: 0,
    },
    {
      name: 'a re-attach that replaces an open stream takes no new slot of --max-streams',
      views: [view('a', 'app', 'a-2'), view('b')],
      active: [
        ['shop/a/app', { containerId: 'a-1', ended: false }],
        ['shop/b/app', { containerId: 'b-1', ended: false }],
      ],
      max: 2,
      start: [['shop/a/app', 'reattach']],
      stop: [],
      waiting: 0,
    },
    {
      name: 'an exited container whose stream is still open keeps it (the last lines drain)',
      views: [view('a', 'app', 'a-1', false)],
      active: [['shop/a/app', { containerId: 'a-1', ended: false }]],
      max: 10,
      start: [],
      stop: [],
      waiting: 0,
    },
    {
      name: 'an ended stream of the same container stays ended (a finished Job)',
      views: [view('a', 'app', 'a-1', false)],
      active: [['shop/a/app', { containerId: 'a-1', ended: true }]],
      max: 10,
      start: [],
      stop: [],
      waiting: 0,
    },
    {
      name: 'past --max-streams the rest wait, ended streams do not count',
      views: [view('a'), view('b'), view('c'), view('d')],
      active: [
        ['shop/a/app', { containerId: 'a-1', ended: false }],
        ['shop/x/app', { containerId: 'x-1', ended: false }],
        ['shop/d/app', { containerId: 'd-1', ended: true }],
      ],
      max: 2,
      start: [['shop/b/app', 'join']],
      stop: ['shop/x/app'],
      waiting: 1,
    },
  ];
  it.each(rows)('$name', (row) => {
    const plan = planStreams(row.views, active(row.active), row.max);
    expect({
      start: plan.start.map((s) => [s.view.key, s.reason]),
      stop: plan.stop,
      waiting: plan.waiting,
    }).toEqual({ start: row.start, stop: row.stop, waiting: row.waiting });
  });
});

describe('afterStreamEnd', () => {
  const rows: [string, ContainerView | undefined, string | undefined, string][] = [
    [
      'the same container still runs: the connection dropped',
      view('a', 'app', 'a-1'),
      'a-1',
      'reconnect',
    ],
    ['the container exited', view('a', 'app', 'a-1', false), 'a-1', 'done'],
    ['the container restarted', view('a', 'app', 'a-2'), 'a-1', 'done'],
    ['the pod is gone', undefined, 'a-1', 'done'],
  ];
  it.each(rows)('should decide when %s', (_name, current, id, expected) => {
    expect(afterStreamEnd(current, id)).toBe(expected);
  });
});

describe('reconnectDelayMs', () => {
  it('should double from 250 ms up to 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});

describe('formatDelay', () => {
  it('should print milliseconds below a second, else seconds', () => {
    expect([250, 500, 1000, 2000, 8000].map(formatDelay)).toEqual([
      '250 ms',
      '500 ms',
      '1 s',
      '2 s',
      '8 s',
    ]);
  });
});

describe('containerViews on a malformed pod', () => {
  it('should skip containers and statuses that are not objects or have no name', () => {
    const pod = podObject({ name: 'web-0', containers: [{ name: 'app', id: 'containerd://a' }] });
    (pod['spec'] as Record<string, unknown>)['containers'] = [
      null,
      { image: 'x' },
      { name: 'app' },
    ];
    (pod['status'] as Record<string, unknown>)['containerStatuses'] = [
      7,
      { name: 'app', containerID: 'containerd://a', state: { running: {} } },
    ];
    expect(containerViews(pod).map((v) => [v.container, v.containerId, v.running])).toEqual([
      ['app', 'containerd://a', true],
    ]);
  });
});
