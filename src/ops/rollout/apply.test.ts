import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { applyObjects, diffObjects } from './apply.js';
import { orderForApply } from './apply-order.js';
import { connectKube } from '../kube.js';
import { type KubeClient, type KubeObject } from '../kube-api.js';

describe('orderForApply', () => {
  it('should put namespaces first, CRDs before their instances and webhooks last, stably', () => {
    const objects = [
      { kind: 'ValidatingWebhookConfiguration', n: 1 },
      { kind: 'Deployment', n: 2 },
      { kind: 'Widget', n: 3 },
      { kind: 'ConfigMap', n: 4 },
      { kind: 'CustomResourceDefinition', n: 5 },
      { kind: 'Service', n: 6 },
      { kind: 'Namespace', n: 7 },
      { kind: 'ConfigMap', n: 8 },
      { kind: 'HorizontalPodAutoscaler', n: 9 },
    ];
    expect(orderForApply(objects).map((o) => `${o.kind}#${o.n}`)).toEqual([
      'Namespace#7',
      'CustomResourceDefinition#5',
      'ConfigMap#4',
      'ConfigMap#8',
      'Service#6',
      'Deployment#2',
      'Widget#3',
      'HorizontalPodAutoscaler#9',
      'ValidatingWebhookConfiguration#1',
    ]);
  });
});

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'shop' },
  data: { a: '1' },
};
const widget: KubeObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1' },
  spec: { size: 3 },
};

describe('applyObjects', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    // Discovery for the custom resource's group, as the API server answers it.
    double.override((req) =>
      req.method === 'GET' && req.path === '/apis/example.com/v1'
        ? {
            status: 200,
            body: {
              kind: 'APIResourceList',
              groupVersion: 'example.com/v1',
              resources: [
                { name: 'widgets', kind: 'Widget', namespaced: true },
                { name: 'widgets/status', kind: 'Widget', namespaced: true },
              ],
            },
          }
        : undefined,
    );
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should server-side apply in order with field manager kprod and report what changed', async () => {
    const first = await applyObjects(kube, [widget, cm, ns]);
    expect(first.map((r) => `${r.id} ${r.action}`)).toEqual([
      'Namespace/shop created',
      'ConfigMap/shop/cfg created',
      'Widget/default/w1 created',
    ]);
    const patches = double.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([
      '/api/v1/namespaces/shop',
      '/api/v1/namespaces/shop/configmaps/cfg',
      '/apis/example.com/v1/namespaces/default/widgets/w1',
    ]);
    for (const p of patches) {
      expect(p.contentType).toBe('application/apply-patch+yaml');
      expect(p.query).toEqual({ fieldManager: 'kprod', fieldValidation: 'Strict' });
    }
    expect(double.get('/api/v1/namespaces/shop/configmaps/cfg')?.['data']).toEqual({ a: '1' });

    const second = await applyObjects(kube, [ns, { ...cm, data: { a: '2' } }, widget]);
    expect(second.map((r) => `${r.id} ${r.action}`)).toEqual([
      'Namespace/shop unchanged',
      'ConfigMap/shop/cfg configured',
      'Widget/default/w1 unchanged',
    ]);
  });

  it('should not persist anything in a server dry run', async () => {
    const results = await applyObjects(kube, [cm], { dryRun: true, force: true });
    expect(results[0]?.action).toBe('created');
    expect(double.requests.find((r) => r.method === 'PATCH')?.query).toEqual({
      fieldManager: 'kprod',
      fieldValidation: 'Strict',
      force: 'true',
      dryRun: 'All',
    });
    expect(double.get('/api/v1/namespaces/shop/configmaps/cfg')).toBeUndefined();
  });

  it('should refuse a kind the cluster does not serve', async () => {
    await expect(
      applyObjects(kube, [{ apiVersion: 'nope.io/v1', kind: 'Gadget', metadata: { name: 'g' } }]),
    ).rejects.toMatchObject({
      code: 'APPLY_INPUT_INVALID',
      message: 'the cluster serves no kind Gadget in nope.io/v1',
    });
  });

  it('should explain a field-manager conflict', async () => {
    double.failOnce(
      'PATCH',
      '/api/v1/namespaces/shop/configmaps/cfg',
      409,
      'Conflict',
      'Apply failed with 1 conflict: conflict with "kubectl-edit": .data.a',
    );
    await expect(applyObjects(kube, [cm])).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: expect.stringContaining(
        'ConfigMap/shop/cfg: PATCH /api/v1/namespaces/shop/configmaps/cfg: 409 Apply failed with 1 conflict',
      ) as string,
      hint: expect.stringContaining('--force-conflicts') as string,
    });
  });

  it('should report a field the schema lacks as an invalid object, not a server failure', async () => {
    // What the real API server answers (500, whatever fieldValidation says) when a server-side
    // apply names a field its schema does not declare.
    double.failOnce(
      'PATCH',
      '/api/v1/namespaces/shop/configmaps/cfg',
      500,
      'InternalError',
      'failed to create typed patch object (shop/cfg; /v1, Kind=ConfigMap): .dataa: field not declared in schema',
    );
    await expect(applyObjects(kube, [cm])).rejects.toMatchObject({
      code: 'KUBE_INVALID',
      message:
        'ConfigMap/shop/cfg: unknown field ".dataa": the API server has no such field in its schema',
      hint: 'Remove or correct the field; `kprod check` reports unknown fields offline (schema-unknown-field).',
    });
  });
});

describe('diffObjects', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should diff the live object against the dry-run result and change nothing', async () => {
    await applyObjects(kube, [cm]);
    const diffs = await diffObjects(kube, [{ ...cm, data: { a: '1', b: '2' } }]);
    expect(diffs).toEqual([
      {
        id: 'ConfigMap/shop/cfg',
        diff: [
          '--- live/ConfigMap/shop/cfg',
          '+++ merged/ConfigMap/shop/cfg',
          '@@ -5,3 +5,4 @@',
          '   namespace: shop',
          ' data:',
          '   a: "1"',
          '+  b: "2"',
          '',
        ].join('\n'),
      },
    ]);
    expect(double.get('/api/v1/namespaces/shop/configmaps/cfg')?.['data']).toEqual({ a: '1' });
    expect(await diffObjects(kube, [cm])).toEqual([{ id: 'ConfigMap/shop/cfg', diff: '' }]);
  });
});
