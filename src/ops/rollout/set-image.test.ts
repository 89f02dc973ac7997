import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DeploymentController,
  webDeployment,
} from '../../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { type TestRegistry, pushImage, startRegistry } from '../../../test/support/registry.js';
import { connectKube } from '../kube.js';
import { type KubeClient, type KubeObject } from '../kube-api.js';
import { parseWorkloadRef } from './rollout.js';
import { planImagePatch, setImage } from './set-image.js';

const DIGEST = `sha256:${'cd'.repeat(32)}`;

function deployment(annotations?: Record<string, string>): KubeObject {
  return webDeployment(
    {
      initContainers: [{ name: 'migrate', image: 'app:1' }],
      containers: [
        { name: 'app', image: 'app:1' },
        { name: 'proxy', image: 'envoy:1' },
      ],
    },
    annotations === undefined ? {} : { annotations },
  );
}

describe('planImagePatch', () => {
  it('should test and replace one container image and record the change cause', () => {
    expect(planImagePatch(deployment({ a: 'b' }), 'app', `app:2@${DIGEST}`, 'why')).toEqual({
      patch: [
        { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'app:1' },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: `app:2@${DIGEST}` },
        { op: 'add', path: '/metadata/annotations/kubernetes.io~1change-cause', value: 'why' },
      ],
      changes: [{ container: 'app', from: 'app:1', to: `app:2@${DIGEST}` }],
    });
  });

  it('should change every container, init containers included, for *', () => {
    const { patch, changes } = planImagePatch(deployment(), '*', 'x:1', 'why');
    expect(changes.map((c) => c.container)).toEqual(['migrate', 'app', 'proxy']);
    expect(patch.at(-1)).toEqual({
      op: 'add',
      path: '/metadata/annotations',
      value: { 'kubernetes.io/change-cause': 'why' },
    });
  });

  it('should change nothing when the image is already set', () => {
    expect(planImagePatch(deployment(), 'app', 'app:1', 'why')).toEqual({ patch: [], changes: [] });
  });

  it('should name the existing containers when the container is unknown', () => {
    expect(() => planImagePatch(deployment(), 'ap', 'x:1')).toThrow(
      'Deployment "web" has no container "ap"; it has: migrate, app, proxy',
    );
  });
});

describe('setImage', () => {
  let registry: TestRegistry;
  let pushed: { digest: string };
  let double: KubeDouble;
  let kube: KubeClient;
  beforeAll(async () => {
    registry = await startRegistry('basic');
    pushed = await pushImage(registry, 'shop/app', 'v2');
  });
  afterAll(async () => {
    await registry.stop();
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    new DeploymentController(double).autoComplete = true;
    await kube.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: deployment(),
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should resolve the tag in the registry and pin the digest in the pod template', async () => {
    const ref = `${registry.host}/shop/app:v2`;
    const result = await setImage(kube, parseWorkloadRef('deploy/web', 'shop'), 'app', ref, {
      dockerConfig: registry.dockerConfig,
    });
    const pinned = `${registry.host}/shop/app:v2@${pushed.digest}`;
    expect(result.image).toBe(pinned);
    expect(result.changes).toEqual([{ container: 'app', from: 'app:1', to: pinned }]);
    const live = double.get('/apis/apps/v1/namespaces/shop/deployments/web')!;
    expect(
      (live['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0]!.image,
    ).toBe(pinned);
    expect(live.metadata?.annotations?.['kubernetes.io/change-cause']).toBe(
      `kprod set image deploy/web app=${pinned}`,
    );
    expect(live.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('should not touch the cluster when the tag does not exist', async () => {
    await expect(
      setImage(
        kube,
        parseWorkloadRef('deploy/web', 'shop'),
        'app',
        `${registry.host}/shop/app:v9`,
        {
          dockerConfig: registry.dockerConfig,
        },
      ),
    ).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    expect(double.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it('should take a digest reference as it is, without a registry', async () => {
    const result = await setImage(
      kube,
      parseWorkloadRef('deploy/web', 'shop'),
      'app',
      `app@${DIGEST}`,
    );
    expect(result.image).toBe(`app@${DIGEST}`);
    expect(result.resolved).toBeUndefined();
  });
});

describe('setImage against a concurrent change', () => {
  it('should report KUBE_CONFLICT when the image changed after kprod read it', async () => {
    const double = await startKubeDouble();
    try {
      const kube = connectKube({ kubeconfig: double.kubeconfigPath });
      await kube.request({
        method: 'POST',
        path: '/apis/apps/v1/namespaces/shop/deployments',
        body: deployment(),
      });
      const path = '/apis/apps/v1/namespaces/shop/deployments/web';
      // Someone else sets the image between kprod's read and its patch.
      let raced = false;
      double.override((req) => {
        if (req.method === 'PATCH' && !raced) {
          raced = true;
          const live = double.get(path)!;
          (
            live['spec'] as { template: { spec: { containers: { image: string }[] } } }
          ).template.spec.containers[0]!.image = 'app:other';
          double.put(path, live);
        }
        return undefined;
      });
      await expect(
        setImage(kube, parseWorkloadRef('deploy/web', 'shop'), 'app', `app@${DIGEST}`),
      ).rejects.toMatchObject({
        code: 'KUBE_CONFLICT',
        message: 'deploy/web was changed by someone else while kprod was updating it',
      });
      const live = double.get(path)!;
      expect(
        (live['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec
          .containers[0]!.image,
      ).toBe('app:other');
    } finally {
      await double.stop();
    }
  });
});
