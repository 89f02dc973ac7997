/**
 * The small part of DER (ITU-T X.690) that PKCS#10 requests and X.509 certificates need: encoders
 * for the universal types used there and a reader that walks tag-length-value elements. Node's
 * crypto signs and exports keys but builds neither structure, so kprod encodes them here.
 */

/** Universal and context tags used by certificates and requests. */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: tag, DER length, content. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...items: Buffer[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

/** SET of already-encoded elements; DER sorts the encodings. */
export function set(...items: Buffer[]): Buffer {
  return tlv(TAG.set, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));
}

/** Non-negative INTEGER from a number or big-endian magnitude bytes. */
export function integer(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`bad integer ${value}`);
    const list: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) list.unshift(rest % 256);
    bytes = Buffer.from(list.length === 0 ? [0] : list);
  } else {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start += 1;
    bytes = value.subarray(start);
    if (bytes.length === 0) bytes = Buffer.from([0]);
  }
  // The top bit is the sign: a magnitude starting with it needs a leading zero byte.
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.integer, bytes);
}

/** OBJECT IDENTIFIER from dotted notation, e.g. `2.5.4.3`. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || arcs.some((a) => !Number.isSafeInteger(a))) {
    throw new RangeError(`bad object identifier ${dotted}`);
  }
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(v % 128);
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/** UTF8String. */
export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

/** BIT STRING with `unusedBits` zero bits at the end of the last byte. */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/** OCTET STRING. */
export function octetString(content: Buffer): Buffer {
  return tlv(TAG.octetString, content);
}

/** NULL. */
export function nullValue(): Buffer {
  return Buffer.from([TAG.null, 0]);
}

/** BOOLEAN (DER: true is 0xff). */
export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0]));
}

/** A constructed context-specific tag `[n]` around already-encoded content. */
export function context(n: number, content: Buffer): Buffer {
  return tlv(0xa0 | n, content);
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-26T10:20:30.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20261126102030
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError(`date out of range: ${iso}`);
  return year < 2050
    ? tlv(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(`${digits}Z`, 'ascii'));
}

/** One decoded element; `raw` is its whole encoding, `content` the bytes inside. */
export interface DerElement {
  readonly tag: number;
  readonly raw: Buffer;
  readonly content: Buffer;
}

/** Reads the element that starts at `offset`; throws on truncated or non-DER lengths. */
export function readElement(buf: Buffer, offset = 0): DerElement {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError('truncated DER element');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      const byte = buf[offset + 2 + i];
      if (byte === undefined) throw new RangeError('truncated DER length');
      length = length * 256 + byte;
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new RangeError('truncated DER content');
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

/** The elements directly inside a constructed element's content. */
export function readChildren(content: Buffer): DerElement[] {
  const out: DerElement[] = [];
  for (let offset = 0; offset < content.length;) {
    const element = readElement(content, offset);
    out.push(element);
    offset += element.raw.length;
  }
  return out;
}

/** Wraps DER in PEM armour with 64-character lines. */
export function toPem(label: string, der: Buffer): string {
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Extracts the DER of the first PEM block with `label`, or null when there is none. */
export function fromPem(label: string, pem: string): Buffer | null {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(pem);
  return match?.[1] === undefined ? null : Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
