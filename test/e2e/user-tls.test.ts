import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../support/kube-double.js';
import { csrSigner } from '../support/kube-double-csr.js';
import { type TestCa, createTestCa } from '../support/kube-double-openssl.js';
import { type ClientCertEndpoint, startClientCertEndpoint } from '../support/kube-double-tls.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** Runs a program without blocking this process's event loop (the servers live here). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
  });
}

describe('kprod user kubeconfig logs in with kubectl over mutual TLS', { timeout: 120_000 }, () => {
  let ca: TestCa;
  let double: KubeDouble;
  let endpoint: ClientCertEndpoint;
  let cwd: string;
  beforeAll(async () => {
    ca = createTestCa('ec');
    double = await startKubeDouble();
    double.react(csrSigner(ca, 'issue'));
    endpoint = await startClientCertEndpoint(ca);
    cwd = mkdtempSync(join(tmpdir(), 'kprod-user-tls-'));
    writeFileSync(join(cwd, 'ca.crt'), ca.certPem);
    writeFileSync(join(cwd, 'ca.key'), ca.keyPem);
  });
  afterAll(async () => {
    await endpoint.stop();
    await double.stop();
  });

  it.each([
    ['alice', ['--group', 'dev', '--group', 'qa'], { user: 'alice', groups: ['dev', 'qa'] }],
    [
      'bob',
      ['--ca-cert', 'ca.crt', '--ca-key', 'ca.key', '--key-type', 'rsa'],
      { user: 'bob', groups: [] },
    ],
  ])('should authenticate %s with the certificate it issued', async (name, extra, identity) => {
    const add = await run(
      process.execPath,
      [CLI, 'user', 'add', name, '--kubeconfig', double.kubeconfigPath].concat([
        '--server',
        endpoint.url,
        '--ca',
        'ca.crt',
        ...extra,
      ]),
      cwd,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const kubeconfig = join(cwd, 'kprod-users', name, 'kubeconfig');
    const whoami = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, 'get', '--raw', '/whoami'],
      cwd,
    );
    expect(whoami.stderr).toBe('');
    expect(JSON.parse(whoami.stdout)).toEqual(identity);
  });
});
