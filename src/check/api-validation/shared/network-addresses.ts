/**
 * IP address and CIDR syntax as the API server parses them (Go's lenient parser first, then the
 * strict rules of Kubernetes 1.36's StrictIPCIDRValidation: no leading zeros, no IPv4-mapped
 * IPv6, no bits set past the prefix length).
 */
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid } from '../field-errors.js';
import { gateEnabled } from './feature-gates.js';

/** A parsed address: its bytes (4 or 16) and whether an IPv4 part had a leading zero. */
interface ParsedIp {
  readonly bytes: readonly number[];
  readonly leadingZero: boolean;
}

function parseIpv4(text: string): ParsedIp | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  let leadingZero = false;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    if (part.length > 1 && part.startsWith('0')) leadingZero = true;
    bytes.push(n);
  }
  return { bytes, leadingZero };
}

function parseHexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const group of text.split(':')) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
    const n = parseInt(group, 16);
    out.push(n >> 8, n & 0xff);
  }
  return out;
}

function parseIpv6(text: string): ParsedIp | undefined {
  let leadingZero = false;
  let body = text;
  let tail: number[] = [];
  // An IPv6 address may end in a dotted IPv4 address (`::ffff:1.2.3.4`).
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    leadingZero = v4.leadingZero;
    tail = [...v4.bytes];
    body = body.slice(0, lastColon + 1);
    // Keep a `::` before the IPv4 part, drop a single separating `:`.
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHexGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseHexGroups(halves[1] ?? '') : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1)
    return known === 16 ? { bytes: [...head, ...tail], leadingZero } : undefined;
  if (known > 14) return undefined;
  const zeros = new Array<number>(16 - known).fill(0);
  return { bytes: [...head, ...zeros, ...rest, ...tail], leadingZero };
}

/** Parses an IPv4 or IPv6 address as Go's lenient parser does; undefined when it is none. */
function parseIp(text: string): ParsedIp | undefined {
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

function isIpv4Mapped(bytes: readonly number[]): boolean {
  return (
    bytes.length === 16 &&
    bytes.slice(0, 10).every((b) => b === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff
  );
}

/** True when `text` is an IP address (lenient syntax). */
export function isIpAddress(text: string): boolean {
  return parseIp(text) !== undefined;
}

/** True when `text` is an IPv6 address. */
export function isIpv6Address(text: string): boolean {
  const ip = parseIp(text);
  return ip !== undefined && ip.bytes.length === 16 && !isIpv4Mapped(ip.bytes);
}

/**
 * Errors of an IP address in a field that predates strict validation (Service clusterIPs and
 * externalIPs): `strict` adds the 1.36 rules.
 */
export function validateLegacyIp(value: string, path: FieldPath, strict: boolean): FieldError[] {
  const ip = parseIp(value);
  if (ip === undefined) {
    return [invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  }
  if (!strict) return [];
  const errs: FieldError[] = [];
  if (ip.leadingZero) errs.push(invalid(path, value, 'must not have leading 0s'));
  if (isIpv4Mapped(ip.bytes)) {
    errs.push(invalid(path, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return errs;
}

/** A parsed CIDR: the address bytes and the prefix length. */
export interface ParsedCidr {
  readonly bytes: readonly number[];
  readonly bits: number;
}

function parseCidrParts(
  text: string,
): { cidr: ParsedCidr; leadingZero: boolean; mapped: boolean } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (ip === undefined || !/^[0-9]{1,3}$/.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (bits > ip.bytes.length * 8) return undefined;
  return {
    cidr: { bytes: ip.bytes, bits },
    leadingZero: ip.leadingZero || (prefix.length > 1 && prefix.startsWith('0')),
    mapped: isIpv4Mapped(ip.bytes),
  };
}

/** Parses a CIDR leniently; undefined when it is none. */
export function parseCidr(text: string): ParsedCidr | undefined {
  return parseCidrParts(text)?.cidr;
}

/** The address with every bit past the first `bits` cleared. */
function masked(bytes: readonly number[], bits: number): number[] {
  return bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
}

function hostBitsSet(cidr: ParsedCidr): boolean {
  return masked(cidr.bytes, cidr.bits).some((byte, i) => byte !== cidr.bytes[i]);
}

/** True when `inner` lies inside `outer` and is strictly smaller (NetworkPolicy `except`). */
export function isStrictSubnet(outer: ParsedCidr, inner: ParsedCidr): boolean {
  let innerBytes = masked(inner.bytes, inner.bits);
  // Go compares an IPv4-mapped address with an IPv4 network by its last four bytes.
  if (outer.bytes.length === 4 && isIpv4Mapped(innerBytes)) innerBytes = innerBytes.slice(12);
  if (innerBytes.length !== outer.bytes.length) return false;
  const outerNet = masked(outer.bytes, outer.bits);
  const contains = masked(innerBytes, outer.bits).every((byte, i) => byte === outerNet[i]);
  return contains && outer.bits < inner.bits;
}

/** Errors of a CIDR in a field that predates strict validation; `strict` adds the 1.36 rules. */
export function validateLegacyCidr(value: string, path: FieldPath, strict: boolean): FieldError[] {
  const parsed = parseCidrParts(value);
  if (parsed === undefined) {
    return [
      invalid(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'),
    ];
  }
  if (!strict) return [];
  if (parsed.leadingZero) {
    return [invalid(path, value, 'must not have leading 0s in IP or prefix length')];
  }
  if (parsed.mapped) return [invalid(path, value, 'must not have an IPv4-mapped IPv6 address')];
  if (hostBitsSet(parsed.cidr)) {
    return [invalid(path, value, 'must not have bits set beyond the prefix length')];
  }
  return [];
}

/** True when the strict IP/CIDR rules apply at `kubeVersion` (StrictIPCIDRValidation, 1.36 on). */
export function strictIpValidation(kubeVersion: string): boolean {
  return gateEnabled('StrictIPCIDRValidation', kubeVersion);
}
