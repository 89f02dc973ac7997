import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { validatePriorityClass } from './scheduling-priority-class-validator.js';

// Expected messages: the causes of the v1.36.3 API server for these objects on a dry-run create.
describe('validatePriorityClass', () => {
  const pc = (name: string, fields: Record<string, unknown>) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    ...fields,
  });

  it.each([
    ['a user class at the limit', pc('pc-b', { value: 1000000000, preemptionPolicy: 'Never' }), []],
    [
      'a user class above the limit with an empty policy',
      pc('pc-a', { value: 1000000001, preemptionPolicy: '' }),
      [
        'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
        'preemptionPolicy: Required value',
      ],
    ],
    [
      'an unknown system name',
      pc('system-foo', { value: 5, preemptionPolicy: 'Always' }),
      [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
        'preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"',
      ],
    ],
    [
      'a system class with another value',
      pc('system-node-critical', { value: 5 }),
      [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
      ],
    ],
  ])('should judge %s', (_name, object, messages) => {
    expect(validatePriorityClass(object).map(formatFieldError)).toEqual(messages);
  });
});
