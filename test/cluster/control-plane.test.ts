import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNamespace,
  deleteNamespaces,
  eventually,
  getJson,
  kubectl,
  kubectlApply,
  kubectlOk,
} from './cluster.js';

/**
 * The local control plane is the real thing: the pinned release answers, its controllers and
 * scheduler work, kwok's nodes run pods through the stages of kwok-stages.yaml, and its
 * security settings hold.
 */
describe('local control plane', () => {
  let ns: string;
  beforeAll(async () => {
    ns = await createNamespace('smoke');
  });
  afterAll(async () => {
    await deleteNamespaces(ns);
  });

  it('should serve the pinned Kubernetes release', async () => {
    const version = JSON.parse(await kubectlOk(['version', '-o', 'json'])) as {
      serverVersion: { gitVersion: string; major: string; minor: string };
    };
    expect(version.serverVersion).toMatchObject({ gitVersion: 'v1.36.3', major: '1', minor: '36' });
  });

  it('should have three Ready kwok nodes with finite capacity in three zones', async () => {
    const nodes = (await getJson(['nodes'])) as {
      items: {
        metadata: { name: string; labels: Record<string, string> };
        status: {
          allocatable: Record<string, string>;
          conditions: { type: string; status: string }[];
        };
      }[];
    };
    expect(
      nodes.items.map((n) => [
        n.metadata.name,
        n.metadata.labels['topology.kubernetes.io/zone'],
        n.status.allocatable,
        n.status.conditions.find((c) => c.type === 'Ready')?.status,
      ]),
    ).toEqual([
      ['kwok-node-0', 'zone-a', { cpu: '4', memory: '8Gi', pods: '110' }, 'True'],
      ['kwok-node-1', 'zone-b', { cpu: '4', memory: '8Gi', pods: '110' }, 'True'],
      ['kwok-node-2', 'zone-c', { cpu: '4', memory: '8Gi', pods: '110' }, 'True'],
    ]);
  });

  it('should run a Deployment to available through the real controllers, scheduler and kwok', async () => {
    await kubectlApply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: ns },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'registry.local/web:1' }] },
          },
        },
      },
      ns,
    );
    const status = await eventually('3 available replicas', 60, async () => {
      const d = (await getJson(['deployment', 'web', '-n', ns])) as {
        status: { availableReplicas?: number; readyReplicas?: number; updatedReplicas?: number };
      };
      return d.status.availableReplicas === 3 ? d.status : undefined;
    });
    expect(status).toMatchObject({ availableReplicas: 3, readyReplicas: 3, updatedReplicas: 3 });
    const pods = (await getJson(['pods', '-n', ns, '-l', 'app=web'])) as {
      items: { spec: { nodeName?: string }; status: { phase: string; podIP?: string } }[];
    };
    expect(pods.items.map((p) => p.status.phase)).toEqual(['Running', 'Running', 'Running']);
    expect(pods.items.every((p) => (p.spec.nodeName ?? '').startsWith('kwok-node-'))).toBe(true);
    expect(pods.items.every((p) => /^10\.244\./.test(p.status.podIP ?? ''))).toBe(true);
  });

  it('should refuse anonymous requests to resources (RBAC is on)', async () => {
    const result = await kubectl(['--token=not-a-token', 'get', 'namespaces']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unauthorized');
  });

  it('should enforce Pod Security admission on a labelled namespace', async () => {
    const restricted = await createNamespace('pss', {
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    try {
      const result = await kubectl(['run', 'priv', '-n', restricted, '--image=x', '--privileged']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('violates PodSecurity "restricted:latest"');
      expect(result.stderr).toContain(
        'privileged (container "priv" must not set securityContext.privileged=true)',
      );
    } finally {
      await deleteNamespaces(restricted);
    }
  });
});
