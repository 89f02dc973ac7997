import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestCa, createTestCa, openssl } from '../../../test/support/kube-double-openssl.js';
import { buildCsr, generateClientKey } from './certificate-request.js';
import { CertificateAuthorityError, signClientCertificate } from './certificate-sign.js';

const NOW = new Date('2026-11-26T10:00:00Z');

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kprod-sign-')), name);
  writeFileSync(path, text);
  return path;
}

describe('signClientCertificate', () => {
  let ecCa: TestCa;
  let rsaCa: TestCa;
  beforeAll(() => {
    ecCa = createTestCa('ec', 3650);
    rsaCa = createTestCa('rsa', 3650);
  });

  it.each([
    ['ecdsa', 'ec'],
    ['ecdsa', 'rsa'],
    ['rsa', 'ec'],
    ['rsa', 'rsa'],
  ] as const)(
    'should sign a %s client key with a %s CA into a client-auth certificate openssl verifies',
    (keyType, caType) => {
      const ca = caType === 'ec' ? ecCa : rsaCa;
      const csrPem = buildCsr(generateClientKey(keyType), {
        commonName: 'alice',
        organizations: ['dev'],
      });
      const certPem = signClientCertificate(ca, {
        csrPem,
        ttlSeconds: 3600,
        now: new Date(),
      });
      const path = writeTemp('alice.crt', certPem);
      expect(openssl(['verify', '-CAfile', ca.certPath, '-purpose', 'sslclient', path])).toBe(
        `${path}: OK\n`,
      );
      expect(openssl(['x509', '-in', path, '-noout', '-subject', '-nameopt', 'RFC2253'])).toBe(
        'subject=CN=alice,O=dev\n',
      );
      const usage = keyType === 'rsa' ? 'Digital Signature, Key Encipherment' : 'Digital Signature';
      expect(
        openssl([
          'x509',
          '-in',
          path,
          '-noout',
          '-ext',
          'basicConstraints,keyUsage,extendedKeyUsage',
        ]),
      ).toBe(
        [
          'X509v3 Basic Constraints: critical',
          '    CA:FALSE',
          'X509v3 Key Usage: critical',
          `    ${usage}`,
          'X509v3 Extended Key Usage: ',
          '    TLS Web Client Authentication',
          '',
        ].join('\n'),
      );
    },
  );

  it('should start five minutes early and end after the TTL, with the CA as issuer', () => {
    const csrPem = buildCsr(generateClientKey('ecdsa'), { commonName: 'bob', organizations: [] });
    const cert = new X509Certificate(
      signClientCertificate(ecCa, {
        csrPem,
        ttlSeconds: 7 * 24 * 3600,
        now: NOW,
        serial: Buffer.from([0x81, 0x02]),
      }),
    );
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-11-26T09:55:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(cert.issuer).toBe('CN=kprod-test-ca');
    expect(cert.serialNumber).toBe('0102');
    expect(cert.ca).toBe(false);
  });

  it('should refuse a key that does not belong to the CA certificate', () => {
    const csrPem = buildCsr(generateClientKey('ecdsa'), { commonName: 'bob', organizations: [] });
    const mixed = { certPem: ecCa.certPem, keyPem: rsaCa.keyPem };
    expect(() => signClientCertificate(mixed, { csrPem, ttlSeconds: 600, now: NOW })).toThrow(
      new CertificateAuthorityError('the CA key does not belong to the CA certificate'),
    );
  });

  it('should refuse a validity that outlives the CA', () => {
    const shortCa = createTestCa('ec', 1);
    const csrPem = buildCsr(generateClientKey('ecdsa'), { commonName: 'bob', organizations: [] });
    expect(() =>
      signClientCertificate(shortCa, { csrPem, ttlSeconds: 7 * 24 * 3600, now: new Date() }),
    ).toThrow(/^the CA expires on .*, before the requested end of validity$/);
  });

  it('should refuse a client certificate as CA', () => {
    const csrPem = buildCsr(generateClientKey('ecdsa'), { commonName: 'x', organizations: [] });
    const leafKey = generateClientKey('ecdsa');
    const leaf = signClientCertificate(ecCa, {
      csrPem: buildCsr(leafKey, { commonName: 'leaf', organizations: [] }),
      ttlSeconds: 600,
      now: new Date(),
    });
    const keyPem = leafKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() =>
      signClientCertificate({ certPem: leaf, keyPem }, { csrPem, ttlSeconds: 600, now: NOW }),
    ).toThrow('CN=leaf is not a CA certificate');
  });
});
