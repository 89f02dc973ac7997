import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestRegistry, pushImage, startRegistry } from '../support/registry.js';
import {
  createNamespace,
  deleteNamespaces,
  getJson,
  kprod,
  kubectlApply,
  kubectlOk,
} from './cluster.js';

/**
 * `kprod set image`, `config set`, `rollout undo|pause|resume|history` against real revisions
 * made by the real Deployment controller (and images resolved in the real docker-registry).
 */

interface Deployment {
  metadata: { annotations?: Record<string, string>; generation: number };
  spec: {
    paused?: boolean;
    template: {
      spec: {
        containers: { image: string }[];
        volumes: { name: string; configMap?: { name: string } }[];
      };
    };
  };
  status: { observedGeneration?: number };
}

describe('deploying with kprod on the real control plane', () => {
  let ns: string;
  let registry: TestRegistry;
  let v1: string;
  let v2: string;
  let work: string;

  const live = async (): Promise<Deployment> =>
    (await getJson(['deployment', 'web', '-n', ns])) as unknown as Deployment;
  const configMaps = async (): Promise<string[]> =>
    (
      await kubectlOk([
        'get',
        'configmaps',
        '-n',
        ns,
        '-l',
        'kprod.io/config-base=web-config',
        '-o',
        'name',
      ])
    )
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .sort();

  beforeAll(async () => {
    ns = await createNamespace('deploying');
    registry = await startRegistry('none');
    v1 = `${registry.host}/team/web:1.0.0@${(await pushImage(registry, 'team/web', '1.0.0')).digest}`;
    v2 = `${registry.host}/team/web:2.0.0@${(await pushImage(registry, 'team/web', '2.0.0')).digest}`;
    work = mkdtempSync(join(tmpdir(), 'kprod-deploying-'));
    await kubectlApply(
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'web-config-9kk7ct2b8k' },
          data: { 'config.yml': 'routes: {}\n' },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 2,
            revisionHistoryLimit: 5,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [
                  {
                    name: 'app',
                    image: v1,
                    volumeMounts: [{ name: 'config', mountPath: '/config' }],
                  },
                ],
                volumes: [{ name: 'config', configMap: { name: 'web-config-9kk7ct2b8k' } }],
              },
            },
          },
        },
      ],
      ns,
    );
    const first = await kprod(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout', '90s']);
    expect(first.code).toBe(0);
  });
  afterAll(async () => {
    await registry.stop();
    await deleteNamespaces(ns);
  });

  it('set image should pin the tag to its digest and roll out a new revision', async () => {
    const tagOnly = v2.replace(/@sha256:.*$/, '');
    const set = await kprod([
      'set',
      'image',
      'deploy/web',
      `app=${tagOnly}`,
      '-n',
      ns,
      '--timeout',
      '90s',
    ]);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const d = await live();
    expect(d.spec.template.spec.containers[0]?.image).toBe(v2);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status.observedGeneration).toBe(d.metadata.generation);

    const again = await kprod(['set', 'image', 'deploy/web', `app=${tagOnly}`, '-n', ns]);
    expect(again.code).toBe(0);
    expect((await live()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('config set should create an immutable versioned ConfigMap, roll to it and keep what undo needs', async () => {
    const versions: string[] = [];
    for (const n of [1, 2, 3]) {
      const file = join(work, `routes-${n}.yaml`);
      writeFileSync(file, `routes:\n  /r${n}:\n    response: v${n}\n`);
      const set = await kprod([
        'config',
        'set',
        'deploy/web',
        '--from-file',
        `config.yml=${file}`,
        '--keep',
        '1',
        '-n',
        ns,
        '--timeout',
        '90s',
      ]);
      expect([n, set.code, set.stderr]).toEqual([n, 0, '']);
      const d = await live();
      const name = d.spec.template.spec.volumes.find((v) => v.name === 'config')?.configMap?.name;
      expect(name).toMatch(/^web-config-[a-z0-9]{10}$/);
      versions.push(name!);
      const cm = (await getJson(['configmap', name!, '-n', ns])) as {
        immutable: boolean;
        data: Record<string, string>;
      };
      expect(cm.immutable).toBe(true);
      expect(cm.data['config.yml']).toBe(`routes:\n  /r${n}:\n    response: v${n}\n`);
    }
    expect(new Set(versions).size).toBe(3);
    // Every version a ReplicaSet still refers to is kept for undo, whatever --keep says.
    expect(await configMaps()).toEqual(versions.map((v) => `configmap/${v}`).sort());
  });

  it('history, undo, pause and resume should work on the controller-made revisions', async () => {
    const history = await kprod(['rollout', 'history', 'deploy/web', '-n', ns]);
    expect(history.code).toBe(0);
    const rows = history.stdout.trim().split('\n');
    expect(rows.filter((r) => /^\s*\*?\s*\d+\s/.test(r))).toHaveLength(5);

    const before = await live();
    const undo = await kprod(['rollout', 'undo', 'deploy/web', '-n', ns, '--timeout', '90s']);
    expect([undo.code, undo.stderr]).toEqual([0, '']);
    const after = await live();
    // The previous revision's template: same image, the config version before the current one.
    expect(after.spec.template.spec.containers[0]?.image).toBe(v2);
    expect(after.spec.template.spec.volumes[0]?.configMap?.name).not.toBe(
      before.spec.template.spec.volumes[0]?.configMap?.name,
    );
    const toFirst = await kprod([
      'rollout',
      'undo',
      'deploy/web',
      '--to-revision',
      '1',
      '-n',
      ns,
      '--timeout',
      '90s',
    ]);
    expect(toFirst.code).toBe(0);
    const first = await live();
    expect(first.spec.template.spec.containers[0]?.image).toBe(v1);
    expect(first.spec.template.spec.volumes[0]?.configMap?.name).toBe('web-config-9kk7ct2b8k');

    const pause = await kprod(['rollout', 'pause', 'deploy/web', '-n', ns]);
    expect(pause.code).toBe(0);
    expect((await live()).spec.paused).toBe(true);
    const refused = await kprod(['rollout', 'undo', 'deploy/web', '-n', ns]);
    expect(refused.code).not.toBe(0);
    const resume = await kprod(['rollout', 'resume', 'deploy/web', '-n', ns]);
    expect(resume.code).toBe(0);
    expect((await live()).spec.paused).toBeUndefined();
  });
});
