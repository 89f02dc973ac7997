/** The PodDisruptionBudget rules of the API server (`ValidatePodDisruptionBudgetSpec`). */
import { type JsonRecord, recordAt } from '../../../kube/field-access.js';
import { type FieldError, notSupported } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { validateIntOrPercent } from '../shared/int-or-percent.js';
import { invalidPrinted } from '../shared/network-field-errors.js';
import { validateLabelSelector } from '../shared/selector.js';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

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
