import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentController, webDeployment } from '../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { jsonEvents, runKprod } from '../../test/support/run-kprod.js';
import { versionedConfigMapName } from '../ops/rollout/config-version.js';
import { connectKube } from '../ops/kube.js';

describe('kprod config set', () => {
  let double: KubeDouble;
  let dir: string;
  beforeEach(async () => {
    double = await startKubeDouble();
    new DeploymentController(double).autoComplete = true;
    dir = mkdtempSync(join(tmpdir(), 'kprod-config-'));
    await connectKube({ kubeconfig: double.kubeconfigPath }).request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: webDeployment({
        containers: [{ name: 'app', image: 'web:1' }],
        volumes: [{ name: 'config', configMap: { name: 'multiroute-config' } }],
      }),
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should roll out the file as a hash-named version and wait', async () => {
    writeFileSync(join(dir, 'routes.yaml'), 'routes:\n  /route1: {response: hi, duration: 0}\n');
    const result = await runKprod(
      [
        'config',
        'set',
        'deploy/web',
        '--from-file',
        'config.yml=routes.yaml',
        '-n',
        'shop',
        '-o',
        'json',
        '--kubeconfig',
        double.kubeconfigPath,
      ],
      { cwd: dir },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const name = versionedConfigMapName('multiroute-config', {
      'config.yml': 'routes:\n  /route1: {response: hi, duration: 0}\n',
    });
    expect(jsonEvents(result.stdout)[0]).toEqual({
      event: 'config.set',
      target: 'deploy/web',
      namespace: 'shop',
      base: 'multiroute-config',
      name,
      previous: ['multiroute-config'],
      created: true,
      changed: true,
      deleted: [],
      dryRun: false,
    });
    expect(jsonEvents(result.stdout).at(-1)?.['event']).toBe('rollout.done');
  });

  it('should exit 2 for an unreadable file', async () => {
    const result = await runKprod(
      [
        'config',
        'set',
        'deploy/web',
        '--from-file',
        'nope.yaml',
        '-n',
        'shop',
        '--kubeconfig',
        double.kubeconfigPath,
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kprod: KPROD_INPUT_UNREADABLE: --from-file nope.yaml: ENOENT');
  });
});
