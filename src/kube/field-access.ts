/**
 * Typed reads from parsed manifests. Input objects are untrusted JSON: any field may be absent or
 * of the wrong type, and a rule must then see "absent", never crash.
 */

import type { FieldPath } from '../manifest/source-object.js';

/** A JSON object (not an array, not null). */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** True when `value` is a JSON object. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or undefined when absent or not an object. */
export function recordAt(value: unknown, key: string): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const child = value[key];
  return isRecord(child) ? child : undefined;
}

/** One shared empty list: most optional lists are absent, and each read would make one. */
const NO_ITEMS: readonly unknown[] = Object.freeze([]);

/** The array at `key`, or an empty (frozen, shared) array when absent or not an array. */
export function arrayAt(value: unknown, key: string): readonly unknown[] {
  if (!isRecord(value)) return NO_ITEMS;
  const child = value[key];
  return Array.isArray(child) ? (child as unknown[]) : NO_ITEMS;
}

/**
 * The objects of the array at `key`; entries that are not objects are left out, and an absent or
 * non-array field gives an empty list. For reading: {@link editableRecordsAt} edits in place.
 */
export function recordsAt(value: unknown, key: string): JsonRecord[] {
  return arrayAt(value, key).filter(isRecord);
}

/** The string at `key`, or undefined. */
export function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const child = value[key];
  return typeof child === 'string' ? child : undefined;
}

/** The number at `key` (integers written as strings are not numbers), or undefined. */
export function numberAt(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const child = value[key];
  return typeof child === 'number' ? child : undefined;
}

/** The boolean at `key`, or undefined. */
export function booleanAt(value: unknown, key: string): boolean | undefined {
  if (!isRecord(value)) return undefined;
  const child = value[key];
  return typeof child === 'boolean' ? child : undefined;
}

/** One shared empty map, for the many objects without labels or annotations. */
const NO_ENTRIES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * A string map such as `metadata.labels`; non-string values are dropped. Absent, it is an empty
 * (frozen, shared) map.
 */
export function stringMapAt(value: unknown, key: string): Readonly<Record<string, string>> {
  const map = recordAt(value, key);
  if (map === undefined) return NO_ENTRIES;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** True when `value` is an object the caller may change: its own copy, e.g. a structuredClone. */
function isEditable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object at `key` for editing in place, or undefined when absent or not an object. Only for
 * objects the caller owns (a copy): the reply of an API server is read with {@link recordAt}.
 */
export function editableRecordAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!isEditable(value)) return undefined;
  const child = value[key];
  return isEditable(child) ? child : undefined;
}

/**
 * The objects of the array at `key` for editing in place; entries that are not objects are left
 * out, and an absent or non-array field gives an empty list. Only for objects the caller owns.
 */
export function editableRecordsAt(value: unknown, key: string): Record<string, unknown>[] {
  if (!isEditable(value)) return [];
  const child = value[key];
  return Array.isArray(child) ? child.filter(isEditable) : [];
}

/**
 * The longest prefix of `path` that is present in `root`: a key that exists (whatever its value)
 * or an index inside its array. A finding about an unset field points at its deepest ancestor.
 */
export function presentPath(root: unknown, path: FieldPath): FieldPath {
  let current = root;
  for (const [length, step] of path.entries()) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return path.slice(0, length);
      current = current[step];
    } else {
      if (!isRecord(current) || !Object.hasOwn(current, step)) return path.slice(0, length);
      current = current[step];
    }
  }
  return path;
}
