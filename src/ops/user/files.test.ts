import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestCa, openssl } from '../../../test/support/kube-double-openssl.js';
import {
  existingUserFiles,
  localCertificateExpiry,
  removeUserFiles,
  writeUserFiles,
} from './files.js';

describe('writeUserFiles', () => {
  it('should write 0600 files in a 0700 directory, tightening an existing one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kprod-files-'));
    await writeUserFiles(root, 'alice', { keyPem: 'k', certPem: 'c', kubeconfig: 'x' });
    chmodSync(join(root, 'alice'), 0o755);
    chmodSync(join(root, 'alice', 'alice.key'), 0o644);
    await writeUserFiles(root, 'alice', { keyPem: 'k2', certPem: 'c2', kubeconfig: 'x2' });
    expect(statSync(join(root, 'alice')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(root, 'alice')).sort()).toEqual([
      'alice.crt',
      'alice.key',
      'kubeconfig',
    ]);
    for (const f of ['alice.crt', 'alice.key', 'kubeconfig']) {
      expect(statSync(join(root, 'alice', f)).mode & 0o777).toBe(0o600);
    }
  });
});

describe('removeUserFiles', () => {
  it('should delete only the files kprod writes and keep a directory with other files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kprod-files-'));
    await writeUserFiles(root, 'alice', { keyPem: 'k', certPem: 'c', kubeconfig: 'x' });
    writeFileSync(join(root, 'alice', 'client-cert-alice.crt'), 'not ours');
    expect(await existingUserFiles(root, 'alice')).toHaveLength(3);
    expect(await removeUserFiles(root, 'alice')).toHaveLength(3);
    expect(readdirSync(join(root, 'alice'))).toEqual(['client-cert-alice.crt']);
    expect(await removeUserFiles(root, 'alice')).toEqual([]);
  });

  it('should remove the directory when it is then empty', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kprod-files-'));
    await writeUserFiles(root, 'bob', { keyPem: 'k', certPem: 'c', kubeconfig: 'x' });
    await removeUserFiles(root, 'bob');
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('localCertificateExpiry', () => {
  it('should read notAfter from the certificate file, and null without one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kprod-files-'));
    const ca = createTestCa('ec', 3);
    await writeUserFiles(root, 'alice', { keyPem: 'k', certPem: ca.certPem, kubeconfig: 'x' });
    const end = openssl(['x509', '-in', ca.certPath, '-noout', '-enddate'])
      .trim()
      .slice('notAfter='.length);
    expect((await localCertificateExpiry(root, 'alice'))?.toISOString()).toBe(
      new Date(end).toISOString(),
    );
    expect(await localCertificateExpiry(root, 'nobody')).toBeNull();
  });
});
