/**
 * Schema problems as kprod check reports them: one per field, with its path, the line to point
 * at and a message in the API server's words. Both sources of problems produce them: ajv's
 * errors (summarised here) and the walk over a field catalog (catalog-walk.ts).
 */
import type { FieldPath } from '../../manifest/source-object.js';
import type { SchemaError } from './schema-registry.js';

/** One problem with one field. */
export interface SchemaProblem {
  readonly path: (string | number)[];
  /** Line of this field, or of its parent when the field is missing. */
  readonly anchor: FieldPath;
  readonly message: string;
}

/** A value as a message shows it: `a list`, `a mapping`, `string "80"`, `number 1.5`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Turns a JSON pointer into a field path, using the object to tell list indexes from keys. */
function pointerToPath(object: unknown, pointer: string): (string | number)[] {
  const path: (string | number)[] = [];
  if (pointer === '') return path;
  let node: unknown = object;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(part);
      path.push(index);
      node = node[index];
    } else {
      path.push(part);
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
  }
  return path;
}

/** The value at `path`, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let node: unknown = object;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/**
 * Reduces ajv's errors to one problem per field. A field that may take several forms (a quantity
 * is a number or a string) yields one error per form plus a `oneOf`; the most specific is kept.
 */
export function summariseSchemaErrors(
  object: unknown,
  errors: readonly SchemaError[],
): SchemaProblem[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const pointer =
      error.keyword === 'required' || error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${String(
            error.params['missingProperty'] ?? error.params['additionalProperty'],
          )
            .replace(/~/g, '~0')
            .replace(/\//g, '~1')}`
        : error.instancePath;
    const list = byPointer.get(pointer);
    if (list === undefined) byPointer.set(pointer, [error]);
    else list.push(error);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, group] of byPointer) {
    const path = pointerToPath(object, pointer);
    const value = valueAt(object, path);
    const first = group[0];
    if (first === undefined) continue;
    let message: string;
    const format = group.find((e) => e.keyword === 'format');
    const types = group.filter((e) => e.keyword === 'type').map((e) => String(e.params['type']));
    if (first.keyword === 'required') {
      message = `required field "${String(path.at(-1))}" is missing`;
    } else if (first.keyword === 'additionalProperties') {
      message = `unknown field "${String(path.at(-1))}"`;
    } else if (format !== undefined) {
      const name = String(format.params['format']);
      message =
        name === 'quantity'
          ? `must be a quantity such as 250m, 0.5, 128Mi or 1Gi, got ${describeValue(value)}`
          : `must be a valid ${name}, got ${describeValue(value)}`;
    } else if (types.length > 0) {
      message = `must be ${[...new Set(types)].join(' or ')}, got ${describeValue(value)}`;
    } else {
      const specific = group.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ?? first;
      if (specific.keyword === 'enum') {
        const allowed = specific.params['allowedValues'];
        message = `must be one of ${Array.isArray(allowed) ? allowed.map((v) => JSON.stringify(v)).join(', ') : '?'}, got ${describeValue(value)}`;
      } else if (specific.keyword === 'oneOf' || specific.keyword === 'anyOf') {
        message = `does not match any of the allowed forms, got ${describeValue(value)}`;
      } else {
        message = `${specific.message ?? `fails ${specific.keyword}`}, got ${describeValue(value)}`;
      }
    }
    const missing = first.keyword === 'required';
    problems.push({ path, anchor: missing ? path.slice(0, -1) : path, message });
  }
  return problems;
}
