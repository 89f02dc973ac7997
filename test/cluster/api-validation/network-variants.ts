/**
 * Variants of Services, Ingress, NetworkPolicy, HPA, PDB, RBAC, configuration kinds, ResourceQuota
 * and LimitRange.
 */
import { networkingVariants } from './network-variants-networking.js';
import { policyVariants } from './network-variants-policy.js';
import { quotaVariants } from './quota-variants.js';
import { schedulingVariants } from './network-variants-scheduling.js';
import { serviceVariants } from './network-variants-service.js';
import type { Variant } from './variant.js';

/** Every service, networking, policy, RBAC and configuration variant. */
export function networkVariants(): Variant[] {
  return [
    ...serviceVariants(),
    ...networkingVariants(),
    ...policyVariants(),
    ...schedulingVariants(),
    ...quotaVariants(),
  ];
}
