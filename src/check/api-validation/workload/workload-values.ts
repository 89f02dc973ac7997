/** Small value helpers the workload validators share: Go's JSON printing, non-negative fields. */
import { isRecord, numberAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid } from '../field-errors.js';
import { NEGATIVE } from '../pod/pod-values.js';

/** A value as Go's JSON encoder prints it: object keys sorted. */
export function goJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(goJson);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, goJson(value[k])]),
  );
}

/** Errors of a field that must not be negative, when set. */
export function nonNegative(object: unknown, field: string, path: FieldPath): FieldError[] {
  const value = numberAt(object, field);
  return value !== undefined && value < 0 ? [invalid([...path, field], value, NEGATIVE)] : [];
}
