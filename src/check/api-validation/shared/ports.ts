/**
 * Port numbers, port names and protocols as the API server checks them: container ports, Service
 * ports and target ports, probe ports, NetworkPolicy ports and Ingress backends all share these.
 */
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported, required } from '../field-errors.js';

/** The protocols a container port, a Service port or a NetworkPolicy port may name. */
export const PORT_PROTOCOLS: readonly string[] = ['SCTP', 'TCP', 'UDP'];

/** `must be between LO and HI, inclusive`, the API server's range message. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Problems of a port number (1–65535). */
export function portNumberProblems(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)];
}

const PORT_NAME_CHARSET = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;

/**
 * A valid port name in one test, the common case: at most 15 characters, lower case letters and
 * digits in runs joined by single hyphens, at least one letter.
 */
const VALID_PORT_NAME = /^(?=.{1,15}$)(?=[-0-9]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Problems of a port name: an IANA service name (RFC 6335) of at most 15 characters, lower case
 * letters, digits and single inner hyphens, with at least one letter.
 */
export function portNameProblems(name: string): string[] {
  if (VALID_PORT_NAME.test(name)) return [];
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!PORT_NAME_CHARSET.test(name)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!HAS_LETTER.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Errors of a port number at `path`. */
export function validatePortNumber(port: number, path: FieldPath): FieldError[] {
  return portNumberProblems(port).map((msg) => invalid(path, port, msg));
}

/** Errors of a port name at `path`. */
export function validatePortName(name: string, path: FieldPath): FieldError[] {
  return portNameProblems(name).map((msg) => invalid(path, name, msg));
}

/**
 * Errors of an int-or-string port (a target port, a probe's port): a number in range or a valid
 * port name. Values of other JSON types are the schema's concern and give none here.
 */
export function validatePortNumOrName(value: unknown, path: FieldPath): FieldError[] {
  if (typeof value === 'number') return validatePortNumber(value, path);
  if (typeof value === 'string') return validatePortName(value, path);
  return [];
}

/**
 * Errors of a protocol that the API server has already defaulted (absent means TCP): the empty
 * string is a required value, anything else must be one of PORT_PROTOCOLS.
 */
export function validateProtocol(protocol: unknown, path: FieldPath): FieldError[] {
  if (protocol === undefined) return [];
  if (protocol === '') return [required(path)];
  if (typeof protocol !== 'string' || PORT_PROTOCOLS.includes(protocol)) return [];
  return [notSupported(path, protocol, PORT_PROTOCOLS)];
}
