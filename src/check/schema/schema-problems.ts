/**
 * Schema problems as kprod check reports them: one per field, with its path, the line to point
 * at and a message ("must be integer, got string "80""). The walk over a field catalog
 * (catalog-walk.ts) produces them.
 */
import type { FieldPath } from '../../manifest/source-object.js';

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

/** The value at `path`, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let node: unknown = object;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
