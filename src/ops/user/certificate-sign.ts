import { type KeyObject, X509Certificate, createPrivateKey, randomBytes, sign } from 'node:crypto';
import {
  TAG,
  bitString,
  boolean,
  context,
  fromPem,
  integer,
  octetString,
  oid,
  readChildren,
  readElement,
  sequence,
  time,
  toPem,
} from './certificate-der.js';
import { parseCsr, signatureAlgorithm } from './certificate-request.js';

/** A cluster CA as files give it: the certificate and its private key, both PEM. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What to sign and for how long. */
export interface SignRequest {
  readonly csrPem: string;
  readonly ttlSeconds: number;
  readonly now: Date;
  /** Positive serial number bytes; random 16 bytes when absent (RFC 5280 allows up to 20). */
  readonly serial?: Buffer;
}

/** Why a CA cannot sign; the caller turns it into a user error. */
export class CertificateAuthorityError extends Error {
  override readonly name = 'CertificateAuthorityError';
}

/** Certificates start this much in the past so a server whose clock is behind accepts them. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const EXT = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** Loads and cross-checks a CA: the key must belong to the certificate, which must be a CA. */
export function loadCertificateAuthority(ca: CertificateAuthority): {
  cert: X509Certificate;
  key: KeyObject;
  subject: Buffer;
} {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(ca.certPem);
  } catch (error) {
    throw new CertificateAuthorityError(`not a PEM certificate: ${(error as Error).message}`);
  }
  try {
    key = createPrivateKey(ca.keyPem);
  } catch (error) {
    throw new CertificateAuthorityError(`not a PEM private key: ${(error as Error).message}`);
  }
  if (!cert.ca) throw new CertificateAuthorityError(`${cert.subject} is not a CA certificate`);
  if (!cert.checkPrivateKey(key)) {
    throw new CertificateAuthorityError('the CA key does not belong to the CA certificate');
  }
  const der = fromPem('CERTIFICATE', ca.certPem) ?? Buffer.alloc(0);
  const [tbs] = readChildren(readElement(der).content);
  const fields = readChildren(tbs?.content ?? Buffer.alloc(0));
  // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, ...
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4];
  if (subject?.tag !== TAG.sequence) {
    throw new CertificateAuthorityError('cannot read the CA certificate subject');
  }
  return { cert, key, subject: subject.raw };
}

/**
 * Signs a client certificate for a PKCS#10 request with a local CA, as a cluster CA would for
 * `kubernetes.io/kube-apiserver-client`: subject and public key from the request, usages
 * digital signature (plus key encipherment for RSA) and client auth only, not a CA.
 * Throws {@link CertificateAuthorityError} when the CA or the request is unusable.
 */
export function signClientCertificate(ca: CertificateAuthority, request: SignRequest): string {
  const authority = loadCertificateAuthority(ca);
  let csr;
  try {
    csr = parseCsr(request.csrPem);
  } catch (error) {
    throw new CertificateAuthorityError(`bad certificate request: ${(error as Error).message}`);
  }
  if (!csr.signatureValid) {
    throw new CertificateAuthorityError('the certificate request signature does not verify');
  }
  const notBefore = new Date(request.now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(request.now.getTime() + request.ttlSeconds * 1000);
  const caNotAfter = new Date(authority.cert.validTo);
  if (notAfter > caNotAfter) {
    throw new CertificateAuthorityError(
      `the CA expires on ${caNotAfter.toISOString()}, before the requested end of validity`,
    );
  }
  const serial = request.serial ?? randomBytes(16);
  // A zero top bit keeps the serial positive without growing past 16 bytes.
  const positive = Buffer.from(serial);
  positive[0] = (positive[0] ?? 0) & 0x7f || 0x01;
  const rsa = csr.publicKey.asymmetricKeyType === 'rsa';
  // keyUsage bits: digitalSignature is bit 0, keyEncipherment bit 2 (RFC 5280 4.2.1.3).
  const keyUsage = rsa ? bitString(Buffer.from([0xa0]), 5) : bitString(Buffer.from([0x80]), 7);
  const algorithm = signatureAlgorithm(authority.key);
  const tbs = sequence(
    context(0, integer(2)), // v3
    integer(positive),
    algorithm,
    authority.subject,
    sequence(time(notBefore), time(notAfter)),
    csr.subject,
    csr.spki,
    context(
      3,
      sequence(
        extension(EXT.basicConstraints, true, sequence()),
        extension(EXT.keyUsage, true, keyUsage),
        extension(EXT.extKeyUsage, false, sequence(oid(EXT.clientAuth))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, authority.key);
  return toPem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)));
}
