import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import { writeUserFiles } from './files.js';
import { describeRemoval, executeRemoval, observeRemoval } from './remove.js';

const TENANT = { 'kprod.dev/tenant': 'alice' };

describe('describeRemoval', () => {
  it('should list every deletion and the bindings it keeps', () => {
    expect(
      describeRemoval({
        name: 'alice',
        namespace: 'ns-alice',
        roleBindings: ['kprod-developer'],
        clusterRoleBindings: ['alice-nodes'],
        foreignClusterRoleBindings: ['legacy'],
        csr: 'kprod-user-alice',
        files: ['/u/alice/alice.key'],
      }),
    ).toEqual([
      'kprod user remove alice will delete:',
      '  rolebinding.rbac.authorization.k8s.io/kprod-developer -n ns-alice',
      '  clusterrolebinding.rbac.authorization.k8s.io/alice-nodes',
      '  certificatesigningrequest/kprod-user-alice',
      '  namespace/ns-alice and everything in it',
      '  file /u/alice/alice.key',
      '  (kept: clusterrolebinding/legacy names user alice but was not made by kprod; review it)',
    ]);
  });
});

describe('observeRemoval and executeRemoval', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  let outRoot: string;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    outRoot = mkdtempSync(join(tmpdir(), 'kprod-remove-'));
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should delete labelled cluster bindings and tolerate objects already gone', async () => {
    double.put('/api/v1/namespaces/ns-alice', { metadata: { labels: TENANT } });
    double.put(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/ns-alice/rolebindings/kprod-developer',
      {},
    );
    double.put('/apis/rbac.authorization.k8s.io/v1/namespaces/ns-alice/rolebindings/other', {});
    double.put('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/alice-nodes', {
      metadata: { labels: TENANT },
    });
    await writeUserFiles(outRoot, 'alice', { keyPem: 'k', certPem: 'c', kubeconfig: 'x' });
    const plan = await observeRemoval(kube, 'alice', 'ns-', outRoot);
    expect(plan).toEqual({
      name: 'alice',
      namespace: 'ns-alice',
      roleBindings: ['kprod-developer'],
      clusterRoleBindings: ['alice-nodes'],
      foreignClusterRoleBindings: [],
      csr: null,
      files: [
        join(outRoot, 'alice', 'alice.key'),
        join(outRoot, 'alice', 'alice.crt'),
        join(outRoot, 'alice', 'kubeconfig'),
      ],
    });
    // Someone deletes the RoleBinding between the listing and the deletion: a 404 is fine.
    double.remove(
      '/apis/rbac.authorization.k8s.io/v1/namespaces/ns-alice/rolebindings/kprod-developer',
    );
    const lines: string[] = [];
    await executeRemoval(kube, plan, outRoot, (l) => lines.push(l));
    expect(lines).toEqual([
      'clusterrolebinding.rbac.authorization.k8s.io/alice-nodes deleted',
      'namespace/ns-alice deleted',
      `removed ${join(outRoot, 'alice', 'alice.key')}`,
      `removed ${join(outRoot, 'alice', 'alice.crt')}`,
      `removed ${join(outRoot, 'alice', 'kubeconfig')}`,
    ]);
  });
});
