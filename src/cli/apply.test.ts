import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentController } from '../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { jsonEvents, runKprod } from '../../test/support/run-kprod.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: app:1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: shop
data:
  a: "1"
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

describe('kprod apply and kprod diff', () => {
  let double: KubeDouble;
  let dir: string;
  let controller: DeploymentController;
  const run = (...argv: string[]) =>
    runKprod([...argv, '--kubeconfig', double.kubeconfigPath], { cwd: dir });

  beforeEach(async () => {
    double = await startKubeDouble();
    controller = new DeploymentController(double);
    controller.autoComplete = true;
    dir = mkdtempSync(join(tmpdir(), 'kprod-apply-'));
    writeFileSync(join(dir, 'app.yaml'), MANIFEST);
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should apply in order and wait for the Deployment it created', async () => {
    const result = await run('apply', '-f', 'app.yaml', '-o', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = jsonEvents(result.stdout);
    expect(
      events
        .filter((e) => e['event'] === 'apply.object')
        .map((e) => `${String(e['id'])} ${String(e['action'])}`),
    ).toEqual([
      'Namespace/shop created',
      'ConfigMap/shop/cfg created',
      'Deployment/shop/web created',
    ]);
    expect(events.at(-1)).toEqual({
      event: 'rollout.done',
      target: 'deploy/web',
      namespace: 'shop',
      message: 'deployment "web" successfully rolled out',
    });
    const again = await run('apply', '-f', 'app.yaml');
    expect(again.code).toBe(0);
    expect(again.stdout.replace(/^\d\d:\d\d:\d\d /gm, '')).toBe(
      'Namespace/shop unchanged\nConfigMap/shop/cfg unchanged\nDeployment/shop/web unchanged\n',
    );
  });

  it('should store nothing with --dry-run=server', async () => {
    const result = await run('apply', '-f', 'app.yaml', '--dry-run=server');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Deployment/shop/web created (server dry run)');
    expect(double.list('/api/v1/namespaces')).toEqual([]);
  });

  it('should exit 1 when the rollout of an applied Deployment fails', async () => {
    controller.mode = 'ImagePullBackOff';
    const result = await run('apply', '-f', 'app.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kprod: ROLLOUT_FAILED: deploy/web in shop: ImagePullBackOff:');
  });

  it('should refuse an object without a name with its file and line', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\n',
    );
    const result = await run('apply', '-f', 'bad.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `kprod: APPLY_INPUT_INVALID: ${join(dir, 'bad.yaml')}:6: the object lacks apiVersion, kind or metadata.name\n  hint: Fix the object at the file:line given; install the CRD first for a custom kind.\n`,
    );
    expect((await run('apply')).code).toBe(2);
  });

  it('diff should exit 0 without changes and 1 with a diff', async () => {
    await run('apply', '-f', 'app.yaml', '--no-wait');
    expect(await run('diff', '-f', 'app.yaml')).toEqual({ code: 0, stdout: '', stderr: '' });
    writeFileSync(join(dir, 'app.yaml'), MANIFEST.replace('a: "1"', 'a: "2"'));
    const changed = await run('diff', '-f', 'app.yaml');
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(
      '--- live/ConfigMap/shop/cfg\n+++ merged/ConfigMap/shop/cfg\n',
    );
    expect(changed.stdout).toContain('-  a: "1"\n+  a: "2"\n');
  });

  it('should apply a kustomization whose generated ConfigMap kprod config set recognises as current', async () => {
    const base = join(dir, 'base');
    mkdirSync(base);
    writeFileSync(join(base, 'config.yml'), 'routes:\n  /route1: {response: a, duration: 0}\n');
    writeFileSync(
      join(base, 'kustomization.yaml'),
      'namespace: shop\nresources: [app.yaml]\nconfigMapGenerator:\n- name: multiroute-config\n  files: [config.yml]\n',
    );
    writeFileSync(
      join(base, 'app.yaml'),
      MANIFEST.split('---')[0]!.replace(
        '        image: app:1\n',
        '        image: app:1\n      volumes:\n      - name: config\n        configMap: {name: multiroute-config}\n',
      ),
    );
    const applied = await run('apply', '-k', 'base', '-o', 'json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const ids = jsonEvents(applied.stdout)
      .filter((e) => e['event'] === 'apply.object')
      .map((e) => e['id']);
    expect(ids).toEqual([
      expect.stringMatching(/^ConfigMap\/shop\/multiroute-config-[24-9bcdfghkmt]{10}$/),
      'Deployment/shop/web',
    ]);
    const same = await run(
      'config',
      'set',
      'deploy/web',
      '-n',
      'shop',
      '--from-file',
      'base/config.yml',
      '-o',
      'json',
    );
    expect(same.code).toBe(0);
    expect(jsonEvents(same.stdout)[0]).toMatchObject({
      event: 'config.set',
      name: String(ids[0]).slice('ConfigMap/shop/'.length),
      changed: false,
      created: false,
    });
  });
});
