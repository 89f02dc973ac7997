/**
 * Equality of two values as JSON text, without writing the text: probes, for instance, are the
 * same check when they serialize alike (key order included).
 */

type DataKind = 'scalar' | 'list' | 'record';

/** What plain data `value` is; undefined for what JSON.stringify turns into something else. */
function dataKind(value: unknown): DataKind | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return 'scalar';
  if (typeof value === 'number') return Number.isFinite(value) ? 'scalar' : undefined;
  if (Array.isArray(value)) return 'list';
  if (typeof value !== 'object') return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? 'record' : undefined;
}

/** True when a record has a value JSON.stringify leaves out with its key (undefined, a function). */
function hasOmittedValue(
  record: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): boolean {
  return keys.some((key) => {
    const type = typeof record[key];
    return type === 'undefined' || type === 'function' || type === 'symbol';
  });
}

/** Equality of plain data, key order included; undefined when a value is not plain data. */
function plainDataEqual(a: unknown, b: unknown): boolean | undefined {
  const kind = dataKind(a);
  const other = dataKind(b);
  if (kind === undefined || other === undefined) return undefined;
  if (kind !== other) return false;
  if (kind === 'scalar') return a === b;
  if (kind === 'list') {
    const left = a as readonly unknown[];
    const right = b as readonly unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i += 1) {
      const same = plainDataEqual(left[i], right[i]);
      if (same !== true) return same;
    }
    return true;
  }
  const left = a as Readonly<Record<string, unknown>>;
  const right = b as Readonly<Record<string, unknown>>;
  const leftKeys = Object.keys(left);
  const rightKeys = Object.keys(right);
  const sameKeys =
    leftKeys.length === rightKeys.length && leftKeys.every((key, i) => key === rightKeys[i]);
  if (!sameKeys) {
    return hasOmittedValue(left, leftKeys) || hasOmittedValue(right, rightKeys) ? undefined : false;
  }
  for (const key of leftKeys) {
    const same = plainDataEqual(left[key], right[key]);
    if (same !== true) return same;
  }
  return true;
}

/**
 * True when `JSON.stringify(a) === JSON.stringify(b)`. Plain data (what manifests are parsed
 * into) is compared directly; anything else (a date, a non-finite number) is serialized.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return plainDataEqual(a, b) ?? JSON.stringify(a) === JSON.stringify(b);
}
