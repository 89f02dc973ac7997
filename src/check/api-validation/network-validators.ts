/** Validators of Services, Ingress, NetworkPolicy, HPA, PDB, RBAC and configuration kinds. */
import type { KindValidator } from './kind-validator.js';
import { SERVICE_VALIDATOR } from './service-validator.js';

/** The service, networking, policy and RBAC validators. */
export const NETWORK_VALIDATORS: readonly KindValidator[] = [SERVICE_VALIDATOR];
