import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../support/kube-double.js';
import { csrSigner } from '../support/kube-double-csr.js';
import { type TestCa, createTestCa } from '../support/kube-double-openssl.js';
import { runKprod } from '../support/run-kprod.js';

/** Requests that change the cluster: none may happen before local inputs are validated. */
function writes(double: KubeDouble): string[] {
  return double.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

describe('kprod user against hostile local files and names', { timeout: 90_000 }, () => {
  let ca: TestCa;
  let double: KubeDouble;
  let cwd: string;
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    double.react(csrSigner(ca, 'issue'));
    cwd = mkdtempSync(join(tmpdir(), 'kprod-hostile-user-'));
    writeFileSync(join(cwd, 'ca.crt'), ca.certPem);
  });
  afterEach(async () => {
    await double.stop();
  });
  const user = (...argv: string[]) =>
    runKprod(['user', ...argv, '--kubeconfig', double.kubeconfigPath], { cwd });

  it('should never follow a symlink planted at the old temporary key name', async () => {
    const victim = join(cwd, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    mkdirSync(join(cwd, 'kprod-users', 'alice'), { recursive: true, mode: 0o700 });
    symlinkSync(victim, join(cwd, 'kprod-users', 'alice', 'alice.key.tmp'));
    const result = await user('add', 'alice', '--ca', 'ca.crt', '--timeout', '10s');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(victim).mode & 0o777).not.toBe(0o600);
    const key = lstatSync(join(cwd, 'kprod-users', 'alice', 'alice.key'));
    expect([key.isFile(), key.mode & 0o777]).toEqual([true, 0o600]);
    expect(readdirSync(join(cwd, 'kprod-users', 'alice')).sort()).toEqual([
      'alice.crt',
      'alice.key',
      'alice.key.tmp',
      'kubeconfig',
    ]);
  });

  it('should refuse a user directory that is a symlink, before any cluster write', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'kprod-elsewhere-'));
    mkdirSync(join(cwd, 'kprod-users'));
    symlinkSync(elsewhere, join(cwd, 'kprod-users', 'alice'));
    const result = await user('add', 'alice', '--ca', 'ca.crt');
    expect(result.stderr.split('\n')[0]).toBe(
      'kprod: USER_OUT_INVALID: kprod-users/alice is a symbolic link; kprod writes private keys only into a real directory of its own',
    );
    expect(result.code).toBe(2);
    expect(writes(double)).toEqual([]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('should refuse --out naming a file before any cluster write (exit 2, not 70)', async () => {
    writeFileSync(join(cwd, 'taken'), 'x');
    const result = await user('add', 'alice', '--ca', 'ca.crt', '--out', 'taken');
    expect(result.stderr.split('\n')[0]).toBe(
      'kprod: USER_OUT_INVALID: --out taken is not a directory',
    );
    expect(result.code).toBe(2);
    expect(writes(double)).toEqual([]);
  });

  it('should refuse a local CA that expires before the certificate, before any cluster write', async () => {
    const shortCa = createTestCa('ec', 1);
    writeFileSync(join(cwd, 'short.crt'), shortCa.certPem);
    writeFileSync(join(cwd, 'short.key'), shortCa.keyPem);
    const result = await user(
      'add',
      'alice',
      '--ca-cert',
      'short.crt',
      '--ca-key',
      'short.key',
      '--ttl',
      '7d',
    );
    expect(result.stderr.split('\n')[0]).toMatch(
      /^kprod: USER_CA_INVALID: cannot sign with --ca-cert\/--ca-key: the CA expires on \S+, before the requested end of validity$/,
    );
    expect(result.code).toBe(2);
    expect(writes(double)).toEqual([]);
  });

  it.each([
    ['a newline', 'dev\nO=system:masters', 'dev\\nO=system:masters'],
    ['an escape', 'dev\u001b]0;x\u0007', 'dev\\x1b]0;x\\x07'],
    ['a comma', 'dev,ops', 'dev,ops'],
    ['a system group', 'system:masters', 'system:masters'],
  ])('should refuse a --group with %s before any cluster write', async (_case, group, shown) => {
    const result = await user('add', 'alice', '--ca', 'ca.crt', '--group', group);
    expect(result.stderr.split('\n')[0]).toBe(
      `kprod: USER_NAME_INVALID: --group "${shown}" is not allowed`,
    );
    expect(result.code).toBe(2);
    expect(writes(double)).toEqual([]);
  });

  it('should escape control characters of a user name in its error', async () => {
    const result = await user('remove', 'x\u001b]0;pwned\u0007\r\nkprod: OK');
    expect(result.stderr.split('\n')[0]).toBe(
      'kprod: USER_NAME_INVALID: "x\\x1b]0;pwned\\x07\\r\\nkprod: OK" is not a valid user name',
    );
    expect(result.code).toBe(2);
  });
});
