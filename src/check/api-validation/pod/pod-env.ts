/**
 * A container's `env` and `envFrom` as the API server validates them: variable names, exactly
 * one source per `valueFrom`, downward-API field paths, and the names and keys of referenced
 * ConfigMaps and Secrets.
 */
import { type JsonRecord, isRecord, recordAt, stringAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported, required } from '../field-errors.js';
import { qualifiedNameProblems, regexError } from '../shared/name-rules.js';
import { nameIsDnsSubdomain } from '../shared/object-meta.js';
import { envVarNameProblems } from './pod-values.js';

/** Problems of a ConfigMap or Secret data key. */
export function configKeyProblems(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** Paths the API server's downward-API conversion knows at all (others fail to convert). */
const CONVERTIBLE = new Set([
  ...ENV_FIELD_PATHS,
  'metadata.labels',
  'metadata.annotations',
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
]);

/** Errors of a downward-API `fieldRef` with the paths `allowed`. */
export function validateFieldRef(
  ref: JsonRecord,
  allowed: readonly string[],
  path: FieldPath,
): FieldError[] {
  const fieldPath = stringAt(ref, 'fieldPath') ?? '';
  if (fieldPath === '') return [required([...path, 'fieldPath'])];
  const subscripted = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (subscripted !== null) {
    const key = subscripted[2] ?? '';
    const name = subscripted[1] === 'metadata.annotations' ? key.toLowerCase() : key;
    return qualifiedNameProblems(name).map((m) => invalid(path, name, m));
  }
  if (!CONVERTIBLE.has(fieldPath)) {
    return [
      invalid(
        [...path, 'fieldPath'],
        fieldPath,
        `error converting fieldPath: field label not supported: ${fieldPath}`,
      ),
    ];
  }
  if (!allowed.includes(fieldPath))
    return [notSupported([...path, 'fieldPath'], fieldPath, allowed)];
  return [];
}

function validateKeySelector(ref: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const name = stringAt(ref, 'name') ?? '';
  for (const m of nameIsDnsSubdomain(name, false)) out.push(invalid([...path, 'name'], name, m));
  const key = stringAt(ref, 'key') ?? '';
  if (key === '') out.push(required([...path, 'key']));
  else out.push(...configKeyProblems(key).map((m) => invalid([...path, 'key'], key, m)));
  return out;
}

const RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const HUGE_PAGES_FIELD = /^(requests|limits)\.hugepages-/;

/**
 * The error of a `resourceFieldRef`'s resource at `path` (an env variable's or a downward-API
 * file's): required, and one of the container's resource fields or its huge pages.
 */
export function resourceFieldProblem(resource: string, path: FieldPath): FieldError | undefined {
  if (resource === '') return required(path);
  if (RESOURCE_FIELDS.includes(resource) || HUGE_PAGES_FIELD.test(resource)) return undefined;
  return notSupported(path, resource, RESOURCE_FIELDS);
}

function validateValueFrom(
  valueFrom: JsonRecord,
  hasValue: boolean,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  let sources = 0;
  const fieldRef = recordAt(valueFrom, 'fieldRef');
  if (fieldRef !== undefined) {
    sources++;
    out.push(...validateFieldRef(fieldRef, ENV_FIELD_PATHS, [...path, 'fieldRef']));
  }
  const resourceRef = recordAt(valueFrom, 'resourceFieldRef');
  if (resourceRef !== undefined) {
    sources++;
    const at: FieldPath = [...path, 'resourceFieldRef', 'resource'];
    const problem = resourceFieldProblem(stringAt(resourceRef, 'resource') ?? '', at);
    if (problem !== undefined) out.push(problem);
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
    const ref = recordAt(valueFrom, kind);
    if (ref === undefined) continue;
    sources++;
    out.push(...validateKeySelector(ref, [...path, kind]));
  }
  if (recordAt(valueFrom, 'fileKeyRef') !== undefined) sources++;
  if (sources === 0) {
    out.push(
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
      ),
    );
  } else if (hasValue)
    out.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) {
    out.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return out;
}

/** Errors of a container's `env`. */
export function validateEnv(
  env: readonly unknown[],
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  // Paths are made only for the errors found and the sources to check: most entries have none.
  env.forEach((item, i) => {
    const name = stringAt(item, 'name') ?? '';
    if (name === '') out.push(required([...path, i, 'name']));
    else {
      for (const m of envVarNameProblems(name, kubeVersion)) {
        out.push(invalid([...path, i, 'name'], name, m));
      }
    }
    const valueFrom = recordAt(item, 'valueFrom');
    if (valueFrom !== undefined) {
      const hasValue = (stringAt(item, 'value') ?? '') !== '';
      out.push(...validateValueFrom(valueFrom, hasValue, [...path, i, 'valueFrom']));
    }
  });
  return out;
}

/** Errors of a container's `envFrom`. */
export function validateEnvFrom(
  envFrom: readonly unknown[],
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  envFrom.forEach((item, i) => {
    const at: FieldPath = [...path, i];
    const prefix = stringAt(item, 'prefix') ?? '';
    if (prefix !== '') {
      out.push(
        ...envVarNameProblems(prefix, kubeVersion).map((m) =>
          invalid([...at, 'prefix'], prefix, m),
        ),
      );
    }
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      const ref = isRecord(item) ? recordAt(item, kind) : undefined;
      if (ref === undefined) continue;
      sources++;
      const name = stringAt(ref, 'name') ?? '';
      if (name === '') out.push(required([...at, kind, 'name']));
      else {
        for (const m of nameIsDnsSubdomain(name, true))
          out.push(invalid([...at, kind, 'name'], name, m));
      }
    }
    if (sources === 0)
      out.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) {
      out.push(invalid(path, '', 'may not have more than one field specified at a time'));
    }
  });
  return out;
}
