import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the real openssl for tests: a throwaway cluster CA, and certificate and request checks
 * that do not trust kprod's own parsing.
 */

/** Runs openssl with `args` and returns stdout (stderr appended, since openssl splits them). */
export function openssl(args: readonly string[], input?: string): string {
  return execFileSync('openssl', args, {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 20_000,
  });
}

/** A test CA made by openssl: paths and PEM text. */
export interface TestCa {
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Creates a self-signed CA (`CN=kprod-test-ca`, valid `days`) of the given key type. */
export function createTestCa(keyType: 'ec' | 'rsa' = 'ec', days = 30): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-test-ca-'));
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  const newkey =
    keyType === 'ec'
      ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-newkey', 'rsa:2048'];
  openssl([
    'req',
    '-x509',
    ...newkey,
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    String(days),
    '-subj',
    '/CN=kprod-test-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    dir,
    certPath,
    keyPath,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
  };
}

/**
 * Signs a PEM request with the test CA through `openssl x509 -req`, as a cluster signer would for
 * client certificates, and returns the certificate PEM.
 */
export function signWithOpenssl(ca: TestCa, csrPem: string, days = 1): string {
  const work = mkdtempSync(join(tmpdir(), 'kprod-test-sign-'));
  const csrPath = join(work, 'req.csr');
  const extPath = join(work, 'ext.cnf');
  writeFileSync(csrPath, csrPem);
  writeFileSync(
    extPath,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  return openssl([
    'x509',
    '-req',
    '-in',
    csrPath,
    '-CA',
    ca.certPath,
    '-CAkey',
    ca.keyPath,
    '-CAcreateserial',
    '-days',
    String(days),
    '-extfile',
    extPath,
    '-sha256',
  ]);
}
