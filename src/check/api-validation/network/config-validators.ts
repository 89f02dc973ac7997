/**
 * The ConfigMap and Secret rules of the API server: key syntax, the 1 MiB total, and the keys a
 * typed Secret must hold. Secret `stringData` counts as data, as the API server merges it in.
 */
import { type JsonRecord, recordAt } from '../../../kube/field-access.js';
import { type FieldError, atMapKey, invalid, required, tooLong } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { maxLenError, regexError } from '../shared/name-rules.js';

const MAX_SIZE = 1024 * 1024;
const KEY_FMT = '[-._a-zA-Z0-9]+';
const KEY = new RegExp(`^${KEY_FMT}$`);
const KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** The error with its last path element printed as a map key (`data[tls.crt]`). */
function keyed(error: FieldError): FieldError {
  return atMapKey(error, error.path.length - 1);
}

/** Problems of a ConfigMap or Secret key. */
export function configKeyProblems(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!KEY.test(key)) errs.push(regexError(KEY_MSG, KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Bytes of a base64 value once decoded (the API server counts decoded bytes). */
function decodedLength(value: unknown): number {
  if (typeof value !== 'string') return 0;
  return Buffer.from(value, 'base64').length;
}

function keyErrors(map: JsonRecord | undefined, field: string): FieldError[] {
  if (map === undefined) return [];
  return Object.keys(map).flatMap((key) =>
    configKeyProblems(key).map((msg) => keyed(invalid([field, key], key, msg))),
  );
}

/** Every rule of `ValidateConfigMap` but the object metadata. */
export function validateConfigMap(object: JsonRecord): FieldError[] {
  const data = recordAt(object, 'data');
  const binary = recordAt(object, 'binaryData');
  const errs: FieldError[] = [];
  let total = 0;
  if (data !== undefined) {
    for (const key of Object.keys(data)) {
      for (const msg of configKeyProblems(key)) errs.push(keyed(invalid(['data', key], key, msg)));
      if (binary !== undefined && key in binary) {
        errs.push(keyed(invalid(['data', key], key, 'duplicate of key present in binaryData')));
      }
      const value = data[key];
      total += typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
    }
  }
  if (binary !== undefined) {
    errs.push(...keyErrors(binary, 'binaryData'));
    for (const value of Object.values(binary)) total += decodedLength(value);
  }
  // The API server reports the total at an empty path, which it prints as `[]`.
  if (total > MAX_SIZE) errs.push(keyed(tooLong([''], `may not be more than ${MAX_SIZE} bytes`)));
  return errs;
}

/** The data keys a Secret holds, `stringData` merged in, with their decoded sizes. */
function secretData(object: JsonRecord): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of Object.entries(recordAt(object, 'data') ?? {})) {
    out.set(key, decodedLength(value));
  }
  for (const [key, value] of Object.entries(recordAt(object, 'stringData') ?? {})) {
    out.set(key, typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  }
  return out;
}

function typeErrors(object: JsonRecord, data: Map<string, number>): FieldError[] {
  const type = object['type'];
  const missing = (key: string): FieldError[] =>
    data.has(key) ? [] : [keyed(required(['data', key]))];
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = recordAt(recordAt(object, 'metadata'), 'annotations');
      const name = annotations?.['kubernetes.io/service-account.name'];
      const key = 'kubernetes.io/service-account.name';
      return typeof name === 'string' && name !== ''
        ? []
        : [keyed(required(['metadata', 'annotations', key]))];
    }
    case 'kubernetes.io/dockercfg':
      return missing('.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return missing('.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      return data.has('username') || data.has('password')
        ? []
        : [keyed(required(['data', 'username'])), keyed(required(['data', 'password']))];
    case 'kubernetes.io/ssh-auth':
      return (data.get('ssh-privatekey') ?? 0) > 0
        ? []
        : [keyed(required(['data', 'ssh-privatekey']))];
    case 'kubernetes.io/tls':
      return [...missing('tls.crt'), ...missing('tls.key')];
    default:
      return [];
  }
}

/**
 * Every rule of `ValidateSecret` but the object metadata. The JSON syntax of a docker config is
 * not checked (its message is Go's JSON decoder's own).
 */
export function validateSecret(object: JsonRecord): FieldError[] {
  const data = secretData(object);
  const errs: FieldError[] = [];
  let total = 0;
  for (const [key, size] of data) {
    for (const msg of configKeyProblems(key)) errs.push(keyed(invalid(['data', key], key, msg)));
    total += size;
  }
  if (total > MAX_SIZE) errs.push(tooLong(['data'], `may not be more than ${MAX_SIZE} bytes`));
  return [...errs, ...typeErrors(object, data)];
}

/** The ConfigMap and Secret validators. */
export const CONFIG_VALIDATORS: readonly KindValidator[] = [
  { group: '', kind: 'ConfigMap', validate: validateConfigMap },
  { group: '', kind: 'Secret', validate: validateSecret },
];
