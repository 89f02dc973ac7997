/**
 * The `api-validation` family: the API server's validation code, run offline, one finding per
 * field error with the API server's path and wording.
 */
import {
  type CheckInput,
  type CheckOptions,
  type Finding,
  type RuleFamily,
  findingFor,
} from '../finding.js';
import { isRecord } from '../../kube/field-access.js';
import { type SourceObject, apiGroupOf } from '../../manifest/source-object.js';
import { formatFieldError } from './field-errors.js';
import { lengthWordingAt } from './shared/name-rules.js';
import type { KindValidator } from './kind-validator.js';
import { API_INVALID, FAMILY, RULES } from './api-validation-rules.js';
import { WORKLOAD_VALIDATORS } from './workload/workload-validators.js';
import { NETWORK_VALIDATORS } from './network/network-validators.js';
import { QUOTA_VALIDATORS } from './quota/quota-validators.js';

/** The validators of each API group, by kind. */
const VALIDATORS = new Map<string, Map<string, KindValidator[]>>();
for (const v of [...WORKLOAD_VALIDATORS, ...NETWORK_VALIDATORS, ...QUOTA_VALIDATORS]) {
  let kinds = VALIDATORS.get(v.group);
  if (kinds === undefined) {
    kinds = new Map();
    VALIDATORS.set(v.group, kinds);
  }
  kinds.set(v.kind, [...(kinds.get(v.kind) ?? []), v]);
}

/**
 * True when the family validates objects of this group and kind, metadata included; the schema
 * family then leaves their names and labels to it, so a bad name is reported once.
 */
export function hasApiValidation(group: string, kind: string): boolean {
  return VALIDATORS.get(group)?.has(kind) === true;
}

const HINT = 'Fix the field as the message says; the API server refuses the object as it is.';

/** Runs the validators of one object's kind over it. */
export function checkApiValidationOf(source: SourceObject, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const object = source.object;
  if (!isRecord(object)) return out;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return out;
  const validators = VALIDATORS.get(apiGroupOf(apiVersion))?.get(kind);
  if (validators === undefined) return out;
  const context = { kubeVersion: options.kubeVersion };
  for (const validator of validators) {
    for (const found of validator.validate(object, context)) {
      const error = { ...found, detail: lengthWordingAt(found.detail, context.kubeVersion) };
      out.push(findingFor(source, API_INVALID, formatFieldError(error), HINT, error.path));
    }
  }
  return out;
}

/** Runs every kind's validators over the input. */
export function checkApiValidation(input: CheckInput): Finding[] {
  return input.objects.flatMap((source) => checkApiValidationOf(source, input.options));
}

/** The api-validation family, one object at a time. */
export const apiValidationFamily: RuleFamily = {
  name: FAMILY,
  rules: RULES,
  checkObject: checkApiValidationOf,
};
