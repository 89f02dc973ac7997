import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startPrometheus,
  waitFor,
  type RunningPrometheus,
} from '../../../../test/support/prometheus.js';
import {
  buildServiceForTest,
  removeServiceBuild,
  spawnProgram,
  type SpawnedProgram,
} from '../../../../test/support/service-process.js';
import { DeploymentController } from '../../../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../../../test/support/kube-double.js';
import { connectKube } from '../../kube.js';
import { analyseCanary, type CanaryAnalysisResult } from './run-analysis.js';
import { runRelease } from '../run-release.js';

/**
 * The canary analysis against real metrics: real multiroute processes (one answering 500, one
 * answering slowly, one healthy) scraped every second by the real Prometheus from Debian, with
 * the `namespace` and `pod` labels a Kubernetes scrape would add.
 */

interface Canary {
  name: string;
  route: { response: string; duration: number; status?: number };
  port: number;
  process?: SpawnedProgram;
}

const CANARIES: Canary[] = [
  { name: 'good-v2', route: { response: 'fine', duration: 0 }, port: 0 },
  { name: 'bad-v2', route: { response: 'broken', duration: 0, status: 500 }, port: 0 },
  { name: 'slow-v2', route: { response: 'slow', duration: 0.6 }, port: 0 },
];

const THRESHOLDS = { successRate: 0.99, p99Seconds: 0.5 };

/** The stable Deployment, Service and Ingress of release `name` in the API test double. */
function seedCanaryTarget(double: KubeDouble, name: string): void {
  const labels = { 'app.kubernetes.io/name': name, track: 'stable' };
  double.put(`/apis/apps/v1/namespaces/prod/deployments/${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'prod', generation: 1, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'multiroute', image: 'reg/web:1' }] },
      },
    },
  });
  double.put(`/api/v1/namespaces/prod/services/${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'prod' },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 3000 }] },
  });
  double.put(`/apis/networking.k8s.io/v1/namespaces/prod/ingresses/${name}`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'prod' },
    spec: {
      rules: [
        {
          http: {
            paths: [
              {
                path: '/route1',
                pathType: 'Prefix',
                backend: { service: { name: `${name}-stable`, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  });
}

describe('analyseCanary', () => {
  let build: string;
  let privateBuild: boolean;
  let configs: string;
  let prometheus: RunningPrometheus | undefined;
  const results = new Map<string, CanaryAnalysisResult>();

  beforeAll(async () => {
    // `npm test` builds dist/ first; a private build only when it is missing (a bare vitest run).
    const built = resolve(import.meta.dirname, '../../../../dist');
    privateBuild = !existsSync(join(built, 'service/main.js'));
    build = privateBuild ? buildServiceForTest() : built;
    configs = mkdtempSync(join(tmpdir(), 'kprod-analysis-'));
    for (const canary of CANARIES) {
      canary.port = await freePort();
      const config = join(configs, `${canary.name}.yml`);
      const route = Object.entries(canary.route)
        .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
        .join('\n');
      writeFileSync(config, `routes:\n  /route1:\n${route}\n`);
      canary.process = spawnProgram(join(build, 'service/main.js'), [], {
        PORT: String(canary.port),
        MULTIROUTE_CONFIG: config,
        VERSION: 'v2',
        SHUTDOWN_DELAY_SECONDS: '0',
      });
      await waitFor(`${canary.name} to be ready`, async () => {
        const res = await fetch(`http://127.0.0.1:${String(canary.port)}/readyz`);
        return res.status === 200 ? true : undefined;
      });
    }
    prometheus = await startPrometheus(
      CANARIES.map((c) => ({
        address: `127.0.0.1:${String(c.port)}`,
        labels: { namespace: 'prod', pod: `${c.name}-5d8f7c9b4-x2x9z` },
      })),
    );
    const url = prometheus.url;
    // Traffic until every canary has enough scraped samples for rate() over the window.
    await waitFor(
      'Prometheus to have rates for every canary',
      async () => {
        await Promise.all(
          CANARIES.flatMap((c) =>
            Array.from({ length: 5 }, () =>
              fetch(`http://127.0.0.1:${String(c.port)}/route1`).then((r) => r.text()),
            ),
          ),
        );
        for (const c of CANARIES) {
          const result = await analyseCanary({
            prometheus: url,
            namespace: 'prod',
            deployment: c.name,
            windowMs: 10_000,
            thresholds: THRESHOLDS,
          });
          if (result.measured.successRate === null || result.measured.p99Seconds === null)
            return undefined;
          results.set(c.name, result);
        }
        return true;
      },
      45_000,
      200,
    );
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    for (const canary of CANARIES) {
      canary.process?.child.kill('SIGTERM');
      if (canary.process !== undefined) await canary.process.exited;
    }
    if (privateBuild) removeServiceBuild(build);
    rmSync(configs, { recursive: true, force: true });
  });

  it('should pass a healthy canary', () => {
    const result = results.get('good-v2')!;
    expect(result.passed).toBe(true);
    expect(result.measured.successRate).toBe(1);
    expect(result.measured.p99Seconds).toBeLessThanOrEqual(0.5);
  });

  it('should fail a canary answering 500 on its success rate', () => {
    const result = results.get('bad-v2')!;
    expect(result.measured.successRate).toBe(0);
    expect(result.passed).toBe(false);
    expect(result.message).toBe('success rate 0.0000 < 0.9900');
  });

  it('should fail a slow canary on its p99 latency', () => {
    const result = results.get('slow-v2')!;
    expect(result.measured.successRate).toBe(1);
    // Every request took 0.6 s: the 0.5–1 s bucket, so the estimate lies inside it.
    expect(result.measured.p99Seconds).toBeGreaterThan(0.5);
    expect(result.measured.p99Seconds).toBeLessThanOrEqual(1);
    expect(result.passed).toBe(false);
    expect(result.message).toMatch(/^p99 0\.\d{3}s > 0\.500s$/);
  });

  it.each([
    ['good', 'succeeded', 'reg/web:2', 'removed'],
    ['bad', 'failed', 'reg/web:1', 'scaled to 0'],
  ])(
    'should drive a %s canary release to %s from the real metrics',
    async (name, status, stableImage, canaryAfter) => {
      const double = await startKubeDouble();
      const controller = new DeploymentController(double);
      controller.autoComplete = true;
      // Users keep sending requests while the canary is held.
      const load = setInterval(() => {
        for (const c of CANARIES)
          void fetch(`http://127.0.0.1:${String(c.port)}/route1`).then(
            (r) => r.text(),
            () => '',
          );
      }, 50);
      try {
        seedCanaryTarget(double, name);
        const final = await runRelease({
          kube: connectKube({ kubeconfig: double.kubeconfigPath }),
          namespace: 'prod',
          name,
          start: {
            strategy: 'canary',
            image: 'reg/web:2',
            options: {
              steps: [50],
              intervalMs: 3000,
              traffic: 'nginx',
              prometheus: prometheus!.url,
              successRate: 0.99,
              p99Seconds: 0.5,
              failureLimit: 1,
              keepOldMs: 0,
              smoke: [],
              rollback: true,
              canaryReplicas: 1,
            },
          },
          pollMs: 50,
        });
        expect(final.status).toBe(status);
        if (status === 'failed') {
          expect(final.message).toBe('analysis failed 1 time(s): success rate 0.0000 < 0.9900');
        }
        const deployments = '/apis/apps/v1/namespaces/prod/deployments';
        const spec = double.get(`${deployments}/${name}`)?.['spec'] as {
          template: { spec: { containers: { image: string }[] } };
        };
        expect(spec.template.spec.containers[0]!.image).toBe(stableImage);
        const canary = double.get(`${deployments}/${name}-v2`);
        const replicas = (canary?.['spec'] as { replicas?: number } | undefined)?.replicas;
        expect(canary === undefined ? 'removed' : `scaled to ${String(replicas)}`).toBe(
          canaryAfter,
        );
      } finally {
        clearInterval(load);
        await double.stop();
      }
    },
  );

  it('should report a query Prometheus rejects as PROMETHEUS_QUERY_FAILED', async () => {
    await expect(
      analyseCanary({
        prometheus: prometheus!.url,
        namespace: 'prod',
        deployment: 'good-v2',
        windowMs: 10_000,
        thresholds: THRESHOLDS,
        queries: { successRate: 'sum(rate(http_requests_total[' },
      }),
    ).rejects.toMatchObject({ code: 'PROMETHEUS_QUERY_FAILED', exitCode: 3 });
  });

  it('should report an unreachable Prometheus as PROMETHEUS_UNREACHABLE', async () => {
    const port = await freePort();
    await expect(
      analyseCanary({
        prometheus: `http://127.0.0.1:${String(port)}`,
        namespace: 'prod',
        deployment: 'good-v2',
        windowMs: 10_000,
        thresholds: THRESHOLDS,
      }),
    ).rejects.toMatchObject({ code: 'PROMETHEUS_UNREACHABLE', exitCode: 3 });
  });
});
