import { type KeyObject, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  TAG,
  bitString,
  context,
  fromPem,
  integer,
  nullValue,
  oid,
  readChildren,
  readElement,
  sequence,
  set,
  toPem,
  utf8String,
} from './certificate-der.js';

/** The key types `kprod user` issues: ECDSA P-256 (default) or RSA of at least 2048 bits. */
export type ClientKeyType = 'ecdsa' | 'rsa';

/** Smallest RSA modulus accepted; 1024-bit keys are breakable and rejected by modern TLS. */
export const MIN_RSA_BITS = 2048;

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

/** Generates a client private key; RSA sizes below {@link MIN_RSA_BITS} throw a RangeError. */
export function generateClientKey(type: ClientKeyType, rsaBits = MIN_RSA_BITS): KeyObject {
  if (type === 'ecdsa') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (!Number.isInteger(rsaBits) || rsaBits < MIN_RSA_BITS) {
    throw new RangeError(`RSA keys need at least ${MIN_RSA_BITS} bits, got ${rsaBits}`);
  }
  return generateKeyPairSync('rsa', { modulusLength: rsaBits }).privateKey;
}

/** PKCS#8 PEM of a private key, as kubeconfigs and kubectl read it. */
export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * The AlgorithmIdentifier for a SHA-256 signature by `key`: ecdsa-with-SHA256 (no parameters) or
 * sha256WithRSAEncryption (NULL parameters), as RFC 5758 and RFC 4055 require.
 */
export function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return sequence(oid(OID.ecdsaWithSha256));
  if (key.asymmetricKeyType === 'rsa') return sequence(oid(OID.sha256WithRsa), nullValue());
  throw new RangeError(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

/**
 * An X.501 Name with one O per group and the CN last, the subject Kubernetes reads a client
 * certificate's user (CN) and groups (O) from.
 */
export function encodeSubject(commonName: string, organizations: readonly string[]): Buffer {
  const rdn = (type: string, value: string): Buffer => set(sequence(oid(type), utf8String(value)));
  return sequence(
    ...organizations.map((org) => rdn(OID.organization, org)),
    rdn(OID.commonName, commonName),
  );
}

/** What a certificate signing request asks for. */
export interface CsrSubject {
  readonly commonName: string;
  readonly organizations: readonly string[];
}

/** Builds a PKCS#10 request (RFC 2986) for `key`'s public key, signed by `key`, as PEM. */
export function buildCsr(key: KeyObject, subject: CsrSubject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const info = sequence(
    integer(0),
    encodeSubject(subject.commonName, subject.organizations),
    spki,
    context(0, Buffer.alloc(0)), // no attributes: the signer decides usages and extensions
  );
  const signature = sign('sha256', info, key);
  return toPem(
    'CERTIFICATE REQUEST',
    sequence(info, signatureAlgorithm(key), bitString(signature)),
  );
}

/** The parts of a PKCS#10 request a signer copies into the certificate. */
export interface ParsedCsr {
  /** DER of the subject Name, copied verbatim into the certificate. */
  readonly subject: Buffer;
  /** DER of the SubjectPublicKeyInfo. */
  readonly spki: Buffer;
  readonly publicKey: KeyObject;
  /** True when the request's signature verifies with its own public key. */
  readonly signatureValid: boolean;
}

/** Parses and checks a PEM request; throws a RangeError when it is not one. */
export function parseCsr(pem: string): ParsedCsr {
  const der = fromPem('CERTIFICATE REQUEST', pem);
  if (der === null) throw new RangeError('no CERTIFICATE REQUEST block in the PEM text');
  const outer = readElement(der);
  const [info, , signature] = readChildren(outer.content);
  if (info?.tag !== TAG.sequence || signature?.tag !== TAG.bitString) {
    throw new RangeError('not a PKCS#10 certificate request');
  }
  const [version, subject, spki] = readChildren(info.content);
  if (version?.tag !== TAG.integer || subject === undefined || spki === undefined) {
    throw new RangeError('not a PKCS#10 certificate request');
  }
  const publicKey = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  // The first content byte of a BIT STRING counts unused bits; signatures use whole bytes.
  const signatureValid = verify('sha256', info.raw, publicKey, signature.content.subarray(1));
  return { subject: subject.raw, spki: spki.raw, publicKey, signatureValid };
}
