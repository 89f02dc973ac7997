/**
 * The API server's syntax rules for object names and labels (apimachinery validation), which
 * the OpenAPI schemas do not express. Each function returns what is wrong, or undefined.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'is longer than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'is not a DNS-1123 subdomain (lower case letters, digits, "-" and ".", starting and ending with a letter or digit)';
  }
  return undefined;
}

/** What is wrong with `name` as the metadata.name of an object of `kind`, if anything. */
export function nameProblem(kind: string, name: string): string | undefined {
  if (name === '') return 'is empty';
  if (RBAC_KINDS.has(kind)) {
    if (name === '.' || name === '..') return 'may not be "." or ".."';
    if (/[/%]/.test(name)) return 'may not contain "/" or "%"';
    return undefined;
  }
  if (kind === 'Namespace') {
    if (name.length > 63) return 'is longer than 63 characters';
    if (!DNS1123_LABEL.test(name)) {
      return 'is not a DNS-1123 label (lower case letters, digits and "-", starting and ending with a letter or digit)';
    }
    return undefined;
  }
  if (kind === 'Service') {
    if (name.length > 63) return 'is longer than 63 characters';
    if (!RFC1035_LABEL.test(name)) {
      return 'is not an RFC 1035 label (lower case letters, digits and "-", starting with a letter and ending with a letter or digit)';
    }
    return undefined;
  }
  return dns1123Subdomain(name);
}

/** What is wrong with a label key (`prefix/name` or `name`), if anything. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = prefix === '' ? 'is empty' : dns1123Subdomain(prefix);
    if (problem !== undefined) return `has a prefix that ${problem}`;
  }
  if (name.length === 0) return 'has an empty name part';
  if (name.length > 63) return 'has a name part longer than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'has a name part with characters other than letters, digits, "-", "_" and "."';
  return undefined;
}

/** What is wrong with a label value, if anything. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'is longer than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}
