/**
 * The ResourceQuota rules of the API server (`ValidateResourceQuotaSpec`): the `hard` resource
 * names and quantities, the scopes and the scope selector's expressions, and which scopes may
 * limit which resources. The status is not checked: a create discards it.
 */
import { type JsonRecord, arrayAt, isRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, atMapKey, formatFieldError, invalid, required } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { invalidPrinted } from '../shared/network-field-errors.js';
import { parseQuantity } from '../shared/quantity.js';
import {
  isStandardQuotaResource,
  validateQuotaQuantity,
  validateQuotaResourceName,
} from './quota-resource-names.js';

const POD_COUNT = new Set(['pods']);
const POD_COMPUTE = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);
const PVC_RESOURCES = new Set(['persistentvolumeclaims', 'requests.storage']);

/** The scopes that take no values: their selector operator must be `Exists`. */
const VALUELESS_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'CrossNamespacePodAffinity',
];
const STANDARD_SCOPES = new Set([...VALUELESS_SCOPES, 'PriorityClass', 'VolumeAttributesClass']);
const CONFLICTING_SCOPES: readonly (readonly [string, string])[] = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];
const EXISTS_ONLY =
  "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity";

/** True when a quota with `scope` may limit `resource`; unknown scopes limit anything. */
function scopeFitsResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'BestEffort':
      return POD_COUNT.has(resource);
    case 'VolumeAttributesClass':
      return PVC_RESOURCES.has(resource);
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT.has(resource) || POD_COMPUTE.has(resource);
    default:
      return true;
  }
}

function misfits(scope: string, hard: readonly string[]): boolean {
  return hard.some((k) => isStandardQuotaResource(k) && !scopeFitsResource(scope, k));
}

function conflicts(scopes: ReadonlySet<string>): number {
  return CONFLICTING_SCOPES.filter(([a, b]) => scopes.has(a) && scopes.has(b)).length;
}

function strings(values: readonly unknown[]): string[] {
  return values.filter((v): v is string => typeof v === 'string');
}

function validateHard(hard: JsonRecord | undefined): FieldError[] {
  const out: FieldError[] = [];
  const path: FieldPath = ['spec', 'hard'];
  for (const [name, value] of Object.entries(hard ?? {})) {
    const at: FieldPath = [...path, name];
    const q = parseQuantity(value);
    const errs = [
      ...validateQuotaResourceName(name, at),
      ...(q === undefined ? [] : validateQuotaQuantity(name, q, at)),
    ];
    out.push(...errs.map((e) => atMapKey(e, path.length)));
  }
  return out;
}

function validateScopes(scopes: readonly string[], hard: readonly string[]): FieldError[] {
  const out: FieldError[] = [];
  const path: FieldPath = ['spec', 'scopes'];
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.has(scope)) out.push(invalid(path, scopes, 'unsupported scope'));
    if (misfits(scope, hard)) {
      out.push(invalid(path, scopes, 'unsupported scope applied to resource'));
    }
  }
  for (let i = conflicts(new Set(scopes)); i > 0; i--) {
    out.push(invalid(path, scopes, 'conflicting scopes'));
  }
  return out;
}

/** The selector as the API server prints its internal form: Go field names, `null` lists. */
function printSelector(expressions: readonly unknown[]): string {
  const printed = expressions.map((e) => {
    const r = isRecord(e) ? e : {};
    const values = Array.isArray(r['values']) ? r['values'] : null;
    return { ScopeName: r['scopeName'] ?? '', Operator: r['operator'] ?? '', Values: values };
  });
  return JSON.stringify({ MatchExpressions: printed });
}

function validateExpression(expression: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const scope = typeof expression['scopeName'] === 'string' ? expression['scopeName'] : '';
  const operator = typeof expression['operator'] === 'string' ? expression['operator'] : '';
  const values = arrayAt(expression, 'values');
  if (VALUELESS_SCOPES.includes(scope) && operator !== 'Exists') {
    out.push(invalid([...path, 'operator'], operator, EXISTS_ONLY));
  }
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      out.push(
        required(
          [...path, 'values'],
          "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
        ),
      );
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      out.push(
        invalid(
          [...path, 'values'],
          values,
          "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
        ),
      );
    }
  } else out.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'));
  return out;
}

function validateScopeSelector(
  selector: JsonRecord,
  scopes: readonly string[] | null,
  hard: readonly string[],
): FieldError[] {
  const out: FieldError[] = [];
  // The API server's paths name the list, never the expression's index.
  const path: FieldPath = ['spec', 'scopeSelector', 'matchExpressions'];
  const expressions = arrayAt(selector, 'matchExpressions');
  const seen = new Set<string>();
  for (const expression of expressions) {
    const e = isRecord(expression) ? expression : {};
    const scope = typeof e['scopeName'] === 'string' ? e['scopeName'] : '';
    if (!STANDARD_SCOPES.has(scope)) {
      out.push(invalid([...path, 'scopeName'], scope, 'unsupported scope'));
    }
    if (misfits(scope, hard)) {
      out.push(
        invalidPrinted(path, printSelector(expressions), 'unsupported scope applied to resource'),
      );
    }
    out.push(...validateExpression(e, path));
    seen.add(scope);
  }
  for (let i = conflicts(seen); i > 0; i--) {
    // It prints the quota's `scopes`, not the selector, as the value.
    out.push(invalidPrinted(path, JSON.stringify(scopes), 'conflicting scopes'));
  }
  return out;
}

/** The errors once each: the API server repeats one per scope and resource. */
function once(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const text = formatFieldError(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Every rule of `ValidateResourceQuota` but the object metadata. */
export function validateResourceQuota(object: JsonRecord): FieldError[] {
  const spec = recordAt(object, 'spec');
  const hard = recordAt(spec, 'hard');
  const hardNames = Object.keys(hard ?? {}).sort();
  const scopeList = Array.isArray(spec?.['scopes']) ? strings(spec['scopes']) : null;
  const selector = recordAt(spec, 'scopeSelector');
  return once([
    ...validateHard(hard),
    ...validateScopes(scopeList ?? [], hardNames),
    ...(selector === undefined ? [] : validateScopeSelector(selector, scopeList, hardNames)),
  ]);
}

/** The ResourceQuota validator. */
export const RESOURCE_QUOTA_VALIDATOR: KindValidator = {
  group: '',
  kind: 'ResourceQuota',
  validate: validateResourceQuota,
};
