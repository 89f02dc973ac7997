import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, type Obj, startKubeDouble } from '../../../test/support/kube-double.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import type { Outcome } from './strategy/action.js';
import type { ReleaseEvent } from './release-log.js';
import { findRelease, requestRelease } from './release-record.js';
import { runRelease } from './run-release.js';
import type { ReleaseOptions } from './state.js';

const NS = 'prod';
const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;
const INGRESSES = `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`;
const HPA = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web`;

const OPTIONS: ReleaseOptions = {
  steps: [10, 50, 100],
  intervalMs: 0,
  traffic: 'nginx',
  successRate: 0.99,
  p99Seconds: 0.5,
  failureLimit: 2,
  keepOldMs: 0,
  smoke: [],
  rollback: true,
  canaryReplicas: 1,
};

function deployment(name: string, image: string, labels: Record<string, string>): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, generation: 1, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'multiroute', image }] },
      },
    },
  };
}

/**
 * A controller stand-in: every Deployment spec change is rolled out at once, except to an image
 * in `failing`, which ends with ProgressDeadlineExceeded.
 */
function rollOut(double: KubeDouble, failing: Set<string>): void {
  double.react((change, d) => {
    if (change.path.plural !== 'deployments' || change.type === 'DELETED') return;
    const object = change.object;
    const generation = object.metadata?.generation ?? 1;
    const status = (object['status'] ?? {}) as { observedGeneration?: number };
    if (status.observedGeneration === generation) return;
    const spec = object['spec'] as {
      replicas?: number;
      template: { spec: { containers: { image: string }[] } };
    };
    const replicas = spec.replicas ?? 1;
    const bad = failing.has(spec.template.spec.containers[0]!.image);
    d.put(`${DEPLOYMENTS}/${object.metadata!.name!}`, {
      ...object,
      status: {
        observedGeneration: generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: bad ? 0 : replicas,
        availableReplicas: bad ? 0 : replicas,
        conditions: [
          bad
            ? { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }
            : { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    });
  });
}

const imageOf = (object: Obj | undefined): string =>
  (object?.['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec
    .containers[0]!.image;
const replicasOf = (object: Obj | undefined): number =>
  (object?.['spec'] as { replicas: number }).replicas;

describe('runRelease', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  let events: ReleaseEvent[];
  const failing = new Set<string>();
  const actions = (): string[] => events.map((e) => e.action);

  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    events = [];
    failing.clear();
    rollOut(double, failing);
    const stable = { 'app.kubernetes.io/name': 'web', track: 'stable' };
    double.put(`${DEPLOYMENTS}/web`, deployment('web', 'reg/web:1', stable));
    double.put(`${SERVICES}/web`, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: NS, labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        selector: { 'app.kubernetes.io/name': 'web' },
        ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
      },
    });
    double.put(`${INGRESSES}/web`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: NS },
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

  const run = (
    start: { strategy: 'rolling' | 'canary' | 'blue-green'; options?: Partial<ReleaseOptions> },
    extra: { analyse?: (n: number) => Outcome; onEvent?: (e: ReleaseEvent) => void } = {},
  ) => {
    let analyses = 0;
    return runRelease({
      kube,
      namespace: NS,
      name: 'web',
      start: {
        strategy: start.strategy,
        image: 'reg/web:2',
        options: { ...OPTIONS, ...start.options },
      },
      pollMs: 10,
      onEvent: (e) => {
        events.push(e);
        extra.onEvent?.(e);
      },
      analyse: () =>
        Promise.resolve(
          extra.analyse?.(++analyses) ?? { kind: 'analysis', passed: true, message: 'ok' },
        ),
    });
  };

  it('should roll out a new image and record the succeeded release on the Deployment', async () => {
    const final = await run({ strategy: 'rolling' });
    expect(final).toMatchObject({ status: 'succeeded', previousImage: 'reg/web:1' });
    expect(imageOf(double.get(`${DEPLOYMENTS}/web`))).toBe('reg/web:2');
    expect(actions()).toEqual(['set-image web', 'wait-rollout web', 'rollout result', 'finish']);
    const found = await findRelease(kube, NS, 'web');
    expect(found?.state.status).toBe('succeeded');
  });

  it('should not overwrite an image changed by someone else between its read and its write', async () => {
    // Someone else sets the image just before kprod's image patch reaches the API server.
    let raced = false;
    double.override((req) => {
      const ops = Array.isArray(req.body) ? (req.body as { path?: string }[]) : [];
      if (req.method === 'PATCH' && !raced && ops.some((op) => op.path?.endsWith('/image'))) {
        raced = true;
        const live = double.get(`${DEPLOYMENTS}/web`)!;
        (
          live['spec'] as { template: { spec: { containers: { image: string }[] } } }
        ).template.spec.containers[0]!.image = 'reg/web:other';
        double.put(`${DEPLOYMENTS}/web`, live);
      }
      return undefined;
    });
    await expect(run({ strategy: 'rolling' })).rejects.toMatchObject({
      code: 'KUBE_CONFLICT',
      message: 'Deployment web was changed by someone else while kprod was updating it',
    });
    expect(raced).toBe(true);
    expect(imageOf(double.get(`${DEPLOYMENTS}/web`))).toBe('reg/web:other');
  });

  it('should set the previous image back when the rollout fails', async () => {
    failing.add('reg/web:2');
    const final = await run({ strategy: 'rolling' });
    expect(final).toMatchObject({
      status: 'failed',
      message: 'web: deployment "web" exceeded its progress deadline',
    });
    expect(imageOf(double.get(`${DEPLOYMENTS}/web`))).toBe('reg/web:1');
  });

  it('should walk the canary weights on the nginx canary Ingress and promote', async () => {
    const final = await run({ strategy: 'canary' });
    expect(final.status).toBe('succeeded');
    const weights = double.requests
      .filter((r) => r.path.startsWith(INGRESSES) && (r.method === 'PUT' || r.method === 'POST'))
      .map(
        (r) => (r.body as Obj).metadata!.annotations!['nginx.ingress.kubernetes.io/canary-weight'],
      );
    expect(weights).toEqual(['10', '50', '100', '0']);
    expect(imageOf(double.get(`${DEPLOYMENTS}/web`))).toBe('reg/web:2');
    // kprod created the canary, so it removes it.
    expect(double.get(`${DEPLOYMENTS}/web-v2`)).toBeUndefined();
    expect(double.get(`${SERVICES}/web-canary`)?.['spec']).toEqual({
      selector: { 'app.kubernetes.io/name': 'web', track: 'canary' },
      ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
    });
  });

  it('should send traffic back and scale the canary to zero when analyses fail', async () => {
    const final = await run(
      { strategy: 'canary' },
      {
        analyse: () => ({
          kind: 'analysis',
          passed: false,
          message: 'success rate 0.0000 < 0.9900',
        }),
      },
    );
    expect(final).toMatchObject({
      status: 'failed',
      failures: 2,
      message: 'analysis failed 2 time(s): success rate 0.0000 < 0.9900',
    });
    const canary = double.get(`${DEPLOYMENTS}/web-v2`);
    expect(replicasOf(canary)).toBe(0);
    expect(imageOf(canary)).toBe('reg/web:2');
    expect(canary?.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'web',
      track: 'canary',
      'app.kubernetes.io/version': 'v2',
    });
    expect(imageOf(double.get(`${DEPLOYMENTS}/web`))).toBe('reg/web:1');
    expect(
      double.get(`${INGRESSES}/web-canary`)?.metadata?.annotations?.[
        'nginx.ingress.kubernetes.io/canary-weight'
      ],
    ).toBe('0');
  });

  it('should resume a killed canary from its annotation and finish it', async () => {
    const controller = new AbortController();
    const first = runRelease({
      kube,
      namespace: NS,
      name: 'web',
      start: { strategy: 'canary', image: 'reg/web:2', options: OPTIONS },
      signal: controller.signal,
      analyse: () => Promise.resolve({ kind: 'analysis', passed: true, message: 'ok' }),
      onEvent: (e) => {
        events.push(e);
        if (e.action === 'set-traffic 50') controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'KPROD_INTERRUPTED' });
    expect((await findRelease(kube, NS, 'web'))?.state).toMatchObject({
      status: 'progressing',
      phase: 'set-weight',
      step: 1,
    });
    events = [];
    const final = await runRelease({
      kube,
      namespace: NS,
      name: 'web',
      analyse: () => Promise.resolve({ kind: 'analysis', passed: true, message: 'ok' }),
      onEvent: (e) => events.push(e),
    });
    expect(final.status).toBe('succeeded');
    expect(actions()[0]).toBe('set-traffic 50');
  });

  it('should abort a holding canary when `abort` is requested from elsewhere', async () => {
    const final = await run(
      { strategy: 'canary', options: { intervalMs: 3_600_000 } },
      {
        onEvent: (e) => {
          if (e.action.startsWith('wait ')) void requestRelease(kube, NS, 'web', 'abort');
        },
      },
    );
    expect(final).toMatchObject({ status: 'aborted', message: 'aborted on request' });
    expect(actions().slice(-3)).toEqual(['set-traffic 0', 'scale web-v2 0', 'finish']);
    expect(
      double.get(`${DEPLOYMENTS}/web`)?.metadata?.annotations?.['kprod.dev/release-request'],
    ).toBeUndefined();
  });

  it('should skip the remaining steps when `promote` is requested', async () => {
    const final = await run(
      { strategy: 'canary', options: { intervalMs: 3_600_000 } },
      {
        onEvent: (e) => {
          if (e.action.startsWith('wait ')) void requestRelease(kube, NS, 'web', 'promote');
        },
      },
    );
    expect(final.status).toBe('succeeded');
    expect(actions().filter((a) => a.startsWith('set-traffic'))).toEqual([
      'set-traffic 10',
      'set-traffic 0',
    ]);
  });

  it('should refuse to start another image while a release progresses', async () => {
    const controller = new AbortController();
    await expect(
      runRelease({
        kube,
        namespace: NS,
        name: 'web',
        start: { strategy: 'canary', image: 'reg/web:2', options: OPTIONS },
        signal: controller.signal,
        onEvent: () => {
          controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'KPROD_INTERRUPTED' });
    await expect(
      runRelease({
        kube,
        namespace: NS,
        name: 'web',
        start: { strategy: 'canary', image: 'reg/web:3', options: OPTIONS },
      }),
    ).rejects.toMatchObject({
      code: 'RELEASE_IN_PROGRESS',
      message: 'a canary release of reg/web:2 is progressing on prod/web (phase create-canary)',
    });
  });

  describe('blue-green', () => {
    beforeEach(() => {
      for (const color of ['blue', 'green']) {
        const labels = { 'app.kubernetes.io/name': 'web', color };
        double.put(`${DEPLOYMENTS}/web-${color}`, deployment(`web-${color}`, 'reg/web:1', labels));
      }
      double.put(`${SERVICES}/web`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: NS },
        spec: {
          selector: { 'app.kubernetes.io/name': 'web', color: 'blue' },
          ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
        },
      });
      double.put(HPA, {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: NS },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-blue' },
          minReplicas: 2,
          maxReplicas: 4,
        },
      });
      double.override((req) => {
        if (!req.path.startsWith(`${SERVICES}/web-preview:http/proxy/`)) return undefined;
        const preview = double.get(`${SERVICES}/web-preview`);
        const color = (preview?.['spec'] as { selector: { color: string } }).selector.color;
        return {
          status: 200,
          body: `[${color}] Hello, You are at /route1`,
          contentType: 'text/plain; charset=utf-8',
        };
      });
    });

    it('should smoke-test green through the preview Service, switch, and scale blue down', async () => {
      const final = await run({
        strategy: 'blue-green',
        options: { smoke: ['GET /route1 200 ~[green] Hello'] },
      });
      expect(final).toMatchObject({ status: 'succeeded', live: 'blue', switched: true });
      expect(actions()).toEqual([
        'set-image web-green',
        'wait-rollout web-green',
        'rollout result',
        'point-service web-preview green',
        'smoke web-preview',
        'smoke result',
        'point-service web green',
        `wait ${events[7]!.action.slice(5)}`,
        'scale web-blue 0',
        'finish',
      ]);
      expect(double.get(`${SERVICES}/web`)?.['spec']).toMatchObject({
        selector: { 'app.kubernetes.io/name': 'web', color: 'green' },
      });
      expect(imageOf(double.get(`${DEPLOYMENTS}/web-green`))).toBe('reg/web:2');
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-green`))).toBe(2);
      expect(double.get(HPA)?.['spec']).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-green' },
        minReplicas: 2,
        maxReplicas: 4,
      });
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-blue`))).toBe(0);
    });

    it('should keep blue live and scale green down when a smoke check fails', async () => {
      const final = await run({
        strategy: 'blue-green',
        options: { smoke: ['GET /route1 200 ~[v9]'] },
      });
      expect(final).toMatchObject({
        status: 'failed',
        message: 'GET /route1: body "[green] Hello, You are at /route1" lacks "[v9]"',
      });
      expect(double.get(`${SERVICES}/web`)?.['spec']).toMatchObject({
        selector: { color: 'blue' },
      });
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-green`))).toBe(0);
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-blue`))).toBe(2);
    });

    it('should switch back to blue when aborted while keeping the old colour', async () => {
      const final = await run(
        { strategy: 'blue-green', options: { keepOldMs: 3_600_000 } },
        {
          onEvent: (e) => {
            if (e.action.startsWith('wait ')) void requestRelease(kube, NS, 'web', 'abort');
          },
        },
      );
      expect(final.status).toBe('aborted');
      expect(double.get(`${SERVICES}/web`)?.['spec']).toMatchObject({
        selector: { color: 'blue' },
      });
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-green`))).toBe(0);
      expect(replicasOf(double.get(`${DEPLOYMENTS}/web-blue`))).toBe(2);
      expect(double.get(HPA)?.['spec']).toMatchObject({ scaleTargetRef: { name: 'web-blue' } });
    });
  });
});
