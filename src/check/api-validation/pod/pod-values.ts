/**
 * The small value rules pod validation uses over and over (apimachinery's util/validation):
 * port numbers and names, environment variable names, user and group ids, IP addresses, and the
 * API server's stock messages.
 */
import { isIP } from 'node:net';
import { gateEnabled } from '../shared/feature-gates.js';

/** `ValidateNonnegativeField`'s message. */
export const NEGATIVE = 'must be greater than or equal to 0';
/** `ValidatePositiveField`'s message. */
export const NOT_POSITIVE = 'must be greater than zero';

/** `must be between lo and hi, inclusive`. */
export function inclusiveRange(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** Problems of a port number (1–65535). */
export function portNumberProblems(port: number): string[] {
  return port >= 1 && port <= 65535 && Number.isInteger(port) ? [] : [inclusiveRange(1, 65535)];
}

/**
 * A valid port name in one test, the common case: at most 15 characters, lower case letters and
 * digits in runs joined by single hyphens, at least one letter.
 */
const VALID_PORT_NAME = /^(?=.{1,15}$)(?=[-0-9]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Problems of a port name (IANA service name: 15 characters, letters, digits and hyphens). */
export function portNameProblems(name: string): string[] {
  if (VALID_PORT_NAME.test(name)) return [];
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) {
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/**
 * Problems of an environment variable name. Where RelaxedEnvironmentVariableValidation is on
 * (from 1.32) any printable ASCII but `=` is allowed; before, a C-like identifier with `-`, `.`.
 */
export function envVarNameProblems(name: string, kubeVersion: string): string[] {
  if (gateEnabled('RelaxedEnvironmentVariableValidation', kubeVersion)) {
    if (name === '') return ['environment variable name must be non-empty'];
    return /^[ -<>-~]+$/.test(name)
      ? []
      : [
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ];
  }
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
    errs.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  }
  if (name === '.') errs.push("must not be '.'");
  else if (name === '..') errs.push("must not be '..'");
  else if (name.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Problems of a user id (0–2147483647). */
export function idProblems(id: number): string[] {
  return id >= 0 && id <= 2147483647 ? [] : [inclusiveRange(0, 2147483647)];
}

/** Problems of an IP address where the API server accepts legacy forms (leading zeros). */
export function legacyIpProblems(value: string): string[] {
  const ok = isIP(value) !== 0 || isIP(value.replace(/(^|\.)0+(\d)/g, '$1$2')) === 4;
  return ok ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}
