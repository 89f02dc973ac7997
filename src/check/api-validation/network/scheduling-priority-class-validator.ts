/** The PriorityClass rules of the API server (`ValidatePriorityClass`). */
import type { JsonRecord } from '../../../kube/field-access.js';
import { type FieldError, forbidden, notSupported, required } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';

/** The highest priority a user-defined class may have. */
const HIGHEST_USER_PRIORITY = 1_000_000_000;
/** The system classes: name, value and globalDefault. */
const SYSTEM_CLASSES: readonly (readonly [string, number, boolean])[] = [
  ['system-node-critical', 2_000_001_000, false],
  ['system-cluster-critical', 2_000_000_000, false],
];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** Why a `system-` name does not fit a known system class, or undefined when it does. */
function systemClassProblem(
  name: string,
  value: unknown,
  globalDefault: boolean,
): string | undefined {
  const known = SYSTEM_CLASSES.find(([n]) => n === name);
  if (known === undefined) return `${name} is not a known system priority class`;
  if (known[1] !== value) return `value of ${name} PriorityClass must be ${known[1]}`;
  if (known[2] !== globalDefault)
    return `globalDefault of ${name} PriorityClass must be ${String(known[2])}`;
  return undefined;
}

/** Every rule of `ValidatePriorityClass` but the object metadata. */
export function validatePriorityClass(object: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const metadata = object['metadata'];
  const name =
    typeof metadata === 'object' && metadata !== null && 'name' in metadata
      ? String((metadata as JsonRecord)['name'])
      : '';
  const value = typeof object['value'] === 'number' ? object['value'] : 0;
  if (name.startsWith('system-')) {
    const problem = systemClassProblem(name, value, object['globalDefault'] === true);
    if (problem !== undefined) {
      errs.push(
        forbidden(
          ['metadata', 'name'],
          `priority class names with 'system-' prefix are reserved for system use only. error: ${problem}`,
        ),
      );
    }
  } else if (value > HIGHEST_USER_PRIORITY) {
    errs.push(
      forbidden(
        ['value'],
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`,
      ),
    );
  }
  // An absent policy defaults to PreemptLowerPriority; an empty one stays empty.
  const policy = object['preemptionPolicy'];
  if (policy === '') errs.push(required(['preemptionPolicy']));
  else if (typeof policy === 'string' && !PREEMPTION_POLICIES.includes(policy)) {
    errs.push(notSupported(['preemptionPolicy'], policy, PREEMPTION_POLICIES));
  }
  return errs;
}

/** The PriorityClass validator. */
export const PRIORITY_CLASS_VALIDATOR: KindValidator = {
  group: 'scheduling.k8s.io',
  kind: 'PriorityClass',
  validate: validatePriorityClass,
};
