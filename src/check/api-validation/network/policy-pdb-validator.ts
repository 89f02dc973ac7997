/** The PodDisruptionBudget rules of the API server (`ValidatePodDisruptionBudgetSpec`). */
import { type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { invalidPrinted } from '../shared/network-field-errors.js';
import { validateLabelSelector } from '../shared/selector.js';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];
const PERCENT = /^[0-9]+%$/;

/**
 * Errors of a non-negative int-or-percent (`minAvailable: 2`, `maxUnavailable: 50%`) that may
 * not exceed 100%.
 */
export function validateIntOrPercent(value: unknown, path: FieldPath): FieldError[] {
  if (typeof value === 'number') {
    return value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
  }
  if (typeof value !== 'string') return [];
  if (!PERCENT.test(value)) {
    return [
      invalid(
        path,
        value,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  }
  return Number(value.slice(0, -1)) > 100
    ? [invalid(path, value, 'must not be greater than 100%')]
    : [];
}

/** The spec as Go prints the internal struct: its field names, nil pointers as null. */
function printSpec(spec: JsonRecord): string {
  return JSON.stringify({
    MinAvailable: spec['minAvailable'] ?? null,
    Selector: spec['selector'] ?? null,
    MaxUnavailable: spec['maxUnavailable'] ?? null,
    UnhealthyPodEvictionPolicy: spec['unhealthyPodEvictionPolicy'] ?? null,
  });
}

/** Every rule of `ValidatePodDisruptionBudgetSpec`. */
export function validatePodDisruptionBudget(object: JsonRecord): FieldError[] {
  const spec = recordAt(object, 'spec') ?? {};
  const errs: FieldError[] = [];
  const min = spec['minAvailable'];
  const max = spec['maxUnavailable'];
  if (min != null && max != null) {
    errs.push(
      invalidPrinted(
        ['spec'],
        printSpec(spec),
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  }
  if (min != null) errs.push(...validateIntOrPercent(min, ['spec', 'minAvailable']));
  if (max != null) errs.push(...validateIntOrPercent(max, ['spec', 'maxUnavailable']));
  errs.push(...validateLabelSelector(spec['selector'], ['spec', 'selector']));
  const policy = spec['unhealthyPodEvictionPolicy'];
  if (typeof policy === 'string' && !EVICTION_POLICIES.includes(policy)) {
    errs.push(notSupported(['spec', 'unhealthyPodEvictionPolicy'], policy, EVICTION_POLICIES));
  }
  return errs;
}

/** The PodDisruptionBudget validator. */
export const PDB_VALIDATOR: KindValidator = {
  group: 'policy',
  kind: 'PodDisruptionBudget',
  validate: validatePodDisruptionBudget,
};
