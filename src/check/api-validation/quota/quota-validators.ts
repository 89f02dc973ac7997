/** Validators of the namespace policy kinds: ResourceQuota and LimitRange. */
import type { JsonRecord } from '../../../kube/field-access.js';
import { isRecord, stringAt } from '../../../kube/field-access.js';
import type { KindValidator } from '../kind-validator.js';
import { nameIsDnsSubdomain, validateObjectMeta } from '../shared/object-meta.js';
import { LIMIT_RANGE_VALIDATOR } from './limit-range-validator.js';
import { RESOURCE_QUOTA_VALIDATOR } from './resource-quota-validator.js';

/**
 * The object as the API server validates it: a LimitRange without a name or generateName is
 * given a random (valid) name first, so it needs none.
 */
function prepared(object: JsonRecord, kind: string): JsonRecord {
  if (kind !== 'LimitRange') return object;
  const meta = isRecord(object['metadata']) ? object['metadata'] : {};
  if ((stringAt(meta, 'name') ?? '') !== '' || (stringAt(meta, 'generateName') ?? '') !== '') {
    return object;
  }
  return { ...object, metadata: { ...meta, name: 'generated' } };
}

/** The kind's own validation after the ObjectMeta rules (names are DNS-1123 subdomains). */
function withObjectMeta(validator: KindValidator): KindValidator {
  return {
    group: validator.group,
    kind: validator.kind,
    validate: (object, context) => [
      ...validateObjectMeta(prepared(object, validator.kind), { nameRule: nameIsDnsSubdomain }),
      ...validator.validate(object, context),
    ],
  };
}

/** The ResourceQuota and LimitRange validators. */
export const QUOTA_VALIDATORS: readonly KindValidator[] = [
  RESOURCE_QUOTA_VALIDATOR,
  LIMIT_RANGE_VALIDATOR,
].map(withObjectMeta);
