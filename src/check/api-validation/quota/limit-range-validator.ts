/**
 * The LimitRange rules of the API server (`ValidateLimitRange`): limit types, resource names by
 * type, min ≤ default request ≤ default ≤ max, ratios of at least 1 and within max/min, equal
 * default and default request for resources that cannot be overcommitted. A Container limit is
 * defaulted first, as the API server does: the default limit from max, the default request from
 * the default limit, then from min.
 */
import { type JsonRecord, arrayAt, isRecord } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  atMapKey,
  duplicate,
  forbidden,
  invalid,
  required,
} from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { qualifiedNameProblems } from '../shared/name-rules.js';
import {
  type Quantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
} from '../shared/quantity.js';
import { isOvercommitAllowed } from '../shared/resource-names.js';
import {
  milliValue,
  validateContainerResourceName,
  validateResourceName,
  wholeValue,
} from './quota-resource-names.js';

const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
/** The five resource maps of a limit, in the order the API server reads them. */
const MAPS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
type MapName = (typeof MAPS)[number];
type Limits = Record<MapName, Map<string, Quantity>>;

/** Above this (in whole units) the API server compares ratios in whole units, not thousandths. */
const MAX_MILLI_VALUE = 9_223_372_036_854_775n;
const ONE: Quantity = { nanos: 1_000_000_000n, format: 'decimalSI' };

function validateType(type: string, path: FieldPath): FieldError[] {
  const problems = qualifiedNameProblems(type);
  if (problems.length > 0) return problems.map((msg) => invalid(path, type, msg));
  if (!type.includes('/') && !LIMIT_TYPES.has(type)) {
    return [invalid(path, type, 'must be a standard limit type or fully qualified')];
  }
  return [];
}

function quantities(map: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isRecord(map)) return out;
  for (const [name, value] of Object.entries(map)) {
    const q = parseQuantity(value);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

/** The limit's maps after the API server's defaulting of Container limits. */
function defaulted(type: string, limit: JsonRecord): Limits {
  const l = Object.fromEntries(MAPS.map((m) => [m, quantities(limit[m])])) as Limits;
  if (type !== 'Container') return l;
  const fill = (to: Map<string, Quantity>, from: Map<string, Quantity>) => {
    for (const [k, q] of from) if (!to.has(k)) to.set(k, q);
  };
  fill(l.default, l.max);
  fill(l.defaultRequest, l.default);
  fill(l.defaultRequest, l.min);
  return l;
}

/** `%f` of Go: six decimals, infinities signed. */
function goFloat(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : value.toFixed(6);
}

/** max/min when the ratio exceeds it, compared as the API server does (in thousandths). */
function ratioLimitExceeded(ratio: Quantity, min: Quantity, max: Quantity): string | undefined {
  let ratioValue = Number(wholeValue(ratio));
  let minValue = wholeValue(min);
  let maxValue = wholeValue(max);
  if (
    wholeValue(ratio) < MAX_MILLI_VALUE &&
    minValue < MAX_MILLI_VALUE &&
    maxValue < MAX_MILLI_VALUE
  ) {
    ratioValue = Number(milliValue(ratio)) / 1000;
    minValue = milliValue(min);
    maxValue = milliValue(max);
  }
  const bound = Number(maxValue) / Number(minValue);
  return ratioValue > bound ? goFloat(bound) : undefined;
}

/** The order rules of one resource across the limit's maps. */
function validateOrder(l: Limits, key: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const at = (map: MapName, q: Quantity, detail: string) =>
    out.push(atMapKey(invalid([...path, map, key], formatQuantity(q), detail), path.length + 1));
  const [min, max, def, req, ratio] = [
    l.min.get(key),
    l.max.get(key),
    l.default.get(key),
    l.defaultRequest.get(key),
    l.maxLimitRequestRatio.get(key),
  ];
  const f = formatQuantity;
  const above = (a: Quantity | undefined, b: Quantity | undefined): boolean =>
    a !== undefined && b !== undefined && compareQuantities(a, b) > 0;
  if (min && max && above(min, max))
    at('min', min, `min value ${f(min)} is greater than max value ${f(max)}`);
  if (min && req && above(min, req))
    at(
      'defaultRequest',
      req,
      `min value ${f(min)} is greater than default request value ${f(req)}`,
    );
  if (req && max && above(req, max))
    at(
      'defaultRequest',
      req,
      `default request value ${f(req)} is greater than max value ${f(max)}`,
    );
  if (req && def && above(req, def))
    at(
      'defaultRequest',
      req,
      `default request value ${f(req)} is greater than default limit value ${f(def)}`,
    );
  if (min && def && above(min, def))
    at('default', min, `min value ${f(min)} is greater than default value ${f(def)}`);
  if (def && max && above(def, max))
    at('default', max, `default value ${f(def)} is greater than max value ${f(max)}`);
  if (ratio && compareQuantities(ratio, ONE) < 0)
    at('maxLimitRequestRatio', ratio, `ratio ${f(ratio)} is less than 1`);
  if (ratio && min && max) {
    const bound = ratioLimitExceeded(ratio, min, max);
    if (bound !== undefined)
      at('maxLimitRequestRatio', ratio, `ratio ${f(ratio)} is greater than max/min = ${bound}`);
  }
  if (!isOvercommitAllowed(key) && def && req && compareQuantities(def, req) !== 0) {
    at(
      'defaultRequest',
      req,
      `default value ${f(def)} must equal to defaultRequest value ${f(req)} in ${key}`,
    );
  }
  return out;
}

function validateLimit(limit: JsonRecord, type: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const l = defaulted(type, limit);
  const nameRule =
    type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
  const keys = new Set<string>();
  for (const map of MAPS) {
    if (type === 'Pod' && (map === 'default' || map === 'defaultRequest')) {
      if (l[map].size > 0)
        out.push(forbidden([...path, map], "may not be specified when `type` is 'Pod'"));
      continue;
    }
    for (const key of l[map].keys()) {
      out.push(...nameRule(key, [...path, map, key]).map((e) => atMapKey(e, path.length + 1)));
      keys.add(key);
    }
  }
  if (type === 'PersistentVolumeClaim' && !l.min.has('storage') && !l.max.has('storage')) {
    out.push(
      required(
        [...path, 'limits'],
        'either minimum or maximum storage value is required, but neither was provided',
      ),
    );
  }
  for (const key of keys) out.push(...validateOrder(l, key, path));
  return out;
}

/** Every rule of `ValidateLimitRange` but the object metadata. */
export function validateLimitRange(object: JsonRecord): FieldError[] {
  const out: FieldError[] = [];
  const types = new Set<string>();
  arrayAt(isRecord(object['spec']) ? object['spec'] : {}, 'limits').forEach((item, i) => {
    const limit = isRecord(item) ? item : {};
    const type = typeof limit['type'] === 'string' ? limit['type'] : '';
    const path: FieldPath = ['spec', 'limits', i];
    out.push(...validateType(type, [...path, 'type']));
    if (types.has(type)) out.push(duplicate([...path, 'type'], type));
    types.add(type);
    out.push(...validateLimit(limit, type, path));
  });
  return out;
}

/** The LimitRange validator. */
export const LIMIT_RANGE_VALIDATOR: KindValidator = {
  group: '',
  kind: 'LimitRange',
  validate: validateLimitRange,
};
