import type { Variant } from './variant.js';

/**
 * Helpers of the network variant generators: deep copies with one field set, ids from a prefix
 * and an index, and object names derived from the id (unique per variant, valid everywhere).
 */

type Json = Record<string, unknown>;

/** A deep copy of `base` with the value at `path` set (`undefined` deletes it). */
export function withField(base: Json, path: readonly (string | number)[], value: unknown): Json {
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = structuredClone(value);
      break;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null)
      node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  return copy;
}

/** A deep copy of `base` with several fields set. */
export function withFields(
  base: Json,
  fields: readonly (readonly [readonly (string | number)[], unknown])[],
): Json {
  return fields.reduce<Json>((obj, [path, value]) => withField(obj, path, value), base);
}

/** Variants built from one base by setting `path` to each of `values`: `prefix-00`, `prefix-01`. */
export function sweep(
  prefix: string,
  family: string,
  base: Json,
  path: readonly (string | number)[],
  values: readonly unknown[],
): Variant[] {
  return values.map((value, i) =>
    named(`${prefix}-${String(i).padStart(2, '0')}`, family, withField(base, path, value)),
  );
}

/** A variant whose object is named after its id (ids are lower case, dashes and digits). */
export function named(id: string, family: string, object: Json): Variant {
  const metadata = {
    ...(object['metadata'] as Json | undefined),
    name: id.slice(0, 63).replace(/-+$/, ''),
  };
  return { id, family, object: { ...object, metadata } };
}

/** Variants from explicit objects: `prefix-00`, … */
export function cases(prefix: string, family: string, objects: readonly Json[]): Variant[] {
  return objects.map((object, i) =>
    named(`${prefix}-${String(i).padStart(2, '0')}`, family, object),
  );
}
