/**
 * The name and label syntax rules of Kubernetes' apimachinery, with the messages the API server
 * prints. Each returns the list of problems (empty when the value is valid).
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** The longest DNS-1123 label. */
export const DNS1123_LABEL_MAX = 63;
/** The longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX = 253;
/** The longest name part of a qualified name, and the longest label value. */
export const QUALIFIED_NAME_MAX = 63;

/** `must be no more than N characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * `must be no more than N bytes`: the wording of apimachinery's newer content checks, which label
 * keys and values use since 1.36 (DNS names keep the older `characters`).
 */
export function maxBytesError(length: number): string {
  return `must be no more than ${length} bytes`;
}

const BYTES_LENGTH = /must be no more than (\d+) bytes/g;

/**
 * The detail as the API server of `kubeVersion` words it: apimachinery words label-key and
 * label-value lengths in bytes from 1.35 (its newer content checks), in characters before, like
 * every other length. The rules themselves did not change.
 */
export function lengthWordingAt(detail: string, kubeVersion: string): string {
  const minor = Number(kubeVersion.replace(/^v/, '').split('.')[1]);
  if (!Number.isFinite(minor) || minor >= 35) return detail;
  return detail.replace(BYTES_LENGTH, 'must be no more than $1 characters');
}

/** A syntax message with examples and the regular expression used, as the API server words it. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // The API server joins "'a', " items with " or ", so two spaces precede each "or".
  const shown = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

/** Problems of a DNS-1123 label (`my-name`): Service, Namespace and container names. */
export function dns1123LabelProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLenError(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value)) {
    // A valid subdomain of legal length that is not a label can only fail on its dots.
    if (DNS1123_SUBDOMAIN.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** Problems of a DNS-1123 subdomain (`example.com`): most object names. */
export function dns1123SubdomainProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errs;
}

/** Problems of a qualified name (`example.com/MyName`): label and annotation keys. */
export function qualifiedNameProblems(value: string): string[] {
  // The common case, a valid name without prefix (the pattern admits no `/`), in one test.
  if (value.length <= QUALIFIED_NAME_MAX && QUALIFIED_NAME.test(value)) return [];
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = value;
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      for (const p of dns1123SubdomainProblems(prefix)) {
        errs.push(
          `prefix part ${p.replace(maxLenError(DNS1123_SUBDOMAIN_MAX), maxBytesError(DNS1123_SUBDOMAIN_MAX))}`,
        );
      }
    }
  } else {
    return [
      `a valid label key ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > QUALIFIED_NAME_MAX)
    errs.push(`name part ${maxBytesError(QUALIFIED_NAME_MAX)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** Problems of a label value (empty or `MyValue`). */
export function labelValueProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > QUALIFIED_NAME_MAX) errs.push(maxBytesError(QUALIFIED_NAME_MAX));
  if (!LABEL_VALUE.test(value)) {
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}
