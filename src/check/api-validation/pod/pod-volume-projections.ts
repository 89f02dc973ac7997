/**
 * The downwardAPI and projected volume sources as the API server validates them
 * (`validateDownwardAPIVolumeSource`, `validateProjectionSources`), with its quirks kept: a
 * downward-API item's errors carry the source's path without the item's index, a service
 * account token's path errors the projected volume's `path`, and a path written twice across
 * sources is reported at the projected volume. clusterTrustBundle and podCertificate sources are
 * counted but their own fields are not checked.
 */
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, required } from '../field-errors.js';
import { resourceFieldProblem, validateFieldRef } from './pod-env.js';

const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';
/** The pod fields a downward-API volume may project (sorted, as the API server lists them). */
const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
/** Ten minutes and 2^32 seconds: the bounds of a projected token's lifetime. */
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;

/** Errors of a file mode (`defaultMode`, an item's `mode`). */
export function validateFileMode(mode: unknown, path: FieldPath): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777)
    ? [invalid(path, mode, FILE_MODE)]
    : [];
}

/** Errors of a path inside a volume: relative, no `..` element, not starting with `..`. */
export function validateLocalPath(target: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (target.startsWith('/')) out.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) out.push(invalid(path, target, "must not contain '..'"));
  // The API server's own guard lets `..` and `..x/../y` report both.
  if (target.startsWith('..') && !target.startsWith('../')) {
    out.push(invalid(path, target, "must not start with '..'"));
  }
  return out;
}

/** Errors of a `key`/`path`/`mode` item of a secret or configMap source. */
export function validateKeyToPath(item: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const target = stringAt(item, 'path') ?? '';
  if ((stringAt(item, 'key') ?? '') === '') out.push(required([...path, 'key']));
  if (target === '') out.push(required([...path, 'path']));
  out.push(...validateLocalPath(target, [...path, 'path']));
  out.push(...validateFileMode(isRecord(item) ? item['mode'] : undefined, [...path, 'mode']));
  return out;
}

function validateResourceFieldRef(ref: JsonRecord, path: FieldPath): FieldError[] {
  if ((stringAt(ref, 'containerName') ?? '') === '') return [required([...path, 'containerName'])];
  const problem = resourceFieldProblem(stringAt(ref, 'resource') ?? '', [...path, 'resource']);
  return problem === undefined ? [] : [problem];
}

/** Errors of one downward-API item, reported at `path` (the source's, not the item's). */
function validateDownwardAPIFile(file: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const target = stringAt(file, 'path') ?? '';
  if (target === '') out.push(required([...path, 'path']));
  out.push(...validateLocalPath(target, [...path, 'path']));
  const fieldRef = recordAt(file, 'fieldRef');
  const resourceRef = recordAt(file, 'resourceFieldRef');
  if (fieldRef !== undefined) {
    out.push(...validateFieldRef(fieldRef, VOLUME_FIELD_PATHS, [...path, 'fieldRef']));
    if (resourceRef !== undefined) {
      out.push(
        invalid(
          path,
          'resource',
          'fieldRef and resourceFieldRef can not be specified simultaneously',
        ),
      );
    }
  } else if (resourceRef !== undefined) {
    out.push(...validateResourceFieldRef(resourceRef, [...path, 'resourceFieldRef']));
  } else out.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  out.push(...validateFileMode(isRecord(file) ? file['mode'] : undefined, [...path, 'mode']));
  return out;
}

/** Errors of a `downwardAPI` volume source. */
export function validateDownwardAPIVolume(source: JsonRecord, path: FieldPath): FieldError[] {
  return [
    ...validateFileMode(source['defaultMode'], [...path, 'defaultMode']),
    ...arrayAt(source, 'items').flatMap((file) => validateDownwardAPIFile(file, path)),
  ];
}

/** Paths already written by earlier sources of one projected volume. */
type SeenPaths = Set<string>;

/** A secret or configMap projection: a name, items, paths not written twice. */
function validateObjectProjection(
  projection: JsonRecord,
  volumePath: FieldPath,
  path: FieldPath,
  seen: SeenPaths,
): FieldError[] {
  const out: FieldError[] = [];
  const name = stringAt(projection, 'name') ?? '';
  if (name === '') out.push(required([...path, 'name']));
  arrayAt(projection, 'items').forEach((item, i) => {
    out.push(...validateKeyToPath(item, [...path, 'items', i]));
    const target = stringAt(item, 'path') ?? '';
    if (target === '') return;
    if (seen.has(target)) out.push(invalid(volumePath, name, 'conflicting duplicate paths'));
    else seen.add(target);
  });
  return out;
}

function validateDownwardAPIProjection(
  projection: JsonRecord,
  volumePath: FieldPath,
  path: FieldPath,
  seen: SeenPaths,
): FieldError[] {
  const out: FieldError[] = [];
  for (const file of arrayAt(projection, 'items')) {
    out.push(...validateDownwardAPIFile(file, path));
    const target = stringAt(file, 'path') ?? '';
    if (target === '') continue;
    if (seen.has(target)) out.push(invalid(volumePath, target, 'conflicting duplicate paths'));
    else seen.add(target);
  }
  return out;
}

function validateTokenProjection(token: JsonRecord, volumePath: FieldPath, path: FieldPath) {
  const out: FieldError[] = [];
  const seconds =
    typeof token['expirationSeconds'] === 'number' ? token['expirationSeconds'] : 3600;
  const at: FieldPath = [...path, 'expirationSeconds'];
  if (seconds < MIN_TOKEN_SECONDS) {
    out.push(invalid(at, seconds, 'may not specify a duration less than 10 minutes'));
  }
  if (seconds > MAX_TOKEN_SECONDS) {
    out.push(invalid(at, seconds, 'may not specify a duration larger than 2^32 seconds'));
  }
  const target = stringAt(token, 'path') ?? '';
  if (target === '') out.push(required([...volumePath, 'path']));
  else out.push(...validateLocalPath(target, [...volumePath, 'path']));
  return out;
}

function validateProjectionSource(
  source: JsonRecord,
  volumePath: FieldPath,
  path: FieldPath,
  seen: SeenPaths,
): FieldError[] {
  const out: FieldError[] = [];
  let kinds = 0;
  for (const kind of ['secret', 'configMap'] as const) {
    const projection = recordAt(source, kind);
    if (projection === undefined) continue;
    kinds++;
    out.push(...validateObjectProjection(projection, volumePath, [...path, kind], seen));
  }
  const downward = recordAt(source, 'downwardAPI');
  if (downward !== undefined) {
    kinds++;
    out.push(
      ...validateDownwardAPIProjection(downward, volumePath, [...path, 'downwardAPI'], seen),
    );
  }
  const token = recordAt(source, 'serviceAccountToken');
  if (token !== undefined) {
    kinds++;
    out.push(...validateTokenProjection(token, volumePath, [...path, 'serviceAccountToken']));
  }
  for (const kind of ['clusterTrustBundle', 'podCertificate']) {
    if (recordAt(source, kind) !== undefined) kinds++;
  }
  if (kinds > 1) out.push(forbidden(path, 'may not specify more than 1 volume type per source'));
  return out;
}

/** Errors of a `projected` volume source. */
export function validateProjectedVolume(source: JsonRecord, path: FieldPath): FieldError[] {
  const out = validateFileMode(source['defaultMode'], [...path, 'defaultMode']);
  const seen: SeenPaths = new Set();
  arrayAt(source, 'sources').forEach((item, i) => {
    const projection = isRecord(item) ? item : {};
    out.push(...validateProjectionSource(projection, path, [...path, 'sources', i], seen));
  });
  return out;
}
