/**
 * Name syntaxes the networking rules use beyond the shared name rules: DNS-1035 labels (Service
 * names before 1.36), wildcard DNS subdomains (Ingress hosts) and path segment names.
 */
import { maxLenError, regexError } from './name-rules.js';

const DNS1035_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035 = new RegExp(`^${DNS1035_FMT}$`);
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/** Problems of a DNS-1035 label (`my-name`, starting with a letter). */
export function dns1035LabelProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1035.test(value)) errs.push(regexError(DNS1035_MSG, DNS1035_FMT, 'my-name', 'abc-123'));
  return errs;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const WILDCARD_FMT = `\\*\\.${LABEL}(\\.${LABEL})*`;
const WILDCARD = new RegExp(`^${WILDCARD_FMT}$`);
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** Problems of a wildcard DNS subdomain (`*.example.com`). */
export function wildcardDns1123SubdomainProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!WILDCARD.test(value)) errs.push(regexError(WILDCARD_MSG, WILDCARD_FMT, '*.example.com'));
  return errs;
}

/** Problems of a name used as a URL path segment: not `.` or `..`, no `/` or `%`. */
export function pathSegmentNameProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}
