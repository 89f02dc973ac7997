import { cases, sweep, withField } from './network-variant-kit.js';
import type { Variant } from './variant.js';

/** PriorityClass variants: values around the user limit, preemption policies, system names. */

const PRIORITY_CLASS = {
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: 'high' },
  value: 1000,
  description: 'for the web tier',
};

/** Every PriorityClass variant. */
export function schedulingVariants(): Variant[] {
  return [
    ...sweep(
      'pc-value',
      'scheduling',
      PRIORITY_CLASS,
      ['value'],
      [0, -5, 1, 999999999, 1000000000, 1000000001, 2000000000, -2147483648, 2147483647],
    ),
    ...sweep(
      'pc-preemption',
      'scheduling',
      PRIORITY_CLASS,
      ['preemptionPolicy'],
      ['PreemptLowerPriority', 'Never', '', 'Always', 'never'],
    ),
    ...cases('system-pc', 'scheduling', [
      PRIORITY_CLASS,
      withField(PRIORITY_CLASS, ['value'], 2000000000),
      withField(PRIORITY_CLASS, ['preemptionPolicy'], 'Sometimes'),
    ]),
  ];
}
