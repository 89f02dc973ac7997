/**
 * The value constraints of the field catalogs (enums, formats, patterns, bounds, lengths and
 * sizes, and oneOf/anyOf/allOf/not of them), compiled into functions the catalog walk calls on
 * each value of a field that has one. The catalogs store each constraint once, as OpenAPI spells
 * it (scripts/kube-catalog.mjs, scripts/crd-catalog.mjs); a keyword this file does not know
 * throws when the catalog is compiled, so a generator change cannot be ignored silently.
 * Messages are those kprod check has always given: "must be a valid int32", "must be one of …".
 */
import { isIPv4, isIPv6 } from 'node:net';

/** One value constraint of a catalog, as the generators write it. */
export interface ValueConstraint {
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  /** OpenAPI v3.0 (CRDs): true makes minimum exclusive; a number is its own bound (v3.1). */
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  /** In oneOf/anyOf/allOf/not branches only: fields that must be present. */
  readonly required?: readonly string[];
  /** In branches only: constraints of some fields, when present. */
  readonly properties?: Readonly<Record<string, ValueConstraint>>;
  /** In branches only: the defaults of those fields, which the API server sets first. */
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly oneOf?: readonly ValueConstraint[];
  readonly anyOf?: readonly ValueConstraint[];
  readonly allOf?: readonly ValueConstraint[];
  readonly not?: ValueConstraint;
}

/**
 * Checks one value (already of the field's JSON type); returns what it must be ("must be a valid
 * int32"), to which the walk adds what it got, or undefined when it passes. `emptyIsUnset`: an
 * empty string passes an enum, as a built-in type's string field decodes `""` as unset, so the
 * API server defaults it or its validation code judges it, never the OpenAPI enum.
 */
export type ValueCheck = (value: unknown, emptyIsUnset: boolean) => string | undefined;

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
// Standard base64 with padding, as Go's encoding/json decodes a []byte.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3339 date-time; the calendar is checked below.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
// resource.Quantity: a signed decimal, then a binary or decimal SI suffix or an exponent.
const NUMBER_PART = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
const QUANTITY = new RegExp(`^${NUMBER_PART}(?:[KMGTPE]i|[numkMGTPE]|[eE]${NUMBER_PART})?$`);

/** The message of a quantity that does not parse, as kprod check has always given it. */
export const QUANTITY_MESSAGE = 'must be a quantity such as 250m, 0.5, 128Mi or 1Gi';

/** True when `value` is a string resource.Quantity parses (a number always is one). */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when `value` is an RFC 3339 date-time, as metav1.Time parses it. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (match === null) return false;
  const part = (index: number) => Number(match[index] ?? 0);
  const [year, month, day] = [part(1), part(2), part(3)];
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (days[month - 1] ?? 0) &&
    part(4) <= 23 &&
    part(5) <= 59 &&
    part(6) <= 60 &&
    part(7) <= 23 &&
    part(8) <= 59
  );
}

/** The message of a date-time that is not RFC 3339 (metav1.Time). */
export const DATE_TIME_MESSAGE = 'must be a valid date-time';

/** Format name → test of a value of the format's JSON type. */
const FORMATS: Readonly<Record<string, (value: unknown) => boolean>> = {
  int32: (value) => typeof value !== 'number' || (value >= INT32_MIN && value <= INT32_MAX),
  // The walk has checked that the value is an integer: a fraction is "not a valid int64" there.
  int64: () => true,
  byte: (value) => typeof value !== 'string' || BASE64.test(value),
  ipv4: (value) => typeof value !== 'string' || isIPv4(value),
  ipv6: (value) => typeof value !== 'string' || isIPv6(value),
  // A CRD's resource.Quantity: an int-or-string whose string must parse as a quantity.
  quantity: (value) => typeof value !== 'string' || isQuantity(value),
};

const KNOWN = new Set([
  'format',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'defaults',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
]);

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in code points, as JSON Schema counts a string's characters. */
function lengthOf(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) length += 1;
  }
  return length;
}

/** `1 item`, `2 items`. */
function counted(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

type Step = (value: unknown, emptyIsUnset: boolean) => string | undefined;

function enumStep(allowed: readonly unknown[]): Step {
  const members = new Set(allowed);
  const listed = allowed.map((v) => JSON.stringify(v)).join(', ');
  return (value, emptyIsUnset) =>
    members.has(value) || (emptyIsUnset && value === '') ? undefined : `must be one of ${listed}`;
}

function numberSteps(c: ValueConstraint, steps: Step[]): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = c;
  if (maximum !== undefined) {
    const exclusive = exclusiveMaximum === true;
    steps.push((value) =>
      typeof value !== 'number' || (exclusive ? value < maximum : value <= maximum)
        ? undefined
        : `must be ${exclusive ? '<' : '<='} ${maximum}`,
    );
  }
  if (minimum !== undefined) {
    const exclusive = exclusiveMinimum === true;
    steps.push((value) =>
      typeof value !== 'number' || (exclusive ? value > minimum : value >= minimum)
        ? undefined
        : `must be ${exclusive ? '>' : '>='} ${minimum}`,
    );
  }
  if (typeof exclusiveMaximum === 'number') {
    steps.push((value) =>
      typeof value !== 'number' || value < exclusiveMaximum
        ? undefined
        : `must be < ${exclusiveMaximum}`,
    );
  }
  if (typeof exclusiveMinimum === 'number') {
    steps.push((value) =>
      typeof value !== 'number' || value > exclusiveMinimum
        ? undefined
        : `must be > ${exclusiveMinimum}`,
    );
  }
  if (multipleOf !== undefined) {
    steps.push((value) =>
      typeof value !== 'number' || Number.isInteger(value / multipleOf)
        ? undefined
        : `must be multiple of ${multipleOf}`,
    );
  }
}

function stringSteps(c: ValueConstraint, steps: Step[]): void {
  const { maxLength, minLength, pattern } = c;
  if (maxLength !== undefined) {
    steps.push((value) =>
      typeof value !== 'string' || lengthOf(value) <= maxLength
        ? undefined
        : `must NOT be longer than ${counted(maxLength, 'character')}`,
    );
  }
  if (minLength !== undefined) {
    steps.push((value) =>
      typeof value !== 'string' || lengthOf(value) >= minLength
        ? undefined
        : `must NOT be shorter than ${counted(minLength, 'character')}`,
    );
  }
  if (pattern !== undefined) {
    // Compiled on first use: most patterns of a catalog are never reached.
    let regexp: RegExp | undefined;
    steps.push((value) => {
      if (typeof value !== 'string') return undefined;
      regexp ??= new RegExp(pattern, 'u');
      return regexp.test(value) ? undefined : `must match pattern "${pattern}"`;
    });
  }
}

function listAndObjectSteps(c: ValueConstraint, steps: Step[]): void {
  const { maxItems, minItems, uniqueItems, maxProperties, minProperties } = c;
  if (maxItems !== undefined) {
    steps.push((value) =>
      !Array.isArray(value) || value.length <= maxItems
        ? undefined
        : `must NOT have more than ${counted(maxItems, 'item')}`,
    );
  }
  if (minItems !== undefined) {
    steps.push((value) =>
      !Array.isArray(value) || value.length >= minItems
        ? undefined
        : `must NOT have less than ${counted(minItems, 'item')}`,
    );
  }
  if (uniqueItems === true) {
    steps.push((value) => {
      if (!Array.isArray(value)) return undefined;
      const seen = new Map<string, number>();
      for (let index = 0; index < value.length; index += 1) {
        const key = JSON.stringify(value[index]);
        const first = seen.get(key);
        if (first !== undefined) {
          return `must NOT have duplicate items (items ## ${first} and ${index} are identical)`;
        }
        seen.set(key, index);
      }
      return undefined;
    });
  }
  const count = (value: unknown) => (isObject(value) ? Object.keys(value).length : undefined);
  if (maxProperties !== undefined) {
    steps.push((value) =>
      (count(value) ?? 0) <= maxProperties
        ? undefined
        : `must NOT have more than ${counted(maxProperties, 'property', 'properties')}`,
    );
  }
  if (minProperties !== undefined) {
    steps.push((value) =>
      (count(value) ?? minProperties) >= minProperties
        ? undefined
        : `must NOT have less than ${counted(minProperties, 'property', 'properties')}`,
    );
  }
}

function branchSteps(c: ValueConstraint, steps: Step[]): void {
  const { required, properties, defaults, not, allOf, anyOf, oneOf } = c;
  if (required !== undefined) {
    steps.push((value) => {
      if (!isObject(value)) return undefined;
      const missing = required.find((name) => value[name] === undefined);
      return missing === undefined ? undefined : `must have required property '${missing}'`;
    });
  }
  if (properties !== undefined) {
    const checks = Object.entries(properties).map(([name, sub]) => [name, compile(sub)] as const);
    steps.push((value, emptyIsUnset) => {
      if (!isObject(value)) return undefined;
      for (const [name, check] of checks) {
        const field = value[name] ?? defaults?.[name];
        const problem = field === undefined ? undefined : check(field, emptyIsUnset);
        if (problem !== undefined) return problem;
      }
      return undefined;
    });
  }
  if (not !== undefined) {
    const check = compile(not);
    steps.push((value, emptyIsUnset) =>
      check(value, emptyIsUnset) === undefined ? 'must NOT be valid' : undefined,
    );
  }
  if (allOf !== undefined) {
    const checks = allOf.map(compile);
    steps.push((value, emptyIsUnset) => {
      for (const check of checks) {
        const problem = check(value, emptyIsUnset);
        if (problem !== undefined) return problem;
      }
      return undefined;
    });
  }
  for (const [branches, exactlyOne] of [
    [anyOf, false],
    [oneOf, true],
  ] as const) {
    if (branches === undefined) continue;
    const checks = branches.map(compile);
    steps.push((value, emptyIsUnset) => {
      let passing = 0;
      for (const check of checks) {
        if (check(value, emptyIsUnset) === undefined) passing += 1;
      }
      return passing === 0 || (exactlyOne && passing > 1)
        ? 'does not match any of the allowed forms'
        : undefined;
    });
  }
}

function compile(c: ValueConstraint): ValueCheck {
  for (const keyword of Object.keys(c)) {
    if (!KNOWN.has(keyword)) throw new Error(`catalog value constraint: unknown ${keyword}`);
  }
  const steps: Step[] = [];
  if (c.format !== undefined) {
    const test = FORMATS[c.format];
    if (test === undefined) throw new Error(`catalog value constraint: unknown format ${c.format}`);
    const message = c.format === 'quantity' ? QUANTITY_MESSAGE : `must be a valid ${c.format}`;
    steps.push((value) => (test(value) ? undefined : message));
  }
  if (c.enum !== undefined) steps.push(enumStep(c.enum));
  stringSteps(c, steps);
  numberSteps(c, steps);
  listAndObjectSteps(c, steps);
  branchSteps(c, steps);
  const [only] = steps;
  if (steps.length === 1 && only !== undefined) return only;
  return (value, emptyIsUnset) => {
    for (const step of steps) {
      const problem = step(value, emptyIsUnset);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

/** Compiles a catalog's value constraint into its check; throws on a keyword it does not know. */
export function compileValueCheck(constraint: ValueConstraint): ValueCheck {
  return compile(constraint);
}
