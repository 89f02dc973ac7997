import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DeploymentController,
  type FailureMode,
  webDeployment,
} from '../../../test/support/deployment-controller.js';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { connectKube } from '../kube.js';
import { type KubeClient, type KubeObject } from '../kube-api.js';
import type { RolloutStatus } from './rollout-status.js';
import {
  parseWorkloadRef,
  pauseRollout,
  resumeRollout,
  rolloutHistory,
  undoRollout,
  waitForRollout,
} from './rollout.js';

const PATH = '/apis/apps/v1/namespaces/shop/deployments/web';

function deployment(image: string, replicas = 2): KubeObject {
  return webDeployment(
    {
      containers: [{ name: 'app', image }],
      volumes: [{ name: 'cfg', configMap: { name: `cfg-${image.replace(/\W/g, '')}` } }],
    },
    { replicas },
  );
}

const web = parseWorkloadRef('deploy/web', 'shop');

describe('parseWorkloadRef', () => {
  it('should accept kubectl spellings and refuse others', () => {
    expect(parseWorkloadRef('deployment.apps/web', 'x')).toEqual({
      kind: 'Deployment',
      namespace: 'x',
      name: 'web',
    });
    expect(parseWorkloadRef('sts/db', 'x').kind).toBe('StatefulSet');
    expect(parseWorkloadRef('daemonsets/agent', 'x').kind).toBe('DaemonSet');
    expect(() => parseWorkloadRef('svc/web', 'x')).toThrow(
      '"svc/web" is not a workload: expected deploy/NAME, sts/NAME or ds/NAME',
    );
    expect(() => parseWorkloadRef('web', 'x')).toThrow('is not a workload');
  });
});

describe('waitForRollout', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  let controller: DeploymentController;

  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    controller = new DeploymentController(double);
    await kube.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: deployment('app:1'),
    });
    controller.complete('shop', 'web');
  });
  afterEach(async () => {
    await double.stop();
  });

  async function setImage(image: string): Promise<void> {
    await kube.request({
      method: 'PATCH',
      path: PATH,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }],
    });
  }

  const watching = (): boolean => double.requests.some((r) => r.query['watch'] === 'true');

  it('should follow a rolling update through its steps to success, driven by watch events', async () => {
    await setImage('app:2');
    const seen: string[] = [];
    const done = waitForRollout(kube, web, {
      pollMs: 60_000,
      onProgress: (s: RolloutStatus) => seen.push(s.message),
    });
    await expect.poll(watching).toBe(true);
    await expect.poll(() => seen.length).toBe(1);
    const expected = [
      'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      'deployment "web" successfully rolled out',
    ];
    // Each step is taken only after the waiter has read the state the previous step left.
    const state = { finished: false };
    const mark = (): void => {
      state.finished = true;
    };
    void done.then(mark, mark);
    const reads = (): number =>
      double.requests.filter((r) => r.method === 'GET' && r.path === PATH).length;
    for (let step = 0; step < 50; step++) {
      const before = reads();
      if (!controller.step('shop', 'web')) break;
      await expect.poll(() => reads() > before || state.finished).toBe(true);
      if (state.finished) break;
    }
    const result = await done;
    expect(result.ok).toBe(true);
    expect(result.message).toBe('deployment "web" successfully rolled out');
    expect([...new Set(seen)]).toEqual(expected);
    expect(result.status.revision).toBe(2);
    const watches = double.requests.filter((r) => r.query['watch'] === 'true');
    expect(
      new Set(watches.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)),
    ).toEqual(
      new Set([
        '/apis/apps/v1/namespaces/shop/deployments?fieldSelector=metadata.name%3Dweb&watch=true',
        '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&watch=true',
      ]),
    );
  });

  const failures: [FailureMode, string, string][] = [
    [
      'CrashLoopBackOff',
      'CrashLoopBackOff',
      'is in CrashLoopBackOff: last exit code 1 (Error), 3 restarts',
    ],
    [
      'ImagePullBackOff',
      'ImagePullBackOff',
      'is in ImagePullBackOff: Back-off pulling image "app:2"',
    ],
    [
      'ErrImagePull',
      'ErrImagePull',
      'is in ErrImagePull: failed to pull and unpack image "app:2": not found',
    ],
    [
      'Unschedulable',
      'Unschedulable',
      'cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
    ],
    [
      'QuotaExceeded',
      'QuotaExceeded',
      'is forbidden: exceeded quota: quota-dev, requested: limits.cpu=1',
    ],
  ];
  it.each(failures)('should fail early when new pods show %s', async (mode, reason, text) => {
    controller.mode = mode;
    await setImage('app:2');
    const done = waitForRollout(kube, web, { pollMs: 60_000 });
    await expect.poll(watching).toBe(true);
    controller.complete('shop', 'web');
    const result = await done;
    expect(result.ok).toBe(false);
    expect(result.failure?.reason).toBe(reason);
    expect(result.message).toContain(text);
    // The old pods keep serving: the failed rollout never scaled them down.
    expect(result.status.counts.ready).toBe(2);
  });

  it('should fail on ProgressDeadlineExceeded as kubectl does', async () => {
    controller.mode = 'ProgressDeadlineExceeded';
    await setImage('app:2');
    controller.complete('shop', 'web');
    const result = await waitForRollout(kube, web, { pollMs: 60_000 });
    expect(result).toMatchObject({
      ok: false,
      message: 'deployment "web" exceeded its progress deadline',
    });
    expect(result.status.failed).toBe('ProgressDeadlineExceeded');
  });

  it('should not fail early when asked only for kubectl semantics', async () => {
    controller.mode = 'CrashLoopBackOff';
    await setImage('app:2');
    controller.complete('shop', 'web');
    await expect(
      waitForRollout(kube, web, { pollMs: 20, timeoutMs: 200, earlyFailure: false }),
    ).rejects.toMatchObject({
      code: 'KPROD_TIMEOUT',
      exitCode: 4,
      message: expect.stringMatching(
        /^deploy\/web in shop: rollout not finished after \d+s: Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated\.\.\.$/,
      ) as string,
    });
  });

  it('should keep going by polling when the watch is refused', async () => {
    double.override((req) =>
      req.query['watch'] === 'true' ? { status: 500, body: { message: 'no watch' } } : undefined,
    );
    await setImage('app:2');
    const done = waitForRollout(kube, web, { pollMs: 10 });
    await expect.poll(watching).toBe(true);
    controller.complete('shop', 'web');
    expect((await done).ok).toBe(true);
  });

  it('should not pile up abort listeners over many polls', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on('warning', onWarning);
    try {
      await setImage('app:2');
      const done = waitForRollout(kube, web, { pollMs: 1 });
      // Far more rounds than the 10 listeners Node.js allows before it warns of a leak.
      await expect
        .poll(() => double.requests.filter((r) => r.method === 'GET' && r.path === PATH).length, {
          timeout: 20_000,
        })
        .toBeGreaterThan(40);
      controller.complete('shop', 'web');
      expect((await done).ok).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('should beat with the elapsed time and the current status while nothing changes', async () => {
    await setImage('app:2');
    const beats: { elapsedMs: number; message: string }[] = [];
    const done = waitForRollout(kube, web, {
      pollMs: 5,
      heartbeatMs: 20,
      onHeartbeat: (status, elapsedMs) => beats.push({ elapsedMs, message: status.message }),
    });
    await expect.poll(() => beats.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    controller.complete('shop', 'web');
    expect((await done).ok).toBe(true);
    beats.slice(0, 3).forEach((beat, index) => {
      expect(beat.elapsedMs).toBeGreaterThanOrEqual(20 * (index + 1));
      expect(beat.message).toBe(
        'Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...',
      );
    });
  });

  it('should stop with KPROD_INTERRUPTED when aborted', async () => {
    await setImage('app:2');
    const abort = new AbortController();
    const done = waitForRollout(kube, web, { signal: abort.signal, pollMs: 60_000 });
    await expect.poll(watching).toBe(true);
    abort.abort();
    await expect(done).rejects.toMatchObject({ code: 'KPROD_INTERRUPTED' });
  });

  it('should report a missing workload with KUBE_NOT_FOUND', async () => {
    await expect(
      waitForRollout(kube, parseWorkloadRef('deploy/nope', 'shop')),
    ).rejects.toMatchObject({
      code: 'KUBE_NOT_FOUND',
      message: 'deploy/nope does not exist in namespace shop',
    });
  });
});

describe('undoRollout', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  let controller: DeploymentController;

  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    controller = new DeploymentController(double);
    controller.autoComplete = true;
    await kube.request({
      method: 'POST',
      path: '/apis/apps/v1/namespaces/shop/deployments',
      body: deployment('app:1'),
    });
    const next = deployment('app:2');
    await kube.request({
      method: 'PATCH',
      path: PATH,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { annotations: { 'kubernetes.io/change-cause': 'kprod set image app=app:2' } },
        spec: next['spec'],
      },
    });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should list revisions with their images and ConfigMaps', async () => {
    expect(await rolloutHistory(kube, web)).toEqual([
      { revision: 1, images: ['app=app:1'], configMaps: ['cfg-app1'], current: false },
      {
        revision: 2,
        changeCause: 'kprod set image app=app:2',
        images: ['app=app:2'],
        configMaps: ['cfg-app2'],
        current: true,
      },
    ]);
  });

  it('should restore the previous template, image and ConfigMap together, as a new revision', async () => {
    expect(await undoRollout(kube, web)).toEqual({
      revision: 1,
      changed: true,
      message: 'rolled back to revision 1',
    });
    const patch = double.requests.filter((r) => r.method === 'PATCH').at(-1);
    expect(patch?.contentType).toBe('application/json-patch+json');
    const live = double.get(PATH)!;
    const template = (
      live['spec'] as {
        template: {
          spec: { containers: { image: string }[]; volumes: { configMap: { name: string } }[] };
        };
      }
    ).template;
    expect(template.spec.containers[0]!.image).toBe('app:1');
    expect(template.spec.volumes[0]!.configMap.name).toBe('cfg-app1');
    expect(live.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(
      (await rolloutHistory(kube, web)).map((r) => `${r.revision}:${r.images.join()}:${r.current}`),
    ).toEqual(['2:app=app:2:false', '3:app=app:1:true']);
    // Undoing again goes back to revision 2's template.
    expect((await undoRollout(kube, web)).revision).toBe(2);
  });

  it('should undo to a given revision and skip when it is already current', async () => {
    expect(await undoRollout(kube, web, { toRevision: 2 })).toEqual({
      revision: 2,
      changed: false,
      message: 'skipped rollback (current template already matches revision 2)',
    });
    await expect(undoRollout(kube, web, { toRevision: 7 })).rejects.toMatchObject({
      code: 'ROLLOUT_TARGET_INVALID',
      message: 'deployment "web" has no revision 7',
    });
  });

  it('should pause and resume, and refuse to undo while paused', async () => {
    expect(await pauseRollout(kube, web)).toEqual({ changed: true });
    expect(await pauseRollout(kube, web)).toEqual({ changed: false });
    await expect(undoRollout(kube, web)).rejects.toMatchObject({
      code: 'ROLLOUT_TARGET_INVALID',
      message: 'deployment "web" is paused: it cannot be rolled back',
    });
    expect(await resumeRollout(kube, web)).toEqual({ changed: true });
    expect((double.get(PATH)!['spec'] as { paused: boolean }).paused).toBe(false);
  });
});

describe('waitForRollout for StatefulSets and DaemonSets', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
  });
  afterEach(async () => {
    await double.stop();
  });

  const crashing = (name: string, labels: Record<string, string>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    status: {
      containerStatuses: [
        { name: 'db', state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 2 },
      ],
    },
  });

  it('should fail early on a crash-looping pod of the StatefulSet update revision only', async () => {
    double.put('/apis/apps/v1/namespaces/shop/statefulsets/db', {
      kind: 'StatefulSet',
      metadata: { generation: 2 },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
      status: {
        observedGeneration: 2,
        readyReplicas: 1,
        updatedReplicas: 1,
        updateRevision: 'db-2',
        currentRevision: 'db-1',
      },
    });
    // An old-revision pod crashing is not this rollout's failure.
    double.put(
      '/api/v1/namespaces/shop/pods/db-0',
      crashing('db-0', { app: 'db', 'controller-revision-hash': 'db-1' }),
    );
    const ref = parseWorkloadRef('sts/db', 'shop');
    const done = waitForRollout(kube, ref, { pollMs: 60_000 });
    await expect.poll(() => double.requests.some((r) => r.query['watch'] === 'true')).toBe(true);
    double.put(
      '/api/v1/namespaces/shop/pods/db-1',
      crashing('db-1', { app: 'db', 'controller-revision-hash': 'db-2' }),
    );
    const result = await done;
    expect(result).toMatchObject({
      ok: false,
      failure: { reason: 'CrashLoopBackOff', pod: 'db-1' },
      message: 'container "db" of pod db-1 is in CrashLoopBackOff: 2 restarts',
    });
  });

  it('should fail early on a DaemonSet pod of the current template generation', async () => {
    double.put('/apis/apps/v1/namespaces/shop/daemonsets/agent', {
      kind: 'DaemonSet',
      metadata: { generation: 4 },
      spec: { selector: { matchLabels: { app: 'agent' } } },
      status: {
        observedGeneration: 4,
        desiredNumberScheduled: 2,
        updatedNumberScheduled: 1,
        numberAvailable: 1,
      },
    });
    double.put(
      '/api/v1/namespaces/shop/pods/agent-x',
      crashing('agent-x', { app: 'agent', 'pod-template-generation': '4' }),
    );
    const result = await waitForRollout(kube, parseWorkloadRef('ds/agent', 'shop'), {
      pollMs: 60_000,
    });
    expect(result.failure?.pod).toBe('agent-x');
  });

  it('should complete a StatefulSet when its status says so', async () => {
    double.put('/apis/apps/v1/namespaces/shop/statefulsets/db', {
      kind: 'StatefulSet',
      metadata: { generation: 1 },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
      status: { observedGeneration: 1, readyReplicas: 1, updatedReplicas: 1 },
    });
    expect(await waitForRollout(kube, parseWorkloadRef('sts/db', 'shop'))).toMatchObject({
      ok: true,
      message: 'partitioned roll out complete: 1 new pods have been updated...',
    });
  });
});
