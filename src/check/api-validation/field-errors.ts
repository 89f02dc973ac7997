/**
 * Field errors as the API server reports them (`field.Error` of Kubernetes' apimachinery): a path,
 * a type, the bad value and a detail, printed as `spec.replicas: Invalid value: -1: must be …`.
 */
import { type FieldPath, formatFieldPath } from '../../manifest/source-object.js';

/** The error types the API server's validation reports, with the words it prints for each. */
export const ERROR_TYPES = {
  notFound: 'Not found',
  required: 'Required value',
  duplicate: 'Duplicate value',
  invalid: 'Invalid value',
  notSupported: 'Unsupported value',
  forbidden: 'Forbidden',
  tooLong: 'Too long',
  tooMany: 'Too many',
} as const;

/** One error type. */
export type ErrorType = keyof typeof ERROR_TYPES;

/** Marks an error whose bad value is not printed (as the API server's `omitValue`). */
export const OMIT_VALUE: unique symbol = Symbol('omit value');

/** One validation error at one field. */
export interface FieldError {
  readonly path: FieldPath;
  readonly type: ErrorType;
  /** The value found, printed like the API server prints it; OMIT_VALUE prints none. */
  readonly value: unknown;
  readonly detail: string;
  /** Index of a path element that is a map key (the API server's `Key()`), printed in brackets. */
  readonly mapKeyIndex?: number;
}

/** The same error with `path[index]` marked as a map key: `data[tls.crt]`, not `data.tls.crt`. */
export function atMapKey(error: FieldError, index: number): FieldError {
  return { ...error, mapKeyIndex: index };
}

/** The field is required and absent or empty. */
export function required(path: FieldPath, detail = ''): FieldError {
  return { path, type: 'required', value: OMIT_VALUE, detail };
}

/** The value is malformed or out of range. */
export function invalid(path: FieldPath, value: unknown, detail: string): FieldError {
  return { path, type: 'invalid', value, detail };
}

/** The value repeats one given earlier in the same list. */
export function duplicate(path: FieldPath, value: unknown): FieldError {
  return { path, type: 'duplicate', value, detail: '' };
}

/** The value is not one of `supported`; the detail lists them as the API server does. */
export function notSupported(
  path: FieldPath,
  value: unknown,
  supported: readonly string[],
): FieldError {
  const detail =
    supported.length === 0
      ? ''
      : `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;
  return { path, type: 'notSupported', value, detail };
}

/** The field may not be set here. */
export function forbidden(path: FieldPath, detail: string): FieldError {
  return { path, type: 'forbidden', value: OMIT_VALUE, detail };
}

/** The value is longer than `max` (bytes or characters, as the detail says). */
export function tooLong(path: FieldPath, detail: string): FieldError {
  return { path, type: 'tooLong', value: OMIT_VALUE, detail };
}

/** The list has more than `max` items. */
export function tooMany(path: FieldPath, detail: string): FieldError {
  return { path, type: 'tooMany', value: OMIT_VALUE, detail };
}

/** Prints a bad value as Go's `%v`/`%q` does for the simple JSON types. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  return JSON.stringify(value);
}

/** The error without its path: `Invalid value: "Foo": a lowercase RFC 1123 …`. */
export function errorBody(error: FieldError): string {
  const words = ERROR_TYPES[error.type];
  const omit =
    error.value === OMIT_VALUE ||
    error.type === 'required' ||
    error.type === 'forbidden' ||
    error.type === 'tooLong';
  let body = omit ? words : `${words}: ${formatValue(error.value)}`;
  if (error.detail !== '') body += `: ${error.detail}`;
  return body;
}

/** The whole error: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function formatFieldError(error: FieldError): string {
  return `${printPath(error)}: ${errorBody(error)}`;
}

/** The error's path as the API server prints it, with its map key (if any) in brackets. */
function printPath(error: FieldError): string {
  const index = error.mapKeyIndex;
  if (index === undefined) return formatFieldPath(error.path);
  const head = `${formatFieldPath(error.path.slice(0, index))}[${String(error.path[index])}]`;
  const tail = formatFieldPath(error.path.slice(index + 1));
  return tail === '' ? head : tail.startsWith('[') ? head + tail : `${head}.${tail}`;
}
