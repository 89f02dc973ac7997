import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DeploymentController,
  webDeployment,
} from '../../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { setConfig } from './config-set.js';
import { versionedConfigMapName } from './config-version.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import { parseWorkloadRef, rolloutHistory, undoRollout } from './rollout.js';

const DEPLOY = '/apis/apps/v1/namespaces/shop/deployments/web';
const web = parseWorkloadRef('deploy/web', 'shop');

function volumeName(double: KubeDouble): string {
  const live = double.get(DEPLOY)!;
  return (live['spec'] as { template: { spec: { volumes: { configMap: { name: string } }[] } } })
    .template.spec.volumes[0]!.configMap.name;
}

describe('setConfig', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    new DeploymentController(double).autoComplete = true;
    double.put('/api/v1/namespaces/shop/configmaps/routes', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { 'config.yml': 'v0' },
    });
    await kube.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: webDeployment({
        containers: [
          { name: 'app', image: 'app:1', envFrom: [{ configMapRef: { name: 'routes' } }] },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'routes' } }],
      }),
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should create a hash-named immutable version and point every reference at it', async () => {
    const data = { 'config.yml': 'routes: {}\n' };
    const result = await setConfig(kube, web, { data });
    const name = versionedConfigMapName('routes', data);
    expect(result).toEqual({
      base: 'routes',
      name,
      previous: ['routes'],
      created: true,
      changed: true,
      deleted: [],
    });
    const cm = double.get(`/api/v1/namespaces/shop/configmaps/${name}`)!;
    expect(cm['data']).toEqual(data);
    expect(cm['immutable']).toBe(true);
    expect(cm.metadata?.labels).toEqual({
      'kprod.io/config-base': 'routes',
      'app.kubernetes.io/managed-by': 'kprod',
    });
    const spec = double.get(DEPLOY)!['spec'] as {
      template: { spec: { containers: { envFrom: { configMapRef: { name: string } }[] }[] } };
    };
    expect(spec.template.spec.containers[0]!.envFrom[0]!.configMapRef.name).toBe(name);
    expect(volumeName(double)).toBe(name);
  });

  it('should change nothing for the same content', async () => {
    const data = { 'config.yml': 'a: 1\n' };
    await setConfig(kube, web, { data });
    const again = await setConfig(kube, web, { data });
    expect(again).toMatchObject({ created: false, changed: false, previous: [] });
  });

  it('should keep N previous versions plus those kept ReplicaSets use, and let undo restore the previous config', async () => {
    const names: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const result = await setConfig(kube, web, {
        data: { 'config.yml': `version: ${i}\n` },
        keep: 1,
      });
      names.push(result.name);
    }
    // Every revision's ReplicaSet is still there, so no version they use may go.
    expect(
      double
        .list('/api/v1/namespaces/shop/configmaps')
        .map((c) => c.metadata?.name)
        .sort(),
    ).toEqual(['routes', ...names].sort());
    // Once the old ReplicaSets are gone (revisionHistoryLimit), their versions are collected.
    for (const rs of double.list('/apis/apps/v1/namespaces/shop/replicasets')) {
      const uses = JSON.stringify(rs['spec']);
      if (!uses.includes(names[4]!) && !uses.includes(names[3]!)) {
        double.remove(`/apis/apps/v1/namespaces/shop/replicasets/${rs.metadata!.name!}`);
      }
    }
    const last = await setConfig(kube, web, { data: { 'config.yml': 'version: 6\n' }, keep: 1 });
    // The hand-made ConfigMap "routes" is not kprod's: it is never collected.
    expect(last.deleted).toEqual(names.slice(0, 3));
    expect(
      double
        .list('/api/v1/namespaces/shop/configmaps')
        .map((c) => c.metadata?.name)
        .sort(),
    ).toEqual(['routes', names[3]!, names[4]!, last.name].sort());
    await undoRollout(kube, web);
    expect(volumeName(double)).toBe(names[4]);
    expect((await rolloutHistory(kube, web)).at(-1)?.configMaps).toEqual([names[4]]);
  });

  it('should ask which ConfigMap to replace when the template uses several', async () => {
    await kube.request({
      method: 'PATCH',
      path: DEPLOY,
      contentType: 'application/json-patch+json',
      body: [
        {
          op: 'add',
          path: '/spec/template/spec/volumes/-',
          value: { name: 'x', configMap: { name: 'other' } },
        },
      ],
    });
    await expect(setConfig(kube, web, { data: { a: 'b' } })).rejects.toMatchObject({
      code: 'ROLLOUT_TARGET_INVALID',
      message:
        'deploy/web uses ConfigMaps routes, other; say which to replace with --configmap NAME',
    });
    const result = await setConfig(kube, web, { data: { a: 'b' }, configMap: 'other' });
    expect(result.base).toBe('other');
    expect(volumeName(double)).toBe('routes');
  });
});
