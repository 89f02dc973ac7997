import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson, kprod, kubectl, kubectlOk } from './cluster.js';

/**
 * `kprod user` against the real API server: the CertificateSigningRequest API and the
 * controller-manager's signer issue the certificate, RBAC authorizes the written kubeconfig,
 * ResourceQuota, LimitRange and PodSecurity admission enforce the fences, and the namespace
 * controller finishes the removal.
 */
describe('kprod user on the real control plane', () => {
  const name = `dev${Date.now().toString(36)}`;
  const tenant = `ns-${name}`;
  let out: string;
  let userConfig: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'kprod-users-'));
    userConfig = join(out, name, 'kubeconfig');
  });
  afterAll(async () => {
    await kubectl(['delete', 'namespace', tenant, '--ignore-not-found', '--wait=false']);
  });

  it('should onboard a user whose certificate the cluster signer issued', async () => {
    const add = await kprod([
      'user',
      'add',
      name,
      '--group',
      'team-a',
      '--out',
      out,
      '--ttl',
      '1h',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(statSync(join(out, name, `${name}.key`)).mode & 0o777).toBe(0o600);
    expect(statSync(userConfig).mode & 0o777).toBe(0o600);

    const csr = (await getJson(['csr', `kprod-user-${name}`])) as {
      spec: { signerName: string; username: string; expirationSeconds: number };
      status: { conditions: { type: string }[]; certificate?: string };
    };
    expect(csr.spec.signerName).toBe('kubernetes.io/kube-apiserver-client');
    expect(csr.spec.expirationSeconds).toBe(3600);
    expect(csr.status.conditions.map((c) => c.type)).toEqual(['Approved']);
    expect(csr.status.certificate).toBeDefined();

    // The API server itself says who the certificate is.
    const whoami = JSON.parse(
      await kubectlOk(['auth', 'whoami', '-o', 'json'], { kubeconfig: userConfig }),
    ) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(whoami.status.userInfo.username).toBe(name);
    expect(whoami.status.userInfo.groups).toEqual(['team-a', 'system:authenticated']);
  });

  it('should let the user create a Deployment in the own namespace only', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'mine' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'mine' } },
        template: {
          metadata: { labels: { app: 'mine' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'app',
                image: 'registry.local/app:1',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsUser: 1000,
                },
              },
            ],
          },
        },
      },
    };
    const own = await kubectl(['apply', '-f', '-'], {
      kubeconfig: userConfig,
      input: JSON.stringify(deployment),
    });
    expect([own.code, own.stdout.trim()]).toEqual([0, 'deployment.apps/mine created']);

    // LimitRange defaults filled in the requests the quota needs, so the pod runs.
    const pod = await eventually('the pod of the Deployment', 60, async () => {
      const pods = (await getJson(['pods', '-n', tenant, '-l', 'app=mine'])) as {
        items: { status: { phase: string }; spec: { containers: { resources: unknown }[] } }[];
      };
      return pods.items[0]?.status.phase === 'Running' ? pods.items[0] : undefined;
    });
    expect(pod.spec.containers[0]?.resources).toEqual({
      limits: { cpu: '250m', memory: '128Mi' },
      requests: { cpu: '50m', memory: '64Mi' },
    });

    const other = await kubectl(['apply', '-n', 'default', '-f', '-'], {
      kubeconfig: userConfig,
      input: JSON.stringify(deployment),
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      `User "${name}" cannot get resource "deployments" in API group "apps" in the namespace "default"`,
    );

    const clusterScoped = await kubectl(['create', 'namespace', `${name}-escape`], {
      kubeconfig: userConfig,
    });
    expect(clusterScoped.code).toBe(1);
    expect(clusterScoped.stderr).toContain(
      `User "${name}" cannot create resource "namespaces" in API group "" at the cluster scope`,
    );
  });

  it('should have the fences enforced by real admission', async () => {
    const privileged = await kubectl(['run', 'priv', '--image=x', '--privileged'], {
      kubeconfig: userConfig,
    });
    expect(privileged.code).toBe(1);
    expect(privileged.stderr).toContain('violates PodSecurity "restricted:latest"');

    const greedy = await kubectl(
      [
        'run',
        'greedy',
        '--image=x',
        '--overrides',
        JSON.stringify({
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'greedy',
                image: 'x',
                resources: { requests: { cpu: '6' }, limits: { cpu: '6' } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsUser: 1000,
                },
              },
            ],
          },
        }),
      ],
      { kubeconfig: userConfig },
    );
    expect(greedy.code).toBe(1);
    expect(greedy.stderr).toContain('exceeded quota: kprod-quota');

    const quotaEdit = await kubectl(
      ['patch', 'resourcequota', 'kprod-quota', '-p', '{"spec":{"hard":{"pods":"500"}}}'],
      { kubeconfig: userConfig },
    );
    expect(quotaEdit.code).toBe(1);
    expect(quotaEdit.stderr).toContain('cannot patch resource "resourcequotas"');
  });

  it('should converge on a second add without changing the tenant objects', async () => {
    const before = (await getJson(['role,rolebinding,resourcequota,limitrange', '-n', tenant])) as {
      items: { metadata: { name: string; resourceVersion: string } }[];
    };
    const again = await kprod([
      'user',
      'add',
      name,
      '--group',
      'team-a',
      '--out',
      out,
      '--ttl',
      '1h',
    ]);
    expect(again.code).toBe(0);
    const after = (await getJson([
      'role,rolebinding,resourcequota,limitrange',
      '-n',
      tenant,
    ])) as typeof before;
    expect(after.items.map((i) => [i.metadata.name, i.metadata.resourceVersion])).toEqual(
      before.items.map((i) => [i.metadata.name, i.metadata.resourceVersion]),
    );
  });

  it('should remove the tenant so the namespace controller deletes it and the user is Forbidden', async () => {
    const kubeconfigText = readFileSync(userConfig, 'utf8');
    const removed = await kprod(['user', 'remove', name, '--yes']);
    expect(removed.code).toBe(0);
    await eventually('the tenant namespace to be gone', 90, async () => {
      const got = await kubectl(['get', 'namespace', tenant]);
      return got.code === 1 && got.stderr.includes('NotFound') ? true : undefined;
    });
    const after = await kubectl(['get', 'pods', '-n', tenant], { kubeconfig: userConfig });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`User "${name}" cannot list resource "pods"`);
    expect(kubeconfigText).toContain(`namespace: ${tenant}`);
  });
});
