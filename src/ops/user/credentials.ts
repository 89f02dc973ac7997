import { X509Certificate, createPublicKey } from 'node:crypto';
import { KprodError } from '../../errors.js';
import type { KubeClient } from '../kube-api.js';
import {
  type ClientKeyType,
  buildCsr,
  generateClientKey,
  privateKeyPem,
} from './certificate-request.js';
import {
  type CertificateAuthority,
  CertificateAuthorityError,
  loadCertificateAuthority,
  signClientCertificate,
} from './certificate-sign.js';
import { requestCertificate } from './csr.js';

/** How to make a user's client credentials. */
export interface CredentialOptions {
  readonly name: string;
  readonly groups: readonly string[];
  readonly keyType: ClientKeyType;
  readonly rsaBits: number;
  readonly ttlSeconds: number;
  /** Sign locally with these CA files instead of the CertificateSigningRequest API. */
  readonly ca?: CertificateAuthority | undefined;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: (line: string) => void;
}

/** A private key and the certificate issued for it, both PEM. */
export interface Credentials {
  readonly keyPem: string;
  readonly certPem: string;
  readonly notAfter: Date;
}

/**
 * Checks local CA files before anything is written: loadable, a CA, the key its own, and valid
 * beyond the certificate's end. Raises USER_CA_INVALID with the signing step's wording.
 */
export function checkLocalCa(ca: CertificateAuthority, ttlSeconds: number, now: Date): void {
  try {
    const { cert } = loadCertificateAuthority(ca);
    const caNotAfter = new Date(cert.validTo);
    if (now.getTime() + ttlSeconds * 1000 > caNotAfter.getTime()) {
      throw new CertificateAuthorityError(
        `the CA expires on ${caNotAfter.toISOString()}, before the requested end of validity`,
      );
    }
  } catch (error) {
    if (!(error instanceof CertificateAuthorityError)) throw error;
    throw new KprodError(
      'USER_CA_INVALID',
      `cannot sign with --ca-cert/--ca-key: ${error.message}`,
    );
  }
}

/**
 * Generates a new key and a CSR (CN=name, O=each group), has it signed (locally with the CA
 * files, or through the cluster) and checks that the certificate carries that key.
 */
export async function issueCredentials(
  kube: KubeClient | null,
  options: CredentialOptions,
): Promise<Credentials> {
  const key = generateClientKey(options.keyType, options.rsaBits);
  const csrPem = buildCsr(key, { commonName: options.name, organizations: options.groups });
  let certPem: string;
  if (options.ca !== undefined) {
    try {
      certPem = signClientCertificate(options.ca, {
        csrPem,
        ttlSeconds: options.ttlSeconds,
        now: new Date(),
      });
    } catch (error) {
      if (!(error instanceof CertificateAuthorityError)) throw error;
      throw new KprodError(
        'USER_CA_INVALID',
        `cannot sign with --ca-cert/--ca-key: ${error.message}`,
      );
    }
    options.onProgress?.(`certificate signed locally by the CA of --ca-cert`);
  } else {
    if (kube === null) throw new Error('issueCredentials needs a cluster or CA files');
    certPem = await requestCertificate(kube, {
      name: options.name,
      csrPem,
      ttlSeconds: options.ttlSeconds,
      timeoutMs: options.timeoutMs,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      signal: options.signal,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (error) {
    throw new KprodError(
      'KUBE_API_ERROR',
      `the issued certificate cannot be read: ${(error as Error).message}`,
    );
  }
  const ours = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const theirs = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!ours.equals(theirs)) {
    throw new KprodError(
      'KUBE_API_ERROR',
      'the issued certificate is for a different key than the request',
    );
  }
  return { keyPem: privateKeyPem(key), certPem, notAfter: new Date(cert.validTo) };
}
