/** Mutations of object metadata and of each workload kind's own spec fields (differential). */
import { type Mutation, type Obj, slug } from './pod-mutations.js';

function onObject(family: string, name: string, change: (o: Obj) => void): Mutation {
  return { name, family, apply: change };
}

function meta(o: Obj): Obj {
  return o['metadata'] as Obj;
}

const NAMES = [
  'web',
  'Web',
  'web_1',
  'web.app',
  'web..app',
  '-web',
  'web-',
  '1web',
  'a'.repeat(52),
  'a'.repeat(53),
  'a'.repeat(63),
  'a'.repeat(64),
  'a'.repeat(253),
  'a'.repeat(254),
  'x',
];
const LABEL_KEYS = [
  'app',
  'app.kubernetes.io/name',
  'example.com/a_b',
  'Example.com/x',
  '/x',
  'a/b/c',
  'x/',
  'a'.repeat(63),
  'a'.repeat(64),
  `${'a'.repeat(254)}/x`,
  'bad key',
  '-x',
];
const LABEL_VALUES = [
  '',
  'web',
  'My_Value.1',
  'a'.repeat(63),
  'a'.repeat(64),
  '-x',
  'x-',
  'a b',
  'a/b',
];

/** Metadata mutations, valid for every kind. */
export function metadataMutations(): Mutation[] {
  const out: Mutation[] = [];
  NAMES.forEach((n, i) =>
    out.push(
      onObject(
        'names',
        `name-${i}-${slug(n).slice(0, 12)}-${n.length}`,
        (o) => (meta(o)['name'] = n),
      ),
    ),
  );
  for (const [name, prefix] of [
    ['ok', 'web-'],
    ['upper', 'Web-'],
    ['dot', 'web.'],
    ['long', `${'a'.repeat(70)}-`],
    ['bad', 'web_'],
  ] as const) {
    out.push(
      onObject('names', `generate-name-${name}`, (o) => {
        delete meta(o)['name'];
        meta(o)['generateName'] = prefix;
      }),
    );
  }
  out.push(onObject('names', 'no-name', (o) => delete meta(o)['name']));
  LABEL_KEYS.forEach((k, i) =>
    out.push(
      onObject(
        'labels',
        `label-key-${i}-${slug(k).slice(0, 20)}`,
        (o) => (meta(o)['labels'] = { ...(meta(o)['labels'] as Obj), [k]: 'v' }),
      ),
    ),
  );
  LABEL_VALUES.forEach((v, i) =>
    out.push(
      onObject(
        'labels',
        `label-value-${i}-${slug(v).slice(0, 20)}`,
        (o) => (meta(o)['labels'] = { ...(meta(o)['labels'] as Obj), extra: v }),
      ),
    ),
  );
  const annotationKeys = [
    'example.com/note',
    'Example.com/Note',
    'note',
    'bad key',
    'a/b/c',
    'a'.repeat(64),
  ];
  annotationKeys.forEach((k, i) =>
    out.push(
      onObject(
        'labels',
        `annotation-key-${i}-${slug(k).slice(0, 20)}`,
        (o) => (meta(o)['annotations'] = { [k]: 'any value: at all' }),
      ),
    ),
  );
  out.push(
    onObject(
      'labels',
      'annotations-at-limit',
      (o) => (meta(o)['annotations'] = { a: 'x'.repeat(256 * 1024 - 1) }),
    ),
    onObject(
      'labels',
      'annotations-over-limit',
      (o) => (meta(o)['annotations'] = { a: 'x'.repeat(256 * 1024) }),
    ),
  );
  const finalizers: [string, string[]][] = [
    ['qualified', ['example.com/cleanup']],
    ['plain', ['cleanup']],
    ['standard', ['kubernetes']],
    ['orphan-foreground', ['orphan', 'foregroundDeletion']],
    ['bad', ['example.com/a b']],
  ];
  for (const [name, f] of finalizers)
    out.push(onObject('names', `finalizers-${name}`, (o) => (meta(o)['finalizers'] = f)));
  const owner = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'owner',
    uid: '0b8a3c1e-1d2f-4c5b-9a7e-123456789abc',
  };
  const owners: [string, Obj[]][] = [
    ['ok', [owner]],
    ['no-uid', [{ ...owner, uid: '' }]],
    ['no-version', [{ ...owner, apiVersion: 'apps/' }]],
    ['no-kind', [{ ...owner, kind: '' }]],
    ['event', [{ ...owner, kind: 'Event' }]],
    [
      'two-controllers',
      [
        { ...owner, controller: true },
        { ...owner, name: 'other', controller: true },
      ],
    ],
  ];
  for (const [name, refs] of owners)
    out.push(onObject('names', `owner-${name}`, (o) => (meta(o)['ownerReferences'] = refs)));
  return out;
}

/** Deployment spec mutations. */
export function deploymentMutations(): Mutation[] {
  const out: Mutation[] = [];
  const spec = (o: Obj): Obj => o['spec'] as Obj;
  const cases: [string, (s: Obj) => void][] = [
    ['replicas-0', (s) => (s['replicas'] = 0)],
    ['replicas-negative', (s) => (s['replicas'] = -1)],
    ['min-ready-negative', (s) => (s['minReadySeconds'] = -1)],
    ['revision-history-negative', (s) => (s['revisionHistoryLimit'] = -1)],
    ['revision-history-0', (s) => (s['revisionHistoryLimit'] = 0)],
    ['progress-0', (s) => (s['progressDeadlineSeconds'] = 0)],
    [
      'progress-equal-min-ready',
      (s) => Object.assign(s, { progressDeadlineSeconds: 10, minReadySeconds: 10 }),
    ],
    [
      'progress-over-min-ready',
      (s) => Object.assign(s, { progressDeadlineSeconds: 11, minReadySeconds: 10 }),
    ],
    ['min-ready-600-default-progress', (s) => (s['minReadySeconds'] = 600)],
    ['strategy-recreate', (s) => (s['strategy'] = { type: 'Recreate' })],
    [
      'strategy-recreate-rolling',
      (s) => (s['strategy'] = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }),
    ],
    ['strategy-bad', (s) => (s['strategy'] = { type: 'BlueGreen' })],
    [
      'strategy-rolling-empty',
      (s) => (s['strategy'] = { type: 'RollingUpdate', rollingUpdate: {} }),
    ],
  ];
  const intOrPercent = [0, 1, -1, '0%', '50%', '100%', '150%', 'abc', '5'];
  for (const unavailable of intOrPercent) {
    for (const surge of [0, 1, '25%']) {
      cases.push([
        `rolling-${slug(unavailable)}-${slug(surge)}`,
        (s) =>
          (s['strategy'] = {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: unavailable, maxSurge: surge },
          }),
      ]);
    }
  }
  for (const surge of ['150%', -1, 'x']) {
    cases.push([
      `surge-${slug(surge)}`,
      (s) => (s['strategy'] = { rollingUpdate: { maxSurge: surge } }),
    ]);
  }
  for (const [name, change] of cases)
    out.push(
      onObject('deployment', `deploy-${name}`, (o) => {
        change(spec(o));
      }),
    );
  return out;
}

/** Selector mutations of the apps kinds (selector and template labels). */
export function selectorMutations(): Mutation[] {
  const cases: [string, unknown, Obj?][] = [
    ['missing', undefined],
    ['empty', {}],
    ['mismatch', { matchLabels: { app: 'other' } }],
    ['subset', { matchLabels: { app: 'web' } }, { app: 'web', tier: 'front' }],
    ['superset', { matchLabels: { app: 'web', tier: 'front' } }],
    ['expr-in', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }],
    ['expr-notin', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }],
    ['expr-exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }],
    ['expr-does-not-exist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }],
    ['expr-in-empty', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }],
    [
      'expr-exists-values',
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
    ],
    ['expr-bad-op', { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }],
    ['expr-bad-key', { matchExpressions: [{ key: 'a b', operator: 'Exists' }] }],
    ['bad-label-key', { matchLabels: { 'a b': 'web' } }],
    ['bad-label-value', { matchLabels: { app: 'a b' } }],
    ['template-no-labels', { matchLabels: { app: 'web' } }, {}],
    [
      'both-ok',
      {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }],
      },
    ],
  ];
  return cases.map(([name, selector, labels]) =>
    onObject('selectors', `selector-${name}`, (o) => {
      const spec = o['spec'] as Obj;
      if (selector === undefined) delete spec['selector'];
      else spec['selector'] = selector;
      if (labels !== undefined) ((spec['template'] as Obj)['metadata'] as Obj)['labels'] = labels;
    }),
  );
}
