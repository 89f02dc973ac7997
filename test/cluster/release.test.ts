import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProgram, type SpawnedProgram } from '../support/service-process.js';
import type { Backend, CanaryMetrics } from '../support/canary-prometheus.js';
import { startBackend, startCanaryMetrics } from './canary-metrics.js';
import {
  ROOT,
  adminKubeconfig,
  createNamespace,
  deleteNamespaces,
  eventually,
  getJson,
  kprod,
  kubectlApply,
  kubectlOk,
} from './cluster.js';

/**
 * `kprod release` against the real control plane: rolling, blue-green and canary with each traffic
 * provider (ingress-nginx annotations, Gateway API HTTPRoute weights, Istio VirtualService
 * weights: the CRDs are installed, no controller acts on them, so the objects are the witness),
 * the canary analysis from the real Prometheus scraping real multiroute processes that play the
 * canary pods, rollback on a failed analysis and on crash-looping pods, promote and abort from a
 * second process, and a release killed mid-way that resumes from its annotation.
 */

interface Container {
  name: string;
  image: string;
}
interface Deployment {
  metadata: { annotations?: Record<string, string> };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { spec: { containers: Container[] } };
  };
  status: { readyReplicas?: number; updatedReplicas?: number };
}
interface ReplicaSetList {
  items: {
    spec: { replicas: number; template: { spec: { containers: Container[] } } };
    status: { readyReplicas?: number };
  }[];
}
interface ReleaseState {
  strategy: string;
  phase: string;
  status: string;
  step: number;
  image: string;
  previousImage: string;
  startedAt: string;
  message?: string;
}
interface Event {
  event: string;
  phase?: string;
  action?: string;
  message?: string;
  status?: string;
}

const CLI = join(ROOT, 'dist/cli/main.js');
const NGINX = 'nginx.ingress.kubernetes.io/';

async function deployment(ns: string, name: string): Promise<Deployment | undefined> {
  const found = await kubectlOk([
    'get',
    'deployment',
    name,
    '-n',
    ns,
    '--ignore-not-found',
    '-o',
    'json',
  ]);
  return found.trim() === '' ? undefined : (JSON.parse(found) as Deployment);
}

async function liveDeployment(ns: string, name: string): Promise<Deployment> {
  const found = await deployment(ns, name);
  if (found === undefined) throw new Error(`no Deployment ${ns}/${name}`);
  return found;
}

async function imageOf(ns: string, name: string): Promise<string> {
  return (await liveDeployment(ns, name)).spec.template.spec.containers[0]!.image;
}

/** The recorded release on a Deployment (or, `service`, on the Service). */
async function recorded(ns: string, name: string, kind = 'deployment'): Promise<ReleaseState> {
  const object = (await getJson([kind, name, '-n', ns])) as {
    metadata: { annotations?: Record<string, string> };
  };
  const text = object.metadata.annotations?.['kprod.dev/release'];
  if (text === undefined) throw new Error(`no release recorded on ${kind} ${ns}/${name}`);
  return JSON.parse(text) as ReleaseState;
}

/** ReplicaSets of a Deployment's selector as `image=ready/desired`, sorted. */
async function replicaSets(ns: string, selector: string): Promise<string[]> {
  const list = (await getJson([
    'replicasets',
    '-n',
    ns,
    '-l',
    selector,
  ])) as unknown as ReplicaSetList;
  return list.items
    .map(
      (rs) =>
        `${rs.spec.template.spec.containers[0]!.image}=${String(rs.status.readyReplicas ?? 0)}/${String(rs.spec.replicas)}`,
    )
    .sort();
}

function events(stdout: string): Event[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);
}

/** The built CLI as a separate process the test can kill. */
function spawnKprod(args: readonly string[]): SpawnedProgram {
  return spawnProgram(CLI, args, {
    KUBECONFIG: adminKubeconfig(),
    HOME: process.env['HOME'] ?? '/root',
    NO_COLOR: '1',
  });
}

/** Waits (`kprod rollout status`, 60 s) until each named Deployment of `ns` has rolled out. */
async function expectRolledOut(ns: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    expect(
      (await kprod(['rollout', 'status', `deploy/${name}`, '-n', ns, '--timeout', '60s'])).code,
    ).toBe(0);
  }
}

/** Applies a canary example of deploy/examples (namespace multiroute) and waits for it. */
async function applyCanaryExample(example: string): Promise<void> {
  expect((await kprod(['apply', '-k', `deploy/examples/${example}`])).code).toBe(0);
  await expectRolledOut('multiroute', 'multiroute', 'multiroute-v2');
}

/**
 * Samples `read` every 100 ms until `done` resolves, and returns the distinct values seen in
 * order: the weights a watcher of the object would have seen during the release.
 */
async function sampleWhile(done: Promise<unknown>, read: () => Promise<string>): Promise<string[]> {
  const progress = { finished: false };
  void done.finally(() => {
    progress.finished = true;
  });
  const seen: string[] = [];
  for (;;) {
    const last = progress.finished;
    const value = await read().catch(() => undefined);
    if (value !== undefined && seen.at(-1) !== value) seen.push(value);
    if (last) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A stable Deployment `web` (track stable) with its Service `web` (and optionally more). */
function webObjects(image: string, replicas = 2): unknown[] {
  const labels = { 'app.kubernetes.io/name': 'web', track: 'stable' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': 'v1' } },
          spec: {
            containers: [
              { name: 'multiroute', image, ports: [{ name: 'http', containerPort: 3000 }] },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        selector: { 'app.kubernetes.io/name': 'web' },
        ports: [{ name: 'http', port: 3000, targetPort: 'http' }],
      },
    },
  ];
}

describe('kprod release on the real control plane', () => {
  let metrics: CanaryMetrics;
  let healthy: Backend;
  let failing: Backend;
  let configs: string;
  const namespaces: string[] = [];

  beforeAll(async () => {
    configs = mkdtempSync(join(tmpdir(), 'kprod-release-routes-'));
    healthy = await startBackend(configs, 'healthy', { response: 'fine' });
    failing = await startBackend(configs, 'failing', { response: 'broken', status: 500 });
    metrics = await startCanaryMetrics();
  });
  afterAll(async () => {
    await metrics.stop();
    await healthy.stop();
    await failing.stop();
    rmSync(configs, { recursive: true, force: true });
    await deleteNamespaces(...namespaces, 'multiroute');
  });

  /** A fresh namespace (deleted at the end) with the stable `web` at 1.0.0 rolled out. */
  async function stableWeb(prefix: string): Promise<string> {
    const ns = await createNamespace(prefix);
    namespaces.push(ns);
    await kubectlApply(webObjects('reg.example/web:1.0.0'), ns);
    await expectRolledOut(ns, 'web');
    return ns;
  }

  it('rolling: should roll out the new image, and roll a crash-looping one back', async () => {
    const ns = await stableWeb('release-rolling');
    const selector = 'app.kubernetes.io/name=web';

    const ok = await kprod([
      'release',
      'deploy/web',
      '-n',
      ns,
      '--image',
      'reg.example/web:2.0.0',
      '--no-resolve',
      '--timeout',
      '60s',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(await imageOf(ns, 'web')).toBe('reg.example/web:2.0.0');
    expect(await replicaSets(ns, selector)).toEqual([
      'reg.example/web:1.0.0=0/0',
      'reg.example/web:2.0.0=2/2',
    ]);
    expect(await recorded(ns, 'web')).toMatchObject({
      strategy: 'rolling',
      status: 'succeeded',
      phase: 'done',
      image: 'reg.example/web:2.0.0',
      previousImage: 'reg.example/web:1.0.0',
    });

    const crash = await kprod([
      'release',
      'deploy/web',
      '-n',
      ns,
      '--image',
      'reg.example/web:sim-crashloop',
      '--no-resolve',
      '--timeout',
      '60s',
      '-o',
      'json',
    ]);
    expect(crash.code).toBe(1);
    const log = events(crash.stdout);
    expect(
      log
        .filter((e) => e.event === 'release.step')
        .map((e) => `${e.phase ?? ''} ${e.action ?? ''}`),
    ).toEqual([
      'set-image set-image web',
      'wait wait-rollout web',
      'wait rollout result',
      'rollback-image set-image web',
      'rollback-wait wait-rollout web',
      'rollback-wait rollout result',
      'done finish',
    ]);
    expect(await imageOf(ns, 'web')).toBe('reg.example/web:2.0.0');
    // The controller scaled the crash-looping ReplicaSet away again.
    await eventually('the crash-looping ReplicaSet to be scaled to 0', 30, async () => {
      const sets = await replicaSets(ns, selector);
      return sets.join(' ') ===
        'reg.example/web:1.0.0=0/0 reg.example/web:2.0.0=2/2 reg.example/web:sim-crashloop=0/0'
        ? sets
        : undefined;
    });
    const state = await recorded(ns, 'web');
    expect(state).toMatchObject({
      status: 'failed',
      phase: 'done',
      previousImage: 'reg.example/web:2.0.0',
    });
    expect(state.message).toMatch(
      /^web: container "multiroute" of pod web-[a-z0-9]+-[a-z0-9]+ is in CrashLoopBackOff: last exit code 1 \(Error\)/,
    );
  });

  it('blue-green: should switch the Service to the new colour, and restore it on abort from a second process', async () => {
    const ns = await createNamespace('release-bg');
    namespaces.push(ns);
    const color = (c: string, replicas: number): unknown => {
      const labels = { 'app.kubernetes.io/name': 'web', color: c };
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `web-${c}`, labels },
        spec: {
          replicas,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'multiroute', image: 'reg.example/web:1.0.0' }] },
          },
        },
      };
    };
    await kubectlApply(
      [
        color('blue', 2),
        color('green', 0),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web' },
          spec: {
            selector: { 'app.kubernetes.io/name': 'web', color: 'blue' },
            ports: [{ name: 'http', port: 3000, targetPort: 3000 }],
          },
        },
      ],
      ns,
    );
    await expectRolledOut(ns, 'web-blue');
    const selectorOf = async (): Promise<string> =>
      (
        (await getJson(['service', 'web', '-n', ns])) as {
          spec: { selector: Record<string, string> };
        }
      ).spec.selector['color'] ?? '';

    const ok = await kprod([
      'release',
      'deploy/web',
      '-n',
      ns,
      '--strategy',
      'blue-green',
      '--image',
      'reg.example/web:2.0.0',
      '--no-resolve',
      '--keep-old',
      '0s',
      '--timeout',
      '60s',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(await selectorOf()).toBe('green');
    const green = await liveDeployment(ns, 'web-green');
    expect([
      green.spec.template.spec.containers[0]!.image,
      green.spec.replicas,
      green.status.readyReplicas,
    ]).toEqual(['reg.example/web:2.0.0', 2, 2]);
    expect((await liveDeployment(ns, 'web-blue')).spec.replicas).toBe(0);
    expect(await recorded(ns, 'web', 'service')).toMatchObject({
      strategy: 'blue-green',
      status: 'succeeded',
      phase: 'done',
    });

    // Next release: green is live, blue the idle colour; abort it while the old colour is kept.
    const job = spawnKprod([
      'release',
      'deploy/web',
      '-n',
      ns,
      '--strategy',
      'blue-green',
      '--image',
      'reg.example/web:3.0.0',
      '--no-resolve',
      '--keep-old',
      '10m',
      '--timeout',
      '60s',
    ]);
    await eventually('the switch to blue', 60, async () => {
      const state = await recorded(ns, 'web', 'service');
      return state.image === 'reg.example/web:3.0.0' && state.phase === 'keep-old'
        ? state
        : undefined;
    });
    expect(await selectorOf()).toBe('blue');
    const blue = await liveDeployment(ns, 'web-blue');
    expect([
      blue.spec.template.spec.containers[0]!.image,
      blue.spec.replicas,
      blue.status.readyReplicas,
    ]).toEqual(['reg.example/web:3.0.0', 2, 2]);

    const abort = await kprod(['release', 'abort', 'deploy/web', '-n', ns]);
    expect(abort.stderr).toBe('');
    expect(abort.code).toBe(0);
    expect(await job.exited).toBe(1);
    expect(await selectorOf()).toBe('green');
    expect((await liveDeployment(ns, 'web-blue')).spec.replicas).toBe(0);
    expect((await liveDeployment(ns, 'web-green')).spec.replicas).toBe(2);
    expect(await recorded(ns, 'web', 'service')).toMatchObject({
      status: 'aborted',
      phase: 'done',
      message: 'aborted on request',
    });
  });

  describe('canary with the analysis from the real Prometheus', () => {
    const canaryPods = 'app.kubernetes.io/name=multiroute,track=canary';
    const nginxWeight = async (): Promise<string> =>
      (
        (await getJson(['ingress', 'multiroute-canary', '-n', 'multiroute'])) as {
          metadata: { annotations: Record<string, string> };
        }
      ).metadata.annotations[`${NGINX}canary-weight`] ?? '';
    const canaryArgs = (image: string, extra: string[]): string[] => [
      'release',
      'deploy/multiroute',
      '-n',
      'multiroute',
      '--strategy',
      'canary',
      '--image',
      image,
      '--no-resolve',
      '--prometheus',
      metrics.url,
      '--timeout',
      '60s',
      '-o',
      'json',
      ...extra,
    ];

    it('ingress-nginx (deploy/examples/dev-canary-ingress-nginx): should promote a healthy canary step by step, and roll back one answering 500', async () => {
      await applyCanaryExample('dev-canary-ingress-nginx');
      metrics.serve('multiroute', canaryPods, healthy);

      const run = kprod(
        canaryArgs('ghcr.io/kprod-dev/multiroute:1.2.0', [
          '--steps',
          '25,50',
          '--interval',
          '4s',
          '--failure-limit',
          '1',
        ]),
      );
      // deploy/'s canary Ingress starts at 20%.
      expect(await sampleWhile(run, nginxWeight)).toEqual(['20', '25', '50', '0']);
      const ok = await run;
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const analyses = events(ok.stdout).filter((e) => e.action === 'analysis result');
      expect(analyses.map((e) => e.message)).toEqual([
        expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
        expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
      ]);
      expect(await imageOf('multiroute', 'multiroute')).toBe('ghcr.io/kprod-dev/multiroute:1.2.0');
      // deploy/'s own canary Deployment is parked at 0 replicas (apply -k would recreate it).
      const parked = await liveDeployment('multiroute', 'multiroute-v2');
      expect([parked.spec.template.spec.containers[0]!.image, parked.spec.replicas]).toEqual([
        'ghcr.io/kprod-dev/multiroute:1.2.0',
        0,
      ]);
      expect(await recorded('multiroute', 'multiroute')).toMatchObject({
        status: 'succeeded',
        phase: 'done',
        previousImage: 'ghcr.io/kprod-dev/multiroute:1.0.0',
      });
      // Prometheus scraped the canary under the names the real ReplicaSet controller gave its pods.
      expect(await metrics.scrapedPods('multiroute')).toEqual([
        expect.stringMatching(/^multiroute-v2-[a-z0-9]+-[a-z0-9]+$/),
        expect.stringMatching(/^multiroute-v2-[a-z0-9]+-[a-z0-9]+$/),
      ]);

      metrics.serve('multiroute', canaryPods, failing);
      const badRun = kprod(
        canaryArgs('ghcr.io/kprod-dev/multiroute:1.3.0', [
          '--steps',
          '25',
          '--interval',
          '4s',
          '--failure-limit',
          '1',
        ]),
      );
      expect(await sampleWhile(badRun, nginxWeight)).toEqual(['0', '25', '0']);
      const bad = await badRun;
      expect(bad.code).toBe(1);
      expect(
        events(bad.stdout)
          .filter((e) => e.action === 'analysis result')
          .map((e) => e.message),
      ).toEqual(['success rate 0.0000 < 0.9900']);
      expect(await imageOf('multiroute', 'multiroute')).toBe('ghcr.io/kprod-dev/multiroute:1.2.0');
      expect((await liveDeployment('multiroute', 'multiroute-v2')).spec.replicas).toBe(0);
      expect(await recorded('multiroute', 'multiroute')).toMatchObject({
        status: 'failed',
        phase: 'done',
        message: 'analysis failed 1 time(s): success rate 0.0000 < 0.9900',
      });
      // The Gateway API example uses the same namespace: its removal runs during the next test.
      metrics.forget('multiroute');
      await kubectlOk(['delete', 'namespace', 'multiroute', '--wait=false']);
    });

    it('Istio: should create the VirtualService and DestinationRule, resume after a SIGKILL, and roll back a crash-looping canary', async () => {
      const ns = await stableWeb('release-istio');
      metrics.serve(ns, 'app.kubernetes.io/name=web,track=canary', healthy);
      const virtualService = async (): Promise<string> => {
        const vs = (await getJson(['virtualservice', 'web', '-n', ns])) as {
          spec: { http: { route: { destination: { subset: string }; weight?: number }[] }[] };
        };
        return vs.spec.http
          .map((h) => h.route.map((r) => `${r.destination.subset}=${String(r.weight)}`).join(','))
          .join(' ');
      };
      const args = [
        'release',
        'deploy/web',
        '-n',
        ns,
        '--strategy',
        'canary',
        '--traffic',
        'istio',
        '--image',
        'reg.example/web:2.0.0',
        '--no-resolve',
        '--prometheus',
        metrics.url,
        '--steps',
        '20,60',
        '--interval',
        '4s',
        '--failure-limit',
        '1',
        '--timeout',
        '60s',
        '-o',
        'json',
      ];

      // The job holds each step for 4 s, then analyses it: the kill must land inside that hold.
      // It is sent from the job's own event (printed right after the hold is recorded), not
      // after polling the annotation and waiting for Prometheus: under load those took longer
      // than the hold, the job analysed a canary Prometheus had no samples of yet ("no
      // requests reached the canary"), failed at --failure-limit 1 and exited 1 before the kill.
      const job = spawnKprod(args);
      const kill = { sent: false };
      job.child.stdout?.on('data', () => {
        if (!kill.sent && job.stdout().includes('"phase":"hold"')) {
          kill.sent = true;
          job.child.kill('SIGKILL');
        }
      });
      const code = await job.exited;
      expect(kill.sent ? code : `exited ${String(code)} before the hold: ${job.stdout()}`).toBe(
        137,
      );
      const held = await recorded(ns, 'web');
      expect(await virtualService()).toBe('v2=undefined v1=80,v2=20');
      const rule = (await getJson(['destinationrule', 'web', '-n', ns])) as { spec: unknown };
      expect(rule.spec).toEqual({
        host: `web.${ns}.svc.cluster.local`,
        subsets: [
          { name: 'v1', labels: { 'app.kubernetes.io/version': 'v1' } },
          { name: 'v2', labels: { 'app.kubernetes.io/version': 'v2' } },
        ],
      });
      expect((await liveDeployment(ns, 'web-v2')).spec.template.spec.containers[0]!.image).toBe(
        'reg.example/web:2.0.0',
      );
      expect(await recorded(ns, 'web')).toMatchObject({
        status: 'progressing',
        phase: 'hold',
        step: 0,
      });

      // The resumed job analyses at once (the hold has passed): it needs the canary's request
      // rate over the 4 s window, which takes two scrapes of the canary pod.
      const rate = encodeURIComponent(
        `sum(rate(http_requests_total{namespace="${ns}",pod=~"web-v2-[a-z0-9]+-[a-z0-9]+"}[4s]))`,
      );
      await eventually('the canary request rate in Prometheus', 60, async () => {
        const res = await fetch(`${metrics.url}/api/v1/query?query=${rate}`);
        const body = (await res.json()) as { data: { result: unknown[] } };
        return body.data.result.length === 1 ? true : undefined;
      });
      const resumed = await kprod(args);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      const steps = events(resumed.stdout).filter((e) => e.event === 'release.step');
      // It went on from the recorded step: nothing before the hold was done again.
      expect(steps[0]?.phase).toBe('hold');
      expect(steps[0]?.action).toMatch(/^wait /);
      expect(steps.map((e) => e.phase)).not.toContain('create-canary');
      expect(steps.filter((e) => e.action === 'analysis result').map((e) => e.message)).toEqual([
        expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
        expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
      ]);
      const final = await recorded(ns, 'web');
      expect(final).toMatchObject({
        status: 'succeeded',
        phase: 'done',
        startedAt: held.startedAt,
      });
      expect(await virtualService()).toBe('v2=undefined v1=100,v2=0');
      expect(await imageOf(ns, 'web')).toBe('reg.example/web:2.0.0');
      // kprod created web-v2, so it deletes it.
      await eventually('web-v2 to be deleted', 30, async () =>
        (await deployment(ns, 'web-v2')) === undefined ? true : undefined,
      );

      const crash = await kprod([
        ...args.slice(0, 9),
        'reg.example/web:sim-crashloop',
        ...args.slice(10),
      ]);
      expect(crash.code).toBe(1);
      const crashed = await recorded(ns, 'web');
      expect(crashed.status).toBe('failed');
      expect(crashed.message).toMatch(
        /^web-v2: container "multiroute" of pod web-v2-[a-z0-9]+-[a-z0-9]+ is in CrashLoopBackOff/,
      );
      expect(await virtualService()).toBe('v2=undefined v1=100,v2=0');
      expect(await imageOf(ns, 'web')).toBe('reg.example/web:2.0.0');
      const canary = await liveDeployment(ns, 'web-v2');
      expect([canary.spec.template.spec.containers[0]!.image, canary.spec.replicas]).toEqual([
        'reg.example/web:sim-crashloop',
        0,
      ]);
    });
    it('Gateway API (deploy/examples/staging-canary-gateway-api): should set the HTTPRoute weights and promote on request from a second process', async () => {
      await deleteNamespaces('multiroute');
      await applyCanaryExample('staging-canary-gateway-api');
      metrics.serve('multiroute', canaryPods, healthy);
      const stableImage = await imageOf('multiroute', 'multiroute');
      // Every rule's backends; the API server defaults a weight left out to 1.
      const weights = async (): Promise<string> => {
        const route = (await getJson(['httproute', 'multiroute', '-n', 'multiroute'])) as {
          spec: { rules: { backendRefs: { name: string; weight: number }[] }[] };
        };
        return route.spec.rules
          .map((r) => r.backendRefs.map((b) => `${b.name}=${String(b.weight)}`).join(','))
          .join(' ');
      };
      expect(await weights()).toBe('multiroute-canary=1 multiroute-stable=80,multiroute-canary=20');

      const job = spawnKprod(
        canaryArgs('ghcr.io/kprod-dev/multiroute:1.2.0', [
          '--traffic',
          'gateway',
          '--steps',
          '10,50',
          '--interval',
          '10m',
        ]),
      );
      await eventually('the first step to be held', 60, async () => {
        const state = await recorded('multiroute', 'multiroute');
        return state.image.endsWith(':1.2.0') && state.phase === 'hold' ? state : undefined;
      });
      expect(await weights()).toBe('multiroute-canary=1 multiroute-stable=90,multiroute-canary=10');
      expect(await imageOf('multiroute', 'multiroute-v2')).toBe(
        'ghcr.io/kprod-dev/multiroute:1.2.0',
      );
      expect(await imageOf('multiroute', 'multiroute')).toBe(stableImage);

      const promote = await kprod(['release', 'promote', 'deploy/multiroute', '-n', 'multiroute']);
      expect(promote.stderr).toBe('');
      expect(promote.code).toBe(0);
      expect({ code: await job.exited, stderr: job.stderr() }).toEqual({ code: 0, stderr: '' });
      expect(await weights()).toBe('multiroute-canary=1 multiroute-stable=100,multiroute-canary=0');
      expect(await imageOf('multiroute', 'multiroute')).toBe('ghcr.io/kprod-dev/multiroute:1.2.0');
      const stable = await liveDeployment('multiroute', 'multiroute');
      expect(stable.status.updatedReplicas).toBe(stable.spec.replicas);
      expect((await liveDeployment('multiroute', 'multiroute-v2')).spec.replicas).toBe(0);
      expect(await recorded('multiroute', 'multiroute')).toMatchObject({
        status: 'succeeded',
        phase: 'done',
      });
    });
  });
});
