import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../support/kube-double.js';
import { csrSigner } from '../support/kube-double-csr.js';
import { type TestCa, createTestCa, openssl } from '../support/kube-double-openssl.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/**
 * Runs the built CLI as a separate process. Asynchronous on purpose: the Kubernetes test double
 * answers from this process's event loop, which a synchronous spawn would block.
 */
function kprod(
  args: readonly string[],
  cwd: string,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(input);
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
  });
}

describe('kprod user (built CLI against the Kubernetes test double)', { timeout: 120_000 }, () => {
  let ca: TestCa;
  let double: KubeDouble;
  let cwd: string;
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    double.react(csrSigner(ca, 'issue'));
    cwd = mkdtempSync(join(tmpdir(), 'kprod-user-e2e-'));
    writeFileSync(join(cwd, 'ca.crt'), ca.certPem);
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should list the four subcommands in help', async () => {
    const help = await kprod(['user', '--help'], cwd);
    expect(help.code).toBe(0);
    expect(
      help.stdout
        .split('\n')
        .filter((l) => /^ {2}\w/.test(l))
        .map((l) => l.trim().split(/\s+/)[0]),
    ).toEqual(['add', 'kubeconfig', 'remove', 'list']);
  });

  it('should add, list and remove a user, never printing the private key', async () => {
    const k = ['--kubeconfig', double.kubeconfigPath];
    const add = await kprod(
      ['user', 'add', 'alice', '--group', 'dev', '--ca', 'ca.crt', '--ttl', '24h', ...k],
      cwd,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).not.toContain('PRIVATE KEY');
    const crt = join(cwd, 'kprod-users', 'alice', 'alice.crt');
    expect(openssl(['verify', '-CAfile', ca.certPath, crt])).toBe(`${crt}: OK\n`);
    expect(statSync(join(cwd, 'kprod-users', 'alice', 'alice.key')).mode & 0o777).toBe(0o600);
    const csr = double.get(
      '/apis/certificates.k8s.io/v1/certificatesigningrequests/kprod-user-alice',
    );
    expect((csr?.['spec'] as { expirationSeconds: number }).expirationSeconds).toBe(86_400);

    const list = await kprod(['user', 'list', '-o', 'json', ...k], cwd);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as {
      name: string;
      namespace: string;
      certificateNotAfter: string;
    }[];
    expect(rows.map((r) => [r.name, r.namespace])).toEqual([['alice', 'ns-alice']]);
    expect(rows[0]!.certificateNotAfter).toBe(
      new Date(
        openssl(['x509', '-in', crt, '-noout', '-enddate']).trim().replace('notAfter=', ''),
      ).toISOString(),
    );

    const refused = await kprod(['user', 'remove', 'alice', ...k], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe(
      'kprod: USER_CONFIRMATION_REQUIRED: kprod user remove alice: refusing to delete without confirmation (stdin is not a terminal)',
    );

    const removed = await kprod(['user', 'remove', 'alice', '--yes', ...k], cwd);
    expect(removed.code).toBe(0);
    expect(double.get('/api/v1/namespaces/ns-alice')).toBeUndefined();
    expect(() => readFileSync(crt)).toThrow('ENOENT');
  });

  it('should print a --dry-run plan that kprod check finds valid against the Kubernetes schema', async () => {
    const plan = await kprod(['user', 'add', 'alice', '--dry-run', '--group', 'dev'], cwd);
    expect(plan.code).toBe(0);
    const check = await kprod(['check', '-', '--fail-on', 'warning'], cwd, plan.stdout);
    expect(check.stdout).toBe('No findings in 6 objects.\n');
    expect(check.code).toBe(0);
  });

  it('should exit 3 without a stack trace when the API server is unreachable', async () => {
    const kubeconfig = join(cwd, 'unreachable');
    writeFileSync(
      kubeconfig,
      readFileSync(double.kubeconfigPath, 'utf8').replace(double.url, 'http://127.0.0.1:9'),
    );
    const result = await kprod(['user', 'list', '--kubeconfig', kubeconfig], cwd);
    expect(result.code).toBe(3);
    expect(result.stderr.split('\n')[0]).toMatch(
      /^kprod: KUBE_UNREACHABLE: cannot reach the API server at http:\/\/127\.0\.0\.1:9: connect ECONNREFUSED 127\.0\.0\.1:9$/,
    );
    expect(result.stderr).not.toContain('    at ');
  });
});
