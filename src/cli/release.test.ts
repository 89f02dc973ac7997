import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeploymentController } from '../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { pushImage, startRegistry } from '../../test/support/registry.js';
import { jsonEvents, runKprod } from '../../test/support/run-kprod.js';
import {
  RELEASE_ANNOTATION,
  initialReleaseState,
  serializeReleaseState,
} from '../ops/release/state.js';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/prod/deployments';
const INGRESSES = '/apis/networking.k8s.io/v1/namespaces/prod/ingresses';

describe('releaseCommand', () => {
  let double: KubeDouble;
  let controller: DeploymentController;
  let connection: string[];

  beforeEach(async () => {
    double = await startKubeDouble();
    controller = new DeploymentController(double);
    controller.autoComplete = true;
    connection = ['--kubeconfig', double.kubeconfigPath, '-n', 'prod'];
    const labels = { 'app.kubernetes.io/name': 'web', track: 'stable' };
    double.put(`${DEPLOYMENTS}/web`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod', generation: 1, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'multiroute', image: 'reg/web:1' }] },
        },
      },
    });
    double.put(`/api/v1/namespaces/prod/services/web`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'prod', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        selector: { 'app.kubernetes.io/name': 'web' },
        ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
      },
    });
    double.put(`${INGRESSES}/web`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'prod' },
      spec: {
        rules: [
          {
            http: {
              paths: [
                {
                  path: '/route1',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web-stable', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  const image = (): string =>
    (
      double.get(`${DEPLOYMENTS}/web`)?.['spec'] as {
        template: { spec: { containers: { image: string }[] } };
      }
    ).template.spec.containers[0]!.image;

  it('should release with the rolling strategy and log every step as JSON events', async () => {
    const run = await runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      '--output',
      'json',
      ...connection,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(image()).toBe('reg/web:2');
    const events = jsonEvents(run.stdout).map((e) =>
      e['event'] === 'release.step' ? `${String(e['phase'])} ${String(e['action'])}` : e['event'],
    );
    expect(events).toEqual([
      'set-image set-image web',
      'wait wait-rollout web',
      'wait rollout result',
      'done finish',
      'release.state',
    ]);
    expect(jsonEvents(run.stdout).at(-1)).toMatchObject({
      event: 'release.state',
      status: 'succeeded',
      image: 'reg/web:2',
      previousImage: 'reg/web:1',
    });
  });

  it('should resolve the image to its digest in a real registry before releasing', async () => {
    const registry = await startRegistry('none');
    try {
      const pushed = await pushImage(registry, 'team/web', '2.0.0');
      const run = await runKprod([
        'release',
        'deploy/web',
        '--image',
        `${registry.host}/team/web:2.0.0`,
        ...connection,
      ]);
      expect(run.code).toBe(0);
      const pinned = `${registry.host}/team/web:2.0.0@${pushed.digest}`;
      expect(run.stdout.split('\n')[0]).toMatch(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d resolved ${registry.host}/team/web:2\\.0\\.0 to `),
      );
      expect(run.stdout).toContain(`to ${pinned}\n`);
      expect(image()).toBe(pinned);
    } finally {
      await registry.stop();
    }
  });

  it('should exit 1 and leave the failed rollout with --no-rollback, and status says so', async () => {
    controller.mode = 'CrashLoopBackOff';
    const run = await runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      '--no-rollback',
      ...connection,
    ]);
    expect(run.code).toBe(1);
    expect(image()).toBe('reg/web:2');
    const status = await runKprod(['release', 'status', 'deploy/web', ...connection]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(
      /^\d\d:\d\d:\d\d release prod\/web: rolling of reg\/web:2 failed, phase done, started \S+: web: .*\(rollback off\)\n$/,
    );
  });

  it('should abort a running canary from a second command', async () => {
    const running = runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      '--strategy',
      'canary',
      '--interval',
      '1h',
      '--prometheus',
      'http://127.0.0.1:9',
      ...connection,
    ]);
    await expect
      .poll(() => double.get(`${DEPLOYMENTS}/web`)?.metadata?.annotations?.['kprod.dev/release'], {
        timeout: 20_000,
      })
      .toContain('"phase":"hold"');
    const abort = await runKprod(['release', 'abort', 'deploy/web', ...connection]);
    expect(abort.code).toBe(0);
    expect(abort.stdout).toContain('rollback-traffic set-traffic 0');
    expect(abort.stdout).toContain('canary of reg/web:2 aborted, phase done, step 1/4 (10%)');
    // The first job sees the release ended elsewhere and stops with its outcome.
    const first = await running;
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('canary of reg/web:2 aborted, phase done');
    const canary = double.get(`${DEPLOYMENTS}/web-v2`)?.['spec'] as { replicas: number };
    expect(canary.replicas).toBe(0);
    expect(image()).toBe('reg/web:1');
  });

  it('should follow a release with status --watch until a promote ends it', async () => {
    const running = runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      '--strategy',
      'canary',
      '--interval',
      '1h',
      '--prometheus',
      'http://127.0.0.1:9',
      ...connection,
    ]);
    await expect
      .poll(() => double.get(`${DEPLOYMENTS}/web`)?.metadata?.annotations?.['kprod.dev/release'], {
        timeout: 20_000,
      })
      .toContain('"phase":"hold"');
    const watching = runKprod(['release', 'status', 'deploy/web', '--watch', ...connection]);
    const promote = await runKprod(['release', 'promote', 'deploy/web', ...connection]);
    expect(promote.code).toBe(0);
    const watch = await watching;
    expect(watch.code).toBe(0);
    const lines = watch.stdout.trim().split('\n');
    expect(lines[0]).toContain('canary of reg/web:2 progressing, phase hold, step 1/4 (10%)');
    expect(lines.at(-1)).toContain('canary of reg/web:2 succeeded, phase done');
    expect((await running).code).toBe(0);
    expect(image()).toBe('reg/web:2');
  });

  it('should read --timeout, --interval and --keep-old as every other command does', async () => {
    const run = await runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      '--timeout',
      '1h30m',
      '--interval',
      '500ms',
      '--keep-old',
      '0',
      ...connection,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(image()).toBe('reg/web:2');
  });

  it('should refuse a recorded release in a phase it does not know as RELEASE_STATE_INVALID', async () => {
    const state = initialReleaseState({
      strategy: 'rolling',
      name: 'web',
      namespace: 'prod',
      image: 'reg/web:2',
      previousImage: 'reg/web:1',
      now: Date.parse('2026-01-01T00:00:00Z'),
      options: {
        steps: [100],
        intervalMs: 60_000,
        traffic: 'nginx',
        successRate: 0.99,
        p99Seconds: 0.5,
        failureLimit: 2,
        keepOldMs: 0,
        smoke: [],
        rollback: true,
        canaryReplicas: 1,
      },
    });
    const deployment = double.get(`${DEPLOYMENTS}/web`)!;
    const metadata = deployment['metadata'] as Record<string, unknown>;
    metadata['annotations'] = {
      [RELEASE_ANNOTATION]: serializeReleaseState({ ...state, phase: 'warp-drive' }),
    };
    double.put(`${DEPLOYMENTS}/web`, deployment);
    const run = await runKprod([
      'release',
      'deploy/web',
      '--image',
      'reg/web:2',
      '--no-resolve',
      ...connection,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'kprod: RELEASE_STATE_INVALID: the kprod.dev/release annotation on Deployment prod/web is not a valid release state: phase: a rolling release has no phase "warp-drive"',
    );
    expect(run.stderr).toContain('  hint: ');
    expect(image()).toBe('reg/web:1');
  });

  it('should report bad flags before reading the kubeconfig', async () => {
    const run = await runKprod([
      'release',
      'deploy/web',
      '--image',
      'r/w:2',
      '--success-rate',
      '2',
      '--kubeconfig',
      '/nonexistent/kubeconfig',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'kprod: KPROD_USAGE: --success-rate "2" is not a number from 0 to 1',
    );
  });

  it.each([
    [['release', 'deploy/web'], 'kprod: KPROD_USAGE: kprod release deploy/NAME needs --image REF'],
    [
      ['release', 'deploy/web', '--image', 'r/w:2', '--strategy', 'canary'],
      'kprod: KPROD_USAGE: --strategy canary needs --prometheus URL for its analysis',
    ],
    [
      ['release', 'deploy/web', '--image', 'r/w:2', '--steps', '50,10'],
      'kprod: KPROD_USAGE: --steps "50,10" must increase',
    ],
    [
      ['release', 'deploy/web', '--image', 'r/w:2', '--strategy', 'big-bang'],
      'kprod: KPROD_USAGE: --strategy "big-bang" is not one of rolling, blue-green, canary',
    ],
    [
      ['release', 'deploy/web', '--image', 'r/w:2', '--smoke', 'POST /x 200'],
      "kprod: KPROD_USAGE: --smoke 'POST /x 200' is not 'GET /PATH STATUS [~BODY]'",
    ],
    [
      ['release', 'status', 'deploy/other'],
      'kprod: RELEASE_NOT_FOUND: no release state on Deployment or Service prod/other',
    ],
  ])('should refuse %j with exit 2 and a hint', async (argv, message) => {
    const run = await runKprod([...argv, ...connection]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(run.stderr).toContain('  hint: ');
  });
});
