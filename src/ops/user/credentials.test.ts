import { X509Certificate, createPrivateKey } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { type TestCa, createTestCa } from '../../../test/support/kube-double-openssl.js';
import type { KprodError } from '../../errors.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import { type CredentialOptions, issueCredentials } from './credentials.js';

const OPTIONS: CredentialOptions = {
  name: 'alice',
  groups: ['dev'],
  keyType: 'ecdsa',
  rsaBits: 2048,
  ttlSeconds: 3600,
  timeoutMs: 2000,
  pollMs: 20,
};

describe('issueCredentials', () => {
  let ca: TestCa;
  let double: KubeDouble;
  let kube: KubeClient;
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should return a key and the locally signed certificate that carries it', async () => {
    const creds = await issueCredentials(null, { ...OPTIONS, keyType: 'rsa', ca });
    const cert = new X509Certificate(creds.certPem);
    expect(cert.checkPrivateKey(createPrivateKey(creds.keyPem))).toBe(true);
    expect(creds.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(creds.notAfter.toISOString()).toBe(new Date(cert.validTo).toISOString());
  });

  it('should refuse CA files that do not match with USER_CA_INVALID (exit 2)', async () => {
    const other = createTestCa('ec');
    const error = (await issueCredentials(null, {
      ...OPTIONS,
      ca: { certPem: ca.certPem, keyPem: other.keyPem },
    }).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('USER_CA_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'cannot sign with --ca-cert/--ca-key: the CA key does not belong to the CA certificate',
    );
  });

  it('should refuse a certificate the cluster issued for another key', async () => {
    // A broken signer: answers every read of the request with an unrelated certificate.
    double.override((req, parsed) => {
      if (req.method !== 'GET' || parsed?.plural !== 'certificatesigningrequests') return undefined;
      return {
        status: 200,
        body: {
          apiVersion: 'certificates.k8s.io/v1',
          kind: 'CertificateSigningRequest',
          metadata: { name: 'kprod-user-alice' },
          status: {
            conditions: [{ type: 'Approved', status: 'True' }],
            certificate: Buffer.from(ca.certPem).toString('base64'),
          },
        },
      };
    });
    const error = (await issueCredentials(kube, OPTIONS).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('KUBE_API_ERROR');
    expect(error.message).toBe('the issued certificate is for a different key than the request');
  });
});
