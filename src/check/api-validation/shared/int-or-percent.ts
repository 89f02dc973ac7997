import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid } from '../field-errors.js';

/**
 * Int-or-percent fields (`maxUnavailable: 1`, `maxSurge: 25%`, `minAvailable: 50%`) as the API
 * server validates and reads them (`ValidateNonnegativeIntOrPercent`, `IsNotMoreThan100Percent`).
 */

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** True when `value` is written as a percent (`25%`). */
export function isPercent(value: unknown): value is string {
  return typeof value === 'string' && PERCENT.test(value);
}

/** Errors of a non-negative int-or-percent that may not exceed 100%. */
export function validateIntOrPercent(value: unknown, path: FieldPath): FieldError[] {
  if (typeof value === 'number') {
    return value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
  }
  if (typeof value !== 'string') return [];
  if (!isPercent(value)) return [invalid(path, value, PERCENT_MESSAGE)];
  return Number(value.slice(0, -1)) > 100
    ? [invalid(path, value, 'must not be greater than 100%')]
    : [];
}

/** An int-or-percent's number, as the API server reads it for the zero checks. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (isPercent(value)) return Number(value.slice(0, -1));
  return /^[+-]?\d+$/.test(value) ? Number(value) : 0;
}
