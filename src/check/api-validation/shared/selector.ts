/**
 * Label maps and label selectors as the API server validates them (apimachinery's
 * `ValidateLabels`, `ValidateLabelSelector`) and whether a selector can be evaluated at all.
 */
import { type JsonRecord, arrayAt, isRecord, stringAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, required } from '../field-errors.js';
import { labelValueProblems, qualifiedNameProblems } from './name-rules.js';

/** Errors of a label key (a qualified name) at `path`. */
export function validateLabelName(key: string, path: FieldPath): FieldError[] {
  return qualifiedNameProblems(key).map((msg) => invalid(path, key, msg));
}

/** Errors of a label map: each key a qualified name, each value a label value. */
export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(labels)) return [];
  const out: FieldError[] = [];
  for (const key of Object.keys(labels)) {
    for (const msg of qualifiedNameProblems(key)) out.push(invalid(path, key, msg));
    const value = labels[key];
    if (typeof value === 'string') {
      for (const msg of labelValueProblems(value)) out.push(invalid(path, value, msg));
    }
  }
  return out;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * The errors of how many values a requirement gives for a set operator, as label and node
 * selectors share them: In and NotIn need values, Exists and DoesNotExist take none. Undefined
 * when `operator` is none of the four (the caller knows its own other operators).
 */
export function setOperatorValueErrors(
  operator: string,
  count: number,
  path: FieldPath,
): FieldError[] | undefined {
  if (operator === 'In' || operator === 'NotIn') {
    return count === 0
      ? [required([...path, 'values'], "must be specified when `operator` is 'In' or 'NotIn'")]
      : [];
  }
  if (operator === 'Exists' || operator === 'DoesNotExist') {
    return count > 0
      ? [
          forbidden(
            [...path, 'values'],
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        ]
      : [];
  }
  return undefined;
}

function validateRequirement(expr: unknown, path: FieldPath): FieldError[] {
  // An entry that is not an object never decodes; the schema family reports it.
  if (!isRecord(expr)) return [];
  const out: FieldError[] = [];
  const operator = stringAt(expr, 'operator') ?? '';
  const values = arrayAt(expr, 'values');
  const counted = setOperatorValueErrors(operator, values.length, path);
  if (counted !== undefined) out.push(...counted);
  else out.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'));
  out.push(...validateLabelName(stringAt(expr, 'key') ?? '', [...path, 'key']));
  values.forEach((value, i) => {
    if (typeof value !== 'string') return;
    out.push(
      ...labelValueProblems(value).map((msg) => invalid([...path, 'values', i], value, msg)),
    );
  });
  return out;
}

/** Errors of a `metav1.LabelSelector` (matchLabels and matchExpressions). */
export function validateLabelSelector(selector: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(selector)) return [];
  const out = validateLabels(selector['matchLabels'], [...path, 'matchLabels']);
  arrayAt(selector, 'matchExpressions').forEach((expr, i) => {
    out.push(...validateRequirement(expr, [...path, 'matchExpressions', i]));
  });
  return out;
}

/** True when a selector has neither matchLabels nor matchExpressions. */
export function selectorIsEmpty(selector: JsonRecord): boolean {
  const labels = selector['matchLabels'];
  const count = isRecord(labels) ? Object.keys(labels).length : 0;
  return count + arrayAt(selector, 'matchExpressions').length === 0;
}

/** Every operator a requirement may use. */
export function isSelectorOperator(operator: string): boolean {
  return OPERATORS.has(operator);
}
