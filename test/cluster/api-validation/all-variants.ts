/** Every variant of the differential, from each family's generator. */
import type { Variant } from './variant.js';
import { workloadVariants } from './workload-variants.js';
import { networkVariants } from './network-variants.js';

/** All variants; ids are unique. */
export function allVariants(): Variant[] {
  return [...workloadVariants(), ...networkVariants()];
}
