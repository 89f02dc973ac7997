import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentController, webDeployment } from '../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { jsonEvents, runKprod } from '../../test/support/run-kprod.js';
import { connectKube } from '../ops/kube.js';
import { type KubeClient } from '../ops/kube-api.js';

const DEPLOY = '/apis/apps/v1/namespaces/shop/deployments/web';

describe('kprod rollout', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  let controller: DeploymentController;
  const run = (...argv: string[]) =>
    runKprod([...argv, '--kubeconfig', double.kubeconfigPath, '-n', 'shop']);

  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    controller = new DeploymentController(double);
    controller.autoComplete = true;
    await kube.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: webDeployment({ containers: [{ name: 'app', image: 'app:1' }] }),
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  async function setImage(image: string): Promise<void> {
    await kube.request({
      method: 'PATCH',
      path: DEPLOY,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
    });
  }

  it('status should print a timestamped line and exit 0 for a finished rollout', async () => {
    const result = await run('rollout', 'status', 'deploy/web');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^\d\d:\d\d:\d\d deploy\/web: 1\/1 updated, 1 ready, 1 available: deployment "web" successfully rolled out\n\d\d:\d\d:\d\d deploy\/web: deployment "web" successfully rolled out\n$/,
    );
  });

  it('status should write JSON events with --output json', async () => {
    const result = await run('rollout', 'status', 'deploy/web', '-o', 'json');
    expect(jsonEvents(result.stdout)).toEqual([
      {
        event: 'rollout.progress',
        target: 'deploy/web',
        namespace: 'shop',
        desired: 1,
        updated: 1,
        ready: 1,
        available: 1,
        total: 1,
        done: true,
        revision: 1,
        message: 'deployment "web" successfully rolled out',
      },
      {
        event: 'rollout.done',
        target: 'deploy/web',
        namespace: 'shop',
        message: 'deployment "web" successfully rolled out',
      },
    ]);
  });

  it('status should exit 1 with the reason when new pods crash-loop', async () => {
    controller.mode = 'CrashLoopBackOff';
    await setImage('app:2');
    const result = await run('rollout', 'status', 'deploy/web');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^kprod: ROLLOUT_FAILED: deploy\/web in shop: CrashLoopBackOff: container "app" of pod web-\w+-p\d+ is in CrashLoopBackOff: last exit code 1 \(Error\), 3 restarts\n {2}hint: Fix the cause, or go back with `kprod rollout undo deploy\/web -n shop`\.\n$/,
    );
  });

  it('status should exit 4 at the timeout', async () => {
    controller.autoComplete = false;
    await setImage('app:2');
    const result = await run('rollout', 'status', 'deploy/web', '--timeout', '300ms');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      'kprod: KPROD_TIMEOUT: deploy/web in shop: rollout not finished after',
    );
  });

  it('status -o json should end with an error event at the timeout', async () => {
    controller.autoComplete = false;
    await setImage('app:2');
    const result = await run('rollout', 'status', 'deploy/web', '--timeout', '300ms', '-o', 'json');
    expect(result.code).toBe(4);
    const last = jsonEvents(result.stdout).at(-1);
    expect(last).toMatchObject({ event: 'error', code: 'KPROD_TIMEOUT', exitCode: 4 });
    expect(Object.keys(last ?? {})).toEqual(['event', 'code', 'exitCode', 'message', 'hint']);
    expect(String(last?.['message'])).toMatch(/^deploy\/web in shop: rollout not finished after/);
  });

  it('status -o json should answer a usage error with one error event', async () => {
    const result = await run('rollout', 'status', 'deploy/web', '--timeout', 'soon', '-o', 'json');
    expect(result.code).toBe(2);
    expect(jsonEvents(result.stdout)).toEqual([
      {
        event: 'error',
        code: 'KPROD_USAGE',
        exitCode: 2,
        message: '--timeout "soon" is not a duration',
        hint: 'Write it like 90s, 5m or 1h30m (0 waits forever).',
      },
    ]);
  });

  it('should exit 2 for a bad target or timeout', async () => {
    expect((await run('rollout', 'status', 'svc/web')).code).toBe(2);
    const bad = await run('rollout', 'status', 'deploy/web', '--timeout', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'kprod: KPROD_USAGE: --timeout "soon" is not a duration\n  hint: Write it like 90s, 5m or 1h30m (0 waits forever).\n',
    );
  });

  it('undo, history, pause and resume should steer the Deployment', async () => {
    await setImage('app:2');
    const undo = await run('rollout', 'undo', 'deploy/web', '-o', 'json');
    expect(undo.code).toBe(0);
    expect(jsonEvents(undo.stdout)[0]).toEqual({
      event: 'rollout.undo',
      target: 'deploy/web',
      namespace: 'shop',
      revision: 1,
      changed: true,
      message: 'rolled back to revision 1',
      dryRun: false,
    });
    expect(jsonEvents(undo.stdout).at(-1)?.['event']).toBe('rollout.done');
    const history = await run('rollout', 'history', 'deploy/web');
    expect(history.stdout).toBe(
      [
        'deploy/web in shop:',
        'REVISION  IMAGES / CONFIGMAPS / CHANGE-CAUSE',
        '2         app=app:2',
        '3       * app=app:1',
        '',
      ].join('\n'),
    );
    expect((await run('rollout', 'pause', 'deploy/web')).stdout).toMatch(
      /^\d\d:\d\d:\d\d deploy\/web: paused\n$/,
    );
    expect((await run('rollout', 'resume', 'deploy/web')).stdout).toMatch(
      /deploy\/web: resumed\n$/,
    );
  });

  it('should list its subcommands in the group help', async () => {
    const help = await runKprod(['rollout', '--help']);
    expect(help.code).toBe(0);
    expect(
      help.stdout
        .split('\n')
        .filter((l) => /^ {2}\w/.test(l))
        .map((l) => l.trim().split(/\s+/)[0]),
    ).toEqual(['status', 'undo', 'pause', 'resume', 'history']);
  });

  it('status --revision should fail when the Deployment runs another revision', async () => {
    const result = await run('rollout', 'status', 'deploy/web', '--revision', '2');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'kprod: ROLLOUT_FAILED: deploy/web in shop: RevisionChanged: desired revision (2) is different from the running revision (1)',
    );
  });
});
