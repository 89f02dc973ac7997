/** Validators of Services, Ingress, NetworkPolicy, HPA, PDB, RBAC and configuration kinds. */
import { HPA_VALIDATOR } from './autoscaling-hpa-validator.js';
import { CONFIG_VALIDATORS } from './config-validators.js';
import type { KindValidator } from '../kind-validator.js';
import { INGRESS_CLASS_VALIDATOR, INGRESS_VALIDATOR } from './network-ingress-validator.js';
import { NETWORK_POLICY_VALIDATOR } from './network-policy-validator.js';
import {
  type NameRule,
  nameIsDns1035Label,
  nameIsDnsSubdomain,
  nameIsPathSegment,
  validateObjectMeta,
} from '../shared/object-meta.js';
import { PDB_VALIDATOR } from './policy-pdb-validator.js';
import { RBAC_VALIDATORS } from './rbac-validators.js';
import { PRIORITY_CLASS_VALIDATOR } from './scheduling-priority-class-validator.js';
import { SERVICE_VALIDATOR } from './service-validator.js';

/** The name rule of each kind here, as its validation code names it; others are subdomains. */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Service: nameIsDns1035Label,
  Role: nameIsPathSegment,
  ClusterRole: nameIsPathSegment,
  RoleBinding: nameIsPathSegment,
  ClusterRoleBinding: nameIsPathSegment,
};

/** The kind's own validation after the ObjectMeta rules every object is held to. */
function withObjectMeta(validator: KindValidator): KindValidator {
  const metaRules = { nameRule: NAME_RULES[validator.kind] ?? nameIsDnsSubdomain };
  return {
    group: validator.group,
    kind: validator.kind,
    validate: (object, context) => {
      const out = validateObjectMeta(object, metaRules);
      out.push(...validator.validate(object, context));
      return out;
    },
  };
}

/** The service, networking, policy, RBAC, configuration and PriorityClass validators. */
export const NETWORK_VALIDATORS: readonly KindValidator[] = [
  SERVICE_VALIDATOR,
  INGRESS_VALIDATOR,
  INGRESS_CLASS_VALIDATOR,
  NETWORK_POLICY_VALIDATOR,
  PDB_VALIDATOR,
  HPA_VALIDATOR,
  ...RBAC_VALIDATORS,
  ...CONFIG_VALIDATORS,
  PRIORITY_CLASS_VALIDATOR,
].map(withObjectMeta);
