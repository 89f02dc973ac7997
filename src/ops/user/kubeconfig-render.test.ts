import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeconfigContextName, renderKubeconfig } from './kubeconfig-render.js';

const SPEC = {
  clusterName: 'work',
  server: 'https://10.0.0.1:6443',
  caPem: 'CA\n',
  userName: 'alice',
  certPem: 'CERT\n',
  keyPem: 'KEY\n',
  namespace: 'ns-alice',
};

function kubectl(args: readonly string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8', timeout: 20_000 });
}

describe('kubeconfigContextName', () => {
  it('should join user and cluster with @', () => {
    expect(kubeconfigContextName('alice', 'work')).toBe('alice@work');
  });
});

describe('renderKubeconfig', () => {
  it('should embed CA, certificate and key and make NAME@CLUSTER current', () => {
    expect(renderKubeconfig(SPEC)).toBe(
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: work',
        '    cluster:',
        '      server: https://10.0.0.1:6443',
        '      certificate-authority-data: Q0EK',
        'users:',
        '  - name: alice',
        '    user:',
        '      client-certificate-data: Q0VSVAo=',
        '      client-key-data: S0VZCg==',
        'contexts:',
        '  - name: alice@work',
        '    context:',
        '      cluster: work',
        '      user: alice',
        '      namespace: ns-alice',
        'current-context: alice@work',
        'preferences: {}',
        '',
      ].join('\n'),
    );
  });

  it('should be read by the real kubectl with the namespace as the context default', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kprod-kubeconfig-')), 'config');
    writeFileSync(path, renderKubeconfig(SPEC), { mode: 0o600 });
    expect(kubectl(['config', 'get-contexts', '--kubeconfig', path])).toBe(
      [
        'CURRENT   NAME         CLUSTER   AUTHINFO   NAMESPACE',
        '*         alice@work   work      alice      ns-alice',
        '',
      ].join('\n'),
    );
    const view = kubectl([
      'config',
      'view',
      '--kubeconfig',
      path,
      '--minify',
      '--raw',
      '-o',
      'jsonpath={.clusters[0].cluster.server} {.users[0].user.client-key-data} {.contexts[0].context.namespace}',
    ]);
    expect(view).toBe('https://10.0.0.1:6443 S0VZCg== ns-alice');
  });
});
