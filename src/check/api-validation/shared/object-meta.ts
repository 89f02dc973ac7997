/**
 * ObjectMeta as the API server validates it on create, for every kind (apimachinery's
 * `ValidateObjectMeta` and the core additions): the name by the kind's name rule, generateName,
 * namespace, labels, annotations, ownerReferences and finalizers.
 */
import { type JsonRecord, arrayAt, isRecord, stringAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, required, tooLong } from '../field-errors.js';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  maxLenError,
  qualifiedNameProblems,
  regexError,
} from './name-rules.js';
import { validateLabels } from './selector.js';

/** A kind's name rule: the problems of `name`, read as a generateName prefix when `prefix`. */
export type NameRule = (name: string, prefix: boolean) => string[];

/** The API server's mask of a generateName's trailing dash before checking it (as written). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** Names that are DNS-1123 subdomains (`example.com`): most kinds. */
export const nameIsDnsSubdomain: NameRule = (name, prefix) =>
  dns1123SubdomainProblems(prefix ? maskTrailingDash(name) : name);

/** Names that are DNS-1123 labels (`my-name`): Namespace, StatefulSet. */
export const nameIsDnsLabel: NameRule = (name, prefix) =>
  dns1123LabelProblems(prefix ? maskTrailingDash(name) : name);

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FMT}$`);

/** Names that are DNS-1035 labels (start with a letter): Service. */
export const nameIsDns1035Label: NameRule = (name, prefix) => {
  const value = prefix ? maskTrailingDash(name) : name;
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
};

/** Names that only have to be one URL path segment: the RBAC kinds. */
export const nameIsPathSegment: NameRule = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
};

/** How one kind's metadata is validated. */
export interface ObjectMetaRules {
  readonly nameRule: NameRule;
}

/** Total bytes of annotation keys and values the API server accepts. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** The generated part of a name from generateName, and the longest prefix kept. */
const GENERATED_SUFFIX = 'aaaaa';
const MAX_GENERATED_PREFIX = 58;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Errors of an annotation map: keys qualified names (case-insensitive), total size bounded. */
export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(annotations)) return [];
  const out: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of qualifiedNameProblems(key.toLowerCase())) out.push(invalid(path, key, msg));
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    out.push(tooLong(path, `may not be more than ${ANNOTATIONS_MAX_BYTES} bytes`));
  }
  return out;
}

function validateOwnerReferences(refs: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    const apiVersion = stringAt(ref, 'apiVersion') ?? '';
    const kind = stringAt(ref, 'kind') ?? '';
    const name = stringAt(ref, 'name') ?? '';
    const uid = stringAt(ref, 'uid') ?? '';
    const version = apiVersion.includes('/')
      ? apiVersion.slice(apiVersion.indexOf('/') + 1)
      : apiVersion;
    if (version === '')
      out.push(invalid([...path, 'apiVersion'], apiVersion, 'version must not be empty'));
    if (kind === '') out.push(invalid([...path, 'kind'], kind, 'must not be empty'));
    if (name === '') out.push(invalid([...path, 'name'], name, 'must not be empty'));
    if (uid === '') out.push(invalid([...path, 'uid'], uid, 'must not be empty'));
    if (apiVersion === 'v1' && kind === 'Event') {
      out.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (isRecord(ref) && ref['controller'] === true) {
      const current = `${kind}/${name}`;
      if (firstController === '') firstController = current;
      else {
        out.push(
          invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      }
    }
  }
  return out;
}

function validateFinalizers(finalizers: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const names = finalizers.filter((f): f is string => typeof f === 'string');
  for (const name of names) {
    for (const msg of qualifiedNameProblems(name)) out.push(invalid(path, name, msg));
  }
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    out.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  names.forEach((name, i) => {
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      out.push(
        invalid(
          [...path, i],
          name,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
    }
  });
  return out;
}

function validateNames(meta: JsonRecord, rules: ObjectMetaRules, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const generateName = stringAt(meta, 'generateName') ?? '';
  let name = stringAt(meta, 'name') ?? '';
  if (generateName !== '') {
    for (const msg of rules.nameRule(generateName, true)) {
      out.push(invalid([...path, 'generateName'], generateName, msg));
    }
    // The API server makes the name before validating: the prefix (at most 58 characters) and
    // five random lower-case letters or digits, which never change a name's validity.
    if (name === '') name = generateName.slice(0, MAX_GENERATED_PREFIX) + GENERATED_SUFFIX;
  }
  if (name === '') out.push(required([...path, 'name'], 'name or generateName is required'));
  else
    for (const msg of rules.nameRule(name, false)) out.push(invalid([...path, 'name'], name, msg));
  return out;
}

/**
 * Errors of `metadata` on create. The namespace is checked only when the object sets one (the
 * API server takes it from the request otherwise).
 */
export function validateObjectMeta(object: JsonRecord, rules: ObjectMetaRules): FieldError[] {
  const meta = isRecord(object['metadata']) ? object['metadata'] : {};
  const path: FieldPath = ['metadata'];
  const out = validateNames(meta, rules, path);
  const namespace = stringAt(meta, 'namespace') ?? '';
  if (namespace !== '') {
    for (const msg of nameIsDnsLabel(namespace, false)) {
      out.push(invalid([...path, 'namespace'], namespace, msg));
    }
  }
  const generation = meta['generation'];
  if (typeof generation === 'number' && generation < 0) {
    out.push(invalid([...path, 'generation'], generation, 'must be greater than or equal to 0'));
  }
  // Absent maps and lists have nothing to report: their paths are not even made.
  const labels = meta['labels'];
  if (isRecord(labels)) out.push(...validateLabels(labels, [...path, 'labels']));
  const annotations = meta['annotations'];
  if (isRecord(annotations)) {
    out.push(...validateAnnotations(annotations, [...path, 'annotations']));
  }
  const owners = arrayAt(meta, 'ownerReferences');
  if (owners.length > 0) {
    out.push(...validateOwnerReferences(owners, [...path, 'ownerReferences']));
  }
  const finalizers = arrayAt(meta, 'finalizers');
  if (finalizers.length > 0) {
    out.push(...validateFinalizers(finalizers, [...path, 'finalizers']));
  }
  return out;
}
