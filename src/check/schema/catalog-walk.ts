/**
 * Walks an object against its kind's type in a field catalog, as the API server's strict field
 * validation decodes it: every field the type does not declare is unknown, at any depth. Lists
 * and maps are walked into their item type; free-form values (RawExtension, JSON) are not.
 * It also reports what the OpenAPI schema says beside the fields: missing required fields,
 * values of the wrong JSON type, and values their constraints reject (enum, format, pattern,
 * bounds, lengths, sizes, oneOf/anyOf: value-checks.ts).
 */
import type { CatalogType, FieldShape, KubeCatalog } from './kube-catalog.js';
import { type SchemaProblem, describeValue } from './schema-problems.js';
import { DATE_TIME_MESSAGE, QUANTITY_MESSAGE, isDateTime, isQuantity } from './value-checks.js';

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
  /**
   * Values of the wrong JSON type (a mapping where a list belongs, a string for a number), and
   * values their constraints reject.
   */
  readonly types: boolean;
}

/** What a walk found in one object. */
export interface CatalogWalk {
  readonly unknown: UnknownField[];
  /** Missing required fields, wrong types and rejected values, as far as asked for. */
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

function problem(walk: Walk, message: string): void {
  walk.problems.push({ path: [...walk.path], anchor: [...walk.path], message });
}

function mismatch(walk: Walk, expected: string, value: unknown): void {
  problem(walk, `must be ${expected}, got ${describeValue(value)}`);
}

function isIntegerFormat(format: string | undefined): boolean {
  return format === 'int32' || format === 'int64';
}

/** What a scalar of `shape` must be when `value` is not that, or undefined. */
function scalarProblem(shape: FieldShape, value: unknown): string | undefined {
  switch (shape.scalar) {
    case 'i':
      if (Number.isInteger(value)) return undefined;
      // A fraction is not a valid int32 (or int64), the format says.
      return typeof value === 'number' && isIntegerFormat(shape.format)
        ? `must be a valid ${shape.format}`
        : 'must be integer';
    case 'n':
      return typeof value === 'number' ? undefined : 'must be number';
    case 'b':
      return typeof value === 'boolean' ? undefined : 'must be boolean';
    case 'x':
      if (Number.isInteger(value) || typeof value === 'string') return undefined;
      if (typeof value === 'number' && isIntegerFormat(shape.format)) {
        return `must be a valid ${shape.format}`;
      }
      // A built-in IntOrString (its integer an int32) is "string or integer" in its OpenAPI
      // (oneOf), a CRD's x-kubernetes-int-or-string "integer or string" (anyOf).
      return shape.format === 'int32' ? 'must be string or integer' : 'must be integer or string';
    case 'q':
      // A number is read as a quantity; a string must parse as one.
      if (typeof value === 'number') return undefined;
      if (typeof value !== 'string') return 'must be number or string';
      return isQuantity(value) ? undefined : QUANTITY_MESSAGE;
    case 't':
      if (typeof value !== 'string') return 'must be string';
      return isDateTime(value) ? undefined : DATE_TIME_MESSAGE;
    default:
      return typeof value === 'string' ? undefined : 'must be string';
  }
}

/** Checks `value` against the constraint of its shape, if any and if values are checked. */
function checkValue(walk: Walk, value: unknown, shape: FieldShape): void {
  if (!walk.types || shape.check === undefined) return;
  const message = shape.check(value, walk.catalog.emptyIsUnset);
  if (message !== undefined) problem(walk, `${message}, got ${describeValue(value)}`);
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

function walkList(walk: Walk, value: unknown, shape: FieldShape): void {
  if (!Array.isArray(value)) {
    if (walk.types) mismatch(walk, 'array', value);
    return;
  }
  checkValue(walk, value, shape);
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
}

function walkMap(walk: Walk, value: unknown, shape: FieldShape): void {
  if (!isObject(value)) {
    if (walk.types) mismatch(walk, 'object', value);
    return;
  }
  checkValue(walk, value, shape);
  const item = shape.item;
  if (item === undefined || !(walk.types || item.nested)) return;
  for (const key in value) {
    const element = value[key];
    if (element === null || element === undefined) continue;
    walk.path.push(key);
    walkValue(walk, element, item);
    walk.path.pop();
  }
}

function walkValue(walk: Walk, value: unknown, shape: FieldShape): void {
  switch (shape.form) {
    case 'object':
      if (!isObject(value)) {
        if (walk.types) mismatch(walk, 'object', value);
        return;
      }
      checkValue(walk, value, shape);
      walkObject(walk, value, walk.catalog.type(shape.type));
      return;
    case 'list':
      walkList(walk, value, shape);
      return;
    case 'map':
      walkMap(walk, value, shape);
      return;
    case 'scalar': {
      if (!walk.types) return;
      const expected = scalarProblem(shape, value);
      if (expected !== undefined) problem(walk, `${expected}, got ${describeValue(value)}`);
      else checkValue(walk, value, shape);
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
 * missing required fields, wrong types and rejected values as `checks` asks.
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
