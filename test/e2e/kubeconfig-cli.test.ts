import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKprod } from '../support/run-kprod.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: dev
clusters:
  - name: dev
    cluster: { server: 'https://127.0.0.1:1' }
users:
  - name: dev
    user: { token: abc }
contexts:
  - name: dev
    context: { cluster: dev, user: dev }
  - name: prod
    context: { cluster: dev, user: dev }
`;

const ADVICE =
  '  hint: Save the kubeconfig of your cluster as ~/.kube/config (your cluster admin or your ' +
  'cloud\'s "get-credentials" command gives one), or point KUBECONFIG or --kubeconfig FILE at it.\n';

describe('kprod without a usable kubeconfig', () => {
  const home = mkdtempSync(join(tmpdir(), 'kprod-home-'));

  it('should say where it looked when there is no kubeconfig at all', async () => {
    for (const argv of [
      ['rollout', 'status', 'deploy/web'],
      ['user', 'list'],
    ]) {
      const run = await runKprod(argv, { env: { HOME: home } });
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          `kprod: KUBE_CONFIG_NOT_FOUND: no kubeconfig found: KUBECONFIG is not set and ${home}/.kube/config does not exist\n` +
          ADVICE,
      });
    }
  });

  it('should name the KUBECONFIG files that do not exist', async () => {
    const run = await runKprod(['rollout', 'status', 'deploy/web'], {
      env: { HOME: home, KUBECONFIG: `${home}/a:${home}/b` },
    });
    expect(run.stderr).toBe(
      `kprod: KUBE_CONFIG_NOT_FOUND: no kubeconfig found: KUBECONFIG=${home}/a:${home}/b names no existing file\n` +
        ADVICE,
    );
    expect(run.code).toBe(2);
  });

  it('should refuse a --kubeconfig that does not exist', async () => {
    const run = await runKprod(
      ['rollout', 'status', 'deploy/web', '--kubeconfig', `${home}/missing`],
      { env: { HOME: home } },
    );
    expect(run.stderr).toBe(
      `kprod: KUBE_CONFIG_NOT_FOUND: kubeconfig ${home}/missing (--kubeconfig) does not exist\n` +
        '  hint: Give --kubeconfig the path of an existing kubeconfig file.\n',
    );
  });

  it('should name the file of a YAML error found through KUBECONFIG', async () => {
    const file = join(home, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nclusters: [\n');
    const run = await runKprod(['rollout', 'status', 'deploy/web'], {
      env: { HOME: home, KUBECONFIG: file },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(
      new RegExp(`^kprod: KUBE_CONFIG_INVALID: cannot load kubeconfig ${file}: `),
    );
    expect(run.stderr).toContain(
      `  hint: Fix ${file} (\`kubectl config view --kubeconfig ${file}\` shows what kubectl reads).\n`,
    );
  });

  it('should list the contexts that exist for an unknown --context', async () => {
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), KUBECONFIG);
    const run = await runKprod(['rollout', 'status', 'deploy/web', '--context', 'nope'], {
      env: { HOME: home },
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `kprod: KUBE_CONFIG_INVALID: context "nope" does not exist in kubeconfig ${home}/.kube/config (contexts: dev, prod)\n` +
        '  hint: Choose one with --context dev.\n',
    });
  });
});
