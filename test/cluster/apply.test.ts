import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  ROOT,
  createNamespace,
  deleteNamespaces,
  getJson,
  kprod,
  kubectl,
  kubectlApply,
  kubectlOk,
} from './cluster.js';

/**
 * `kprod apply` and `kprod diff` of the project's own manifests against the real API server:
 * every overlay and example is accepted (strict field validation, Pod Security `restricted`,
 * the CRDs of Gateway API, Istio and prometheus-operator), a second apply changes nothing, a
 * field owned by another manager is the real conflict, and a server dry run stores nothing.
 */

const EXAMPLES = readdirSync(join(ROOT, 'deploy/examples')).sort();

/** `kind/namespace/name` of every object a kustomization builds, as kubectl builds it. */
async function builtIds(dir: string): Promise<string[]> {
  const built = await kubectlOk(['kustomize', join(ROOT, dir)]);
  return parseAllDocuments(built)
    .map((doc) => doc.toJS() as { kind: string; metadata: { name: string; namespace?: string } })
    .map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

/** The Deployment of the dev overlay as built. */
async function overlayDeployment(): Promise<{ kind: string; spec: { minReadySeconds?: number } }> {
  const built = parseAllDocuments(
    await kubectlOk(['kustomize', join(ROOT, 'deploy/overlays/dev')]),
  );
  return built
    .map((doc) => doc.toJS() as { kind: string; spec: { minReadySeconds?: number } })
    .find((o) => o.kind === 'Deployment')!;
}

/** The dev overlay as built, as YAML documents, with the Deployment's minReadySeconds set. */
async function overlayWith(minReadySeconds: number): Promise<string> {
  const built = parseAllDocuments(
    await kubectlOk(['kustomize', join(ROOT, 'deploy/overlays/dev')]),
  );
  return built
    .map((doc) => doc.toJS() as { kind: string; spec: { minReadySeconds?: number } })
    .map((o) => (o.kind === 'Deployment' ? { ...o, spec: { ...o.spec, minReadySeconds } } : o))
    .map((o) => JSON.stringify(o))
    .join('\n---\n');
}

/** Removes what an overlay made (its namespace holds everything) and waits until it is gone. */
async function clean(): Promise<void> {
  await deleteNamespaces('multiroute');
}

describe('kprod apply on the real control plane', () => {
  beforeAll(clean);
  afterAll(clean);

  it.each(['dev', 'staging', 'prod'])(
    'should apply overlays/%s, wait for it, and find nothing to change the second time',
    async (overlay) => {
      const dir = `deploy/overlays/${overlay}`;
      const first = await kprod(['apply', '-k', dir, '--timeout', '120s']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const applied = first.stdout
        .split('\n')
        .filter((line) => / (created|configured|unchanged)$/.test(line));
      expect(applied.every((line) => line.endsWith(' created'))).toBe(true);
      expect(applied).toHaveLength((await builtIds(dir)).length);

      // What the API server now holds is what the overlay builds.
      for (const id of await builtIds(dir)) {
        const [kind, namespace, name] = id.split('/') as [string, string, string];
        const got = await kubectl([
          'get',
          kind,
          name,
          ...(namespace === '' ? [] : ['-n', namespace]),
          '-o',
          'name',
        ]);
        expect([id, got.code]).toEqual([id, 0]);
      }

      const second = await kprod(['apply', '-k', dir, '--timeout', '60s']);
      expect(second.code).toBe(0);
      const again = second.stdout
        .split('\n')
        .filter((line) => / (created|configured|unchanged)$/.test(line));
      expect(again.filter((line) => !line.endsWith(' unchanged'))).toEqual([]);
      expect(again).toHaveLength(applied.length);

      const diff = await kprod(['diff', '-k', dir]);
      expect([diff.code, diff.stdout, diff.stderr]).toEqual([0, '', '']);
      await clean();
    },
  );

  it.each(EXAMPLES)('should apply examples/%s with its CRDs', async (example) => {
    const result = await kprod(['apply', '-k', `deploy/examples/${example}`, '--timeout', '120s']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await clean();
  });

  describe('on one applied overlay', () => {
    beforeAll(async () => {
      const result = await kprod(['apply', '-k', 'deploy/overlays/dev', '--timeout', '120s']);
      expect(result.code).toBe(0);
    });

    it('should change nothing with --dry-run=server, and diff should show exactly the change', async () => {
      const before = (await getJson(['deployment', 'multiroute', '-n', 'multiroute'])) as {
        metadata: { resourceVersion: string };
        spec: { replicas: number };
      };
      const was = (await overlayDeployment()).spec.minReadySeconds ?? 0;
      const changed = await overlayWith(was + 2);

      const dry = await kprod(['apply', '-f', '-', '--dry-run=server'], { input: changed });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Deployment/multiroute/multiroute configured (server dry run)');
      const after = (await getJson(['deployment', 'multiroute', '-n', 'multiroute'])) as {
        metadata: { resourceVersion: string };
      };
      expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);

      const diff = await kprod(['diff', '-f', '-'], { input: changed });
      expect(diff.code).toBe(1);
      const changedLines = diff.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l));
      expect(changedLines).toEqual([
        `-  minReadySeconds: ${was}`,
        `+  minReadySeconds: ${was + 2}`,
      ]);
    });

    it('should refuse to take a field another manager owns, naming it, unless --force-conflicts', async () => {
      await kubectlApply(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'multiroute', namespace: 'multiroute' },
          spec: { minReadySeconds: 7 },
        },
        undefined,
        true,
      );
      // The whole overlay, as kprod applied it, but for the field the other manager took.
      const manifest = await overlayWith(3);
      const refused = await kprod(['apply', '-f', '-', '--no-wait'], { input: manifest });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^kprod: KUBE_CONFLICT: Deployment\/multiroute\/multiroute: PATCH \/apis\/apps\/v1\/namespaces\/multiroute\/deployments\/multiroute: 409 Apply failed with 1 conflict: conflict with "test-setup": \.spec\.minReadySeconds$/m,
      );
      expect(refused.stderr).toContain('conflict with "test-setup"');
      expect(refused.stderr).toContain('.spec.minReadySeconds');

      const forced = await kprod(['apply', '-f', '-', '--no-wait', '--force-conflicts'], {
        input: manifest,
      });
      expect(forced.code).toBe(0);
      const live = (await getJson(['deployment', 'multiroute', '-n', 'multiroute'])) as {
        spec: { minReadySeconds: number };
      };
      expect(live.spec.minReadySeconds).toBe(3);
    });
  });

  it('should refuse an unknown field with the API server strict-validation message', async () => {
    const ns = await createNamespace('strict');
    try {
      const manifest = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: ns },
        data: { a: 'b' },
        dataa: { c: 'd' },
      });
      const result = await kprod(['apply', '-f', '-', '--no-wait'], { input: manifest });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^kprod: KUBE_INVALID: ConfigMap\/strict-[0-9a-f]{6}\/c: unknown field "\.dataa": the API server has no such field in its schema$/m,
      );
      const live = await kubectl(['get', 'configmap', 'c', '-n', ns]);
      expect(live.code).toBe(1);
    } finally {
      await deleteNamespaces(ns);
    }
  });
});
