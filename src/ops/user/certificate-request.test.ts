import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openssl } from '../../../test/support/kube-double-openssl.js';
import { buildCsr, generateClientKey, parseCsr, privateKeyPem } from './certificate-request.js';

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kprod-csr-')), name);
  writeFileSync(path, text);
  return path;
}

describe('generateClientKey', () => {
  it('should make ECDSA P-256 keys by default', () => {
    const key = generateClientKey('ecdsa');
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('should make RSA keys of the requested size and refuse fewer than 2048 bits', () => {
    expect(generateClientKey('rsa', 3072).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(() => generateClientKey('rsa', 1024)).toThrow(
      'RSA keys need at least 2048 bits, got 1024',
    );
  });
});

describe('buildCsr', () => {
  it.each(['ecdsa', 'rsa'] as const)(
    'should build a %s request that openssl verifies, with CN and one O per group',
    (type) => {
      const key = generateClientKey(type);
      const pem = buildCsr(key, { commonName: 'alice', organizations: ['dev', 'qa'] });
      const path = writeTemp('alice.csr', pem);
      const out = openssl([
        'req',
        '-in',
        path,
        '-noout',
        '-verify',
        '-subject',
        '-nameopt',
        'RFC2253',
      ]);
      expect(out).toBe('subject=CN=alice,O=qa,O=dev\n');
      // openssl prints the verification verdict on stderr; a bad signature makes it exit non-zero.
      const keyPath = writeTemp('alice.key', privateKeyPem(key));
      const fromKey = openssl(['pkey', '-in', keyPath, '-pubout']);
      const fromCsr = openssl(['req', '-in', path, '-noout', '-pubkey']);
      expect(fromCsr).toBe(fromKey);
    },
  );

  it('should be read back by parseCsr with a valid signature', () => {
    const key = generateClientKey('ecdsa');
    const parsed = parseCsr(buildCsr(key, { commonName: 'bob', organizations: [] }));
    expect(parsed.signatureValid).toBe(true);
    expect(parsed.publicKey.asymmetricKeyType).toBe('ec');
  });
});

describe('parseCsr', () => {
  it('should notice a request whose signature does not match its content', () => {
    const pem = buildCsr(generateClientKey('ecdsa'), { commonName: 'bob', organizations: [] });
    const der = Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64');
    // Flip one byte of the CN inside the signed part.
    const at = der.indexOf(Buffer.from('bob'));
    der[at] = 0x63; // 'c'
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(parseCsr(tampered).signatureValid).toBe(false);
  });

  it('should reject text without a request', () => {
    expect(() => parseCsr('hello')).toThrow('no CERTIFICATE REQUEST block in the PEM text');
  });
});
