/**
 * Every rule family of `kprod check`, in the order their findings are computed. Each family
 * lives in its own file; add a family by importing it and appending it here.
 */
import type { RuleFamily } from './finding.js';
import { schemaFamily } from './schema/schema.js';
import { podSecurityFamily } from './pod-security/pod-security.js';
import { practicesFamily } from './practices/practices.js';
import { referencesFamily } from './references/references.js';
import { istioFamily } from './istio/istio.js';
import { apiValidationFamily } from './api-validation/api-validation.js';

/** The rule families run by `kprod check`. */
export const FAMILIES: readonly RuleFamily[] = [
  schemaFamily,
  apiValidationFamily,
  podSecurityFamily,
  practicesFamily,
  referencesFamily,
  istioFamily,
];
