/** Variants of Services, Ingress, NetworkPolicy, HPA, PDB, RBAC and configuration kinds. */
import type { Variant } from './variant.js';

/** Every service, networking, policy and RBAC variant. */
export function networkVariants(): Variant[] {
  return [];
}
