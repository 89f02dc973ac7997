/** Variants of Pods, pod templates and the workload kinds. */
import type { Variant } from './variant.js';

/** Every workload variant. */
export function workloadVariants(): Variant[] {
  return [];
}
