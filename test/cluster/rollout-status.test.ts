import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNamespace,
  deleteNamespaces,
  eventually,
  getJson,
  kprod,
  kubectl,
  kubectlApply,
} from './cluster.js';

/**
 * `kprod rollout status` against the real Deployment, ReplicaSet, StatefulSet and DaemonSet
 * controllers, the real scheduler and ResourceQuota admission, with kwok's pods (images named
 * `sim-<behaviour>` make them fail on demand, kwok-stages.yaml). Each verdict is compared with
 * the real `kubectl rollout status` on the same object.
 */

function deployment(
  name: string,
  image: string,
  extra: { replicas?: number; progressDeadlineSeconds?: number; cpu?: string } = {},
): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: extra.replicas ?? 2,
      progressDeadlineSeconds: extra.progressDeadlineSeconds ?? 600,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              resources: {
                requests: { cpu: extra.cpu ?? '10m', memory: '16Mi' },
                limits: { cpu: extra.cpu ?? '10m', memory: '16Mi' },
              },
            },
          ],
        },
      },
    },
  };
}

/** The last line of a human-output run, without its timestamp. */
function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return (lines.at(-1) ?? '').replace(/^\d\d:\d\d:\d\d /, '');
}

describe('kprod rollout status on the real control plane', () => {
  let ns: string;
  beforeAll(async () => {
    ns = await createNamespace('rollout');
  });
  afterAll(async () => {
    await deleteNamespaces(ns);
  });

  it('should succeed like kubectl when the Deployment becomes available', async () => {
    await kubectlApply(deployment('ok', 'registry.local/app:1', { replicas: 3 }), ns);
    const ours = await kprod(['rollout', 'status', 'deploy/ok', '-n', ns, '--timeout', '90s']);
    const theirs = await kubectl(['rollout', 'status', 'deploy/ok', '-n', ns, '--timeout=90s']);
    expect([ours.code, lastLine(ours.stdout)]).toEqual([
      0,
      'deploy/ok: deployment "ok" successfully rolled out',
    ]);
    expect([theirs.code, theirs.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      'deployment "ok" successfully rolled out',
    ]);
  });

  it('should fail like kubectl at ProgressDeadlineExceeded', async () => {
    await kubectlApply(
      deployment('stuck', 'registry.local/app:sim-never-ready', { progressDeadlineSeconds: 8 }),
      ns,
    );
    const ours = await kprod(['rollout', 'status', 'deploy/stuck', '-n', ns, '--timeout', '90s']);
    const theirs = await kubectl(['rollout', 'status', 'deploy/stuck', '-n', ns, '--timeout=90s']);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toContain('ProgressDeadlineExceeded');
    expect(theirs.code).toBe(1);
    expect(theirs.stderr.trim()).toBe('error: deployment "stuck" exceeded its progress deadline');
  });

  it('should stop at --timeout with exit 4 where kubectl exits 1', async () => {
    await kubectlApply(deployment('slow', 'registry.local/app:sim-never-ready'), ns);
    const ours = await kprod(['rollout', 'status', 'deploy/slow', '-n', ns, '--timeout', '3s']);
    const theirs = await kubectl(['rollout', 'status', 'deploy/slow', '-n', ns, '--timeout=3s']);
    expect(ours.code).toBe(4);
    expect(ours.stderr).toMatch(
      /^kprod: KPROD_TIMEOUT: deploy\/slow in rollout-[0-9a-f]{6}: rollout not finished after 3s: /m,
    );
    expect(theirs.code).toBe(1);
    expect(theirs.stderr.trim()).toBe('error: timed out waiting for the condition');
  });

  it.each([
    ['crash', 'registry.local/app:sim-crashloop', 'CrashLoopBackOff'],
    ['nopull', 'registry.local/app:sim-image-pull', 'ImagePullBackOff|ErrImagePull'],
  ])(
    'should fail early on %s where kubectl waits for the progress deadline',
    async (name, image, reason) => {
      await kubectlApply(deployment(name, image, { progressDeadlineSeconds: 15 }), ns);
      const ours = await kprod([
        'rollout',
        'status',
        `deploy/${name}`,
        '-n',
        ns,
        '--timeout',
        '90s',
      ]);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toMatch(new RegExp(`^kprod: ROLLOUT_FAILED: .*(${reason})`, 'm'));
      const theirs = await kubectl([
        'rollout',
        'status',
        `deploy/${name}`,
        '-n',
        ns,
        '--timeout=90s',
      ]);
      expect(theirs.code).toBe(1);
      expect(theirs.stderr.trim()).toBe(
        `error: deployment "${name}" exceeded its progress deadline`,
      );
    },
  );

  it('should fail early when no node fits the pods (the real scheduler says why)', async () => {
    await kubectlApply(
      deployment('huge', 'registry.local/app:1', { cpu: '5', progressDeadlineSeconds: 15 }),
      ns,
    );
    const ours = await kprod(['rollout', 'status', 'deploy/huge', '-n', ns, '--timeout', '90s']);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/^kprod: ROLLOUT_FAILED: .*Unschedulable.*Insufficient cpu/m);
  });

  it('should fail early when a ResourceQuota refuses the pods (real quota admission)', async () => {
    const quotaNs = await createNamespace('quota');
    try {
      await kubectlApply(
        {
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          metadata: { name: 'q' },
          spec: { hard: { pods: '1' } },
        },
        quotaNs,
      );
      await kubectlApply(deployment('over', 'registry.local/app:1', { replicas: 3 }), quotaNs);
      const ours = await kprod([
        'rollout',
        'status',
        'deploy/over',
        '-n',
        quotaNs,
        '--timeout',
        '90s',
      ]);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toMatch(/^kprod: ROLLOUT_FAILED: .*QuotaExceeded.*exceeded quota: q/m);
    } finally {
      await deleteNamespaces(quotaNs);
    }
  });

  it('should follow a StatefulSet and a DaemonSet to done like kubectl', async () => {
    await kubectlApply(
      [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'db' },
          spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'db' },
          spec: {
            serviceName: 'db',
            replicas: 2,
            selector: { matchLabels: { app: 'db' } },
            template: {
              metadata: { labels: { app: 'db' } },
              spec: { containers: [{ name: 'db', image: 'registry.local/db:1' }] },
            },
          },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'agent' },
          spec: {
            selector: { matchLabels: { app: 'agent' } },
            template: {
              metadata: { labels: { app: 'agent' } },
              spec: { containers: [{ name: 'agent', image: 'registry.local/agent:1' }] },
            },
          },
        },
      ],
      ns,
    );
    for (const [ref, done] of [
      // The API server defaults rollingUpdate.partition to 0, so kubectl's partitioned branch.
      ['sts/db', 'partitioned roll out complete: 2 new pods have been updated...'],
      ['ds/agent', 'daemon set "agent" successfully rolled out'],
    ] as const) {
      const ours = await kprod(['rollout', 'status', ref, '-n', ns, '--timeout', '90s']);
      const theirs = await kubectl(['rollout', 'status', ref, '-n', ns, '--timeout=90s']);
      expect([ref, ours.code, theirs.code]).toEqual([ref, 0, 0]);
      expect(lastLine(ours.stdout)).toContain(done);
      expect(theirs.stdout).toContain(done);
    }
    const ds = await eventually('3 DaemonSet pods', 30, async () => {
      const d = (await getJson(['daemonset', 'agent', '-n', ns])) as {
        status: { numberAvailable?: number };
      };
      return d.status.numberAvailable === 3 ? d.status : undefined;
    });
    expect(ds.numberAvailable).toBe(3);
  });
});
