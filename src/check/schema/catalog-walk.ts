/**
 * Walks an object against its kind's type in a field catalog, as the API server's strict field
 * validation decodes it: every field the type does not declare is unknown, at any depth. Lists
 * and maps are walked into their item type; free-form values (RawExtension, JSON) are not.
 * It can also report what a schema would, in the wording of summariseSchemaErrors: missing
 * required fields, and values of the wrong JSON type.
 */
import type { CatalogType, FieldShape, KubeCatalog } from './kube-catalog.js';
import { type SchemaProblem, describeValue } from './schema-problems.js';

/** A field the type does not declare. */
export interface UnknownField {
  readonly path: (string | number)[];
  /** The type that lacks it, whose field names the did-you-mean hint chooses from. */
  readonly type: CatalogType;
  /** The fields leading to that type, without list indexes and map keys (`kubectl explain`). */
  readonly typePath: string[];
}

/** What a walk reports besides unknown fields. */
export interface WalkChecks {
  /** Missing required fields. */
  readonly required: boolean;
  /** Values of the wrong JSON type (a mapping where a list belongs, a string for a number). */
  readonly types: boolean;
}

/** What a walk found in one object. */
export interface CatalogWalk {
  readonly unknown: UnknownField[];
  /** Missing required fields and wrong types, as far as asked for. */
  readonly problems: SchemaProblem[];
}

interface Walk extends CatalogWalk, WalkChecks {
  readonly catalog: KubeCatalog;
  readonly root: CatalogType;
  /** The path of the value being walked; pushed and popped, copied only for a finding. */
  readonly path: (string | number)[];
}

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mismatch(walk: Walk, expected: string, value: unknown): void {
  walk.problems.push({
    path: [...walk.path],
    anchor: [...walk.path],
    message: `must be ${expected}, got ${describeValue(value)}`,
  });
}

/** The JSON type a scalar code needs, or undefined when `value` has it. */
function scalarProblem(scalar: FieldShape['scalar'], value: unknown): string | undefined {
  switch (scalar) {
    case 'i':
      return Number.isInteger(value) ? undefined : 'integer';
    case 'n':
      return typeof value === 'number' ? undefined : 'number';
    case 'b':
      return typeof value === 'boolean' ? undefined : 'boolean';
    case 'x':
      return Number.isInteger(value) || typeof value === 'string' ? undefined : 'integer or string';
    default:
      // The client's models type a resource.Quantity as a string; it may be written as a number,
      // so a number passes here (ajv, where it has the kind, tells quantities from strings).
      return typeof value === 'string' || typeof value === 'number' ? undefined : 'string';
  }
}

/** The field names along `path` from the root type: list indexes and map keys left out. */
function typePathOf(walk: Walk, path: readonly (string | number)[]): string[] {
  const names: string[] = [];
  let type: CatalogType | undefined = walk.root;
  let shape: FieldShape | undefined;
  for (const part of path) {
    if (type !== undefined) {
      names.push(String(part));
      shape = type.fields.get(String(part));
    } else {
      shape = shape?.item;
    }
    type = shape?.form === 'object' ? walk.catalog.type(shape.type) : undefined;
  }
  return names;
}

function walkValue(walk: Walk, value: unknown, shape: FieldShape): void {
  switch (shape.form) {
    case 'object':
      if (isObject(value)) walkObject(walk, value, walk.catalog.type(shape.type));
      else if (walk.types) mismatch(walk, 'object', value);
      return;
    case 'list': {
      if (!Array.isArray(value)) {
        if (walk.types) mismatch(walk, 'array', value);
        return;
      }
      const item = shape.item;
      if (item === undefined || !(walk.types || item.nested)) return;
      const items = value as readonly unknown[];
      for (let index = 0; index < items.length; index += 1) {
        const element = items[index];
        if (element === null || element === undefined) continue;
        walk.path.push(index);
        walkValue(walk, element, item);
        walk.path.pop();
      }
      return;
    }
    case 'map': {
      if (!isObject(value)) {
        if (walk.types) mismatch(walk, 'object', value);
        return;
      }
      const item = shape.item;
      if (item === undefined || !(walk.types || item.nested)) return;
      for (const key in value) {
        const element = value[key];
        if (element === null || element === undefined) continue;
        walk.path.push(key);
        walkValue(walk, element, item);
        walk.path.pop();
      }
      return;
    }
    case 'scalar': {
      if (!walk.types) return;
      const expected = scalarProblem(shape.scalar, value);
      if (expected !== undefined) mismatch(walk, expected, value);
      return;
    }
    case 'any':
      return;
  }
}

function walkObject(walk: Walk, object: JsonObject, type: CatalogType): void {
  const { path } = walk;
  for (const key in object) {
    const shape = type.fields.get(key);
    if (shape === undefined) {
      walk.unknown.push({ path: [...path, key], type, typePath: typePathOf(walk, path) });
      continue;
    }
    const value = object[key];
    // null is "not set" to the API server, whatever the field's type.
    if (value === null || value === undefined || !(walk.types || shape.nested)) continue;
    path.push(key);
    walkValue(walk, value, shape);
    path.pop();
  }
  if (!walk.required) return;
  for (const name of type.required) {
    if (object[name] === undefined) {
      walk.problems.push({
        path: [...path, name],
        anchor: [...path],
        message: `required field "${name}" is missing`,
      });
    }
  }
}

/**
 * Walks `object` against `root`, a type of `catalog`. Unknown fields are always reported;
 * missing required fields and wrong types as `checks` asks, for what no ajv schema of the exact
 * Kubernetes version checks.
 */
export function walkCatalog(
  object: JsonObject,
  root: CatalogType,
  catalog: KubeCatalog,
  checks: WalkChecks,
): CatalogWalk {
  // One literal, not a spread: a spread object may end up with slow (dictionary) properties,
  // which made every step of the walk several times slower.
  const walk: Walk = {
    catalog,
    root,
    required: checks.required,
    types: checks.types,
    path: [],
    unknown: [],
    problems: [],
  };
  walkObject(walk, object, root);
  return walk;
}
