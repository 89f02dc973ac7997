import { mkdirSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentController, webDeployment } from '../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { type TestRegistry, pushImage, startRegistry } from '../../test/support/registry.js';
import { jsonEvents, runKprod } from '../../test/support/run-kprod.js';
import { connectKube } from '../ops/kube.js';

describe('kprod set image and kprod image resolve', () => {
  let registry: TestRegistry;
  let digest: string;
  let dockerDir: string;
  let double: KubeDouble;
  beforeAll(async () => {
    registry = await startRegistry('bearer');
    digest = (await pushImage(registry, 'shop/web', 'v2')).digest;
    dockerDir = mkdtempSync(join(tmpdir(), 'kprod-docker-'));
    mkdirSync(dockerDir, { recursive: true });
    copyFileSync(registry.dockerConfig, join(dockerDir, 'config.json'));
  });
  afterAll(async () => {
    await registry.stop();
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    new DeploymentController(double).autoComplete = true;
    await connectKube({ kubeconfig: double.kubeconfigPath }).request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: webDeployment({ containers: [{ name: 'app', image: 'web:1' }] }),
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('image resolve should print the pinned reference using DOCKER_CONFIG credentials', async () => {
    const result = await runKprod(['image', 'resolve', `${registry.host}/shop/web:v2`], {
      env: { DOCKER_CONFIG: dockerDir },
    });
    expect(result).toEqual({
      code: 0,
      stdout: `${registry.host}/shop/web:v2@${digest}\n`,
      stderr: '',
    });
    const anonymous = await runKprod(['image', 'resolve', `${registry.host}/shop/web:v2`], {
      env: { HOME: dockerDir },
    });
    expect(anonymous.code).toBe(3);
    expect(anonymous.stderr).toContain('kprod: REGISTRY_UNAUTHORIZED:');
  });

  it('set image should pin the digest, then wait for the rollout', async () => {
    const result = await runKprod(
      [
        'set',
        'image',
        'deploy/web',
        `app=${registry.host}/shop/web:v2`,
        '-n',
        'shop',
        '-o',
        'json',
        '--kubeconfig',
        double.kubeconfigPath,
      ],
      { env: { DOCKER_CONFIG: dockerDir } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pinned = `${registry.host}/shop/web:v2@${digest}`;
    const events = jsonEvents(result.stdout);
    expect(events.map((e) => e['event'])).toEqual([
      'image.resolved',
      'image.set',
      'rollout.progress',
      'rollout.done',
    ]);
    expect(events[1]).toEqual({
      event: 'image.set',
      target: 'deploy/web',
      namespace: 'shop',
      container: 'app',
      from: 'web:1',
      to: pinned,
      dryRun: false,
    });
    const again = await runKprod(
      [
        'set',
        'image',
        'deploy/web',
        `app=${registry.host}/shop/web:v2`,
        '-n',
        'shop',
        '--kubeconfig',
        double.kubeconfigPath,
      ],
      { env: { DOCKER_CONFIG: dockerDir } },
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`deploy/web: already runs ${pinned.replace(/[.]/g, '\\.')}\\n$`),
    );
  });

  it('set image should exit 2 for a missing tag or a bad argument', async () => {
    const missing = await runKprod(
      [
        'set',
        'image',
        'deploy/web',
        `app=${registry.host}/shop/web:v9`,
        '-n',
        'shop',
        '--kubeconfig',
        double.kubeconfigPath,
      ],
      { env: { DOCKER_CONFIG: dockerDir } },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `kprod: IMAGE_NOT_FOUND: ${registry.host} has no manifest v9 in shop/web`,
    );
    const bad = await runKprod([
      'set',
      'image',
      'deploy/web',
      'app',
      '--kubeconfig',
      double.kubeconfigPath,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected CONTAINER=REF, got "app"');
  });
});
