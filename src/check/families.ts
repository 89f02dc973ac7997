/**
 * Every rule family of `kprod check`, in the order their findings are computed. Each family
 * lives in its own file; add a family by importing it and appending it here.
 */
import type { RuleFamily } from './finding.js';
import { schemaFamily } from './schema.js';
import { podSecurityFamily } from './pod-security.js';
import { practicesFamily } from './practices.js';
import { referencesFamily } from './references.js';
import { istioFamily } from './istio.js';

/** The rule families run by `kprod check`. */
export const FAMILIES: readonly RuleFamily[] = [
  schemaFamily,
  podSecurityFamily,
  practicesFamily,
  referencesFamily,
  istioFamily,
];
