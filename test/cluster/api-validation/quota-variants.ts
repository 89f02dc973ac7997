import { cases, named, withField } from './network-variant-kit.js';
import type { Variant } from './variant.js';

/**
 * ResourceQuota and LimitRange variants: every standard and some unknown resource names,
 * quantities around the integer and sign rules, every scope alone, in pairs and against each
 * resource, scope selector operators with and without values; limit types, resource names by
 * type, min/default/max orders (with the Container defaults), ratios and PVC storage bounds.
 */

type Json = Record<string, unknown>;

const QUOTA: Json = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'quota' },
  spec: { hard: { cpu: '1', memory: '1Gi', pods: '10' } },
};

const QUOTA_NAMES = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
  'hugepages-2Mi',
  'requests.hugepages-1Gi',
  'storage',
  'limits.storage',
  'foo',
  'Foo',
  'count/deployments.apps',
  'count/pods',
  'requests.nvidia.com/gpu',
  'nvidia.com/gpu',
  'example.com/foo_bar',
  'kubernetes.io/foo',
  'gold.storageclass.storage.k8s.io/requests.storage',
  'a/b/c',
  '-bad',
  '/foo',
  'example.com/',
  'x'.repeat(64),
  `example.com/${'y'.repeat(63)}`,
];

const QUANTITIES = ['0', '1', '-1', '1.5', '1500m', '2000m', '0.001', '1e3', '1Ki', '100m', 3];

const SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
  'Foo',
];

/** `hard` sets to hold each scope against: pod counts, compute, PVCs, objects, extended. */
const HARD_SETS: readonly Json[] = [
  { pods: '10' },
  { 'requests.cpu': '1', 'limits.memory': '1Gi' },
  { persistentvolumeclaims: '3', 'requests.storage': '10Gi' },
  { configmaps: '5' },
  { 'count/deployments.apps': '2' },
];

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Equals'];
const VALUE_LISTS: readonly (readonly string[] | undefined)[] = [undefined, [], ['high']];

function quota(id: string, spec: Json): Variant {
  return named(id, 'quota', withField(QUOTA, ['spec'], spec));
}

function pad(i: number): string {
  return String(i).padStart(2, '0');
}

function quotaNameVariants(): Variant[] {
  return QUOTA_NAMES.map((name, i) => quota(`rq-name-${pad(i)}`, { hard: { [name]: '2' } }));
}

function quotaQuantityVariants(): Variant[] {
  const names = [
    'cpu',
    'pods',
    'services.nodeports',
    'count/jobs.batch',
    'requests.example.com/gpu',
  ];
  return names.flatMap((name, n) =>
    QUANTITIES.map((q, i) => quota(`rq-qty-${n}-${pad(i)}`, { hard: { [name]: q } })),
  );
}

function scopeVariants(): Variant[] {
  const single = SCOPES.flatMap((scope, s) =>
    HARD_SETS.map((hard, h) => quota(`rq-scope-${s}-${h}`, { hard, scopes: [scope] })),
  );
  const pairs: Variant[] = [];
  SCOPES.forEach((a, i) => {
    SCOPES.slice(i + 1).forEach((b, j) =>
      pairs.push(quota(`rq-scopes-${i}-${i + 1 + j}`, { hard: { pods: '4' }, scopes: [a, b] })),
    );
  });
  return [
    ...single,
    ...pairs,
    quota('rq-scopes-empty', { hard: { cpu: '1' }, scopes: [] }),
    quota('rq-scopes-none', { scopes: ['BestEffort'] }),
    quota('rq-scopes-repeat', { hard: { pods: '1' }, scopes: ['BestEffort', 'BestEffort'] }),
  ];
}

function selectorVariants(): Variant[] {
  const out: Variant[] = [];
  SCOPES.forEach((scope, s) => {
    OPERATORS.forEach((operator, o) => {
      VALUE_LISTS.forEach((values, v) => {
        const expression: Json = { scopeName: scope, operator };
        if (values !== undefined) expression['values'] = values;
        const spec = { hard: { pods: '5' }, scopeSelector: { matchExpressions: [expression] } };
        out.push(quota(`rq-sel-${s}-${o}-${v}`, spec));
      });
    });
  });
  const exists = (scopeName: string): Json => ({ scopeName, operator: 'Exists' });
  const specs: Json[] = [
    { hard: { cpu: '1' }, scopeSelector: { matchExpressions: [exists('BestEffort')] } },
    {
      hard: { pods: '1' },
      scopeSelector: { matchExpressions: [exists('BestEffort'), exists('NotBestEffort')] },
    },
    {
      hard: { pods: '1' },
      scopes: ['Terminating'],
      scopeSelector: { matchExpressions: [exists('NotTerminating')] },
    },
    {
      hard: { pods: '1' },
      scopes: ['Terminating', 'NotTerminating'],
      scopeSelector: { matchExpressions: [exists('Terminating'), exists('NotTerminating')] },
    },
    { hard: { pods: '1' }, scopeSelector: {} },
    { hard: { pods: '1' }, scopeSelector: { matchExpressions: [] } },
    {
      hard: { 'requests.storage': '1Gi' },
      scopeSelector: {
        matchExpressions: [
          { scopeName: 'VolumeAttributesClass', operator: 'In', values: ['gold'] },
        ],
      },
    },
    {
      hard: { cpu: '2', 'requests.storage': '1Gi' },
      scopeSelector: {
        matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high', 'low'] }],
      },
    },
  ];
  return [...out, ...specs.map((spec, i) => quota(`rq-sel-case-${pad(i)}`, spec))];
}

const LIMIT_RANGE: Json = {
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'limits' },
  spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }] },
};

const LIMIT_TYPES = ['Container', 'Pod', 'PersistentVolumeClaim', 'example.com/Node', 'Node', ''];
const LIMIT_NAMES = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'storage',
  'hugepages-2Mi',
  'nvidia.com/gpu',
  'kubernetes.io/foo',
  'requests.example.com/gpu',
  'pods',
  'foo',
];

function limitRange(id: string, limits: readonly Json[]): Variant {
  return named(id, 'limitrange', withField(LIMIT_RANGE, ['spec', 'limits'], limits));
}

function limitNameVariants(): Variant[] {
  const maps = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];
  const out: Variant[] = [];
  LIMIT_TYPES.forEach((type, t) => {
    maps.forEach((map, m) => {
      LIMIT_NAMES.forEach((name, n) => {
        // A PVC limit needs a storage bound besides the resource under test.
        const limit: Json = { type, [map]: { [name]: '1' } };
        if (type === 'PersistentVolumeClaim' && map !== 'max') limit['max'] = { storage: '5Gi' };
        out.push(limitRange(`lr-name-${t}-${m}-${pad(n)}`, [limit]));
      });
    });
  });
  return out;
}

/** min, max, default, defaultRequest and ratio combinations of one resource, per type. */
function limitOrderVariants(): Variant[] {
  const values = [undefined, '100m', '500m', '1', '2'];
  const out: Variant[] = [];
  for (const type of ['Container', 'PersistentVolumeClaim', 'example.com/Node']) {
    const resource = type === 'PersistentVolumeClaim' ? 'storage' : 'cpu';
    const t = type === 'Container' ? 'c' : type === 'PersistentVolumeClaim' ? 'p' : 'x';
    let i = 0;
    for (const min of values)
      for (const max of values)
        for (const def of values.slice(0, 4))
          for (const req of [undefined, '500m', '2']) {
            // Every fourth combination is enough to cover each pair of orders.
            if ((i++ * 7) % 4 !== 0) continue;
            const limit: Json = { type };
            const put = (map: string, q: string | undefined) => {
              if (q !== undefined) limit[map] = { [resource]: q };
            };
            put('min', min);
            put('max', max);
            put('default', def);
            put('defaultRequest', req);
            out.push(limitRange(`lr-order-${t}-${String(i).padStart(3, '0')}`, [limit]));
          }
  }
  return out;
}

function limitRatioVariants(): Variant[] {
  const ratios = ['500m', '1', '1.5', '2', '4', '10', '0'];
  const bounds: readonly (readonly [string | undefined, string | undefined])[] = [
    [undefined, undefined],
    ['100m', '200m'],
    ['1', '4'],
    ['0', '1'],
    ['1Gi', '3Gi'],
    ['3', '1'],
  ];
  const out: Variant[] = [];
  ratios.forEach((ratio, r) => {
    bounds.forEach(([min, max], b) => {
      const limit: Json = { type: 'Container', maxLimitRequestRatio: { memory: ratio } };
      if (min !== undefined) limit['min'] = { memory: min };
      if (max !== undefined) limit['max'] = { memory: max };
      out.push(limitRange(`lr-ratio-${r}-${b}`, [limit]));
    });
  });
  return out;
}

function limitCaseVariants(): Variant[] {
  const gpu = (def: string, req: string): Json => ({
    type: 'Container',
    default: { 'nvidia.com/gpu': def },
    defaultRequest: { 'nvidia.com/gpu': req },
  });
  const lists: (readonly Json[])[] = [
    [{ type: 'Container' }, { type: 'Container' }],
    [
      { type: 'Pod', max: { cpu: '4' } },
      { type: 'Container', max: { cpu: '2' } },
    ],
    [{ type: 'Pod', default: { cpu: '1' } }],
    [{ type: 'Pod', defaultRequest: { memory: '1Gi' } }],
    [{ type: 'PersistentVolumeClaim' }],
    [{ type: 'PersistentVolumeClaim', min: { storage: '1Gi' } }],
    [{ type: 'PersistentVolumeClaim', max: { memory: '1Gi' } }],
    [gpu('1', '1')],
    [gpu('2', '1')],
    [
      {
        type: 'Container',
        default: { 'hugepages-2Mi': '4Mi' },
        defaultRequest: { 'hugepages-2Mi': '2Mi' },
      },
    ],
    [{ type: 'Container', max: { memory: '1Gi' }, defaultRequest: { memory: '2Gi' } }],
    [{ type: 'Container', min: { memory: '1Gi' }, default: { memory: '512Mi' } }],
    [],
  ];
  const unnamed = (object: Json): Json => withField(object, ['metadata', 'name'], undefined);
  return [
    ...lists.map((limits, i) => limitRange(`lr-case-${pad(i)}`, limits)),
    ...cases('lr-meta', 'limitrange', [LIMIT_RANGE]),
    // Without a name the API server names a LimitRange itself; a ResourceQuota needs one.
    { id: 'lr-unnamed', family: 'limitrange', object: unnamed(LIMIT_RANGE) },
    { id: 'rq-unnamed', family: 'quota', object: unnamed(QUOTA) },
  ];
}

/** Every ResourceQuota and LimitRange variant. */
export function quotaVariants(): Variant[] {
  return [
    ...quotaNameVariants(),
    ...quotaQuantityVariants(),
    ...scopeVariants(),
    ...selectorVariants(),
    ...limitNameVariants(),
    ...limitOrderVariants(),
    ...limitRatioVariants(),
    ...limitCaseVariants(),
  ];
}
