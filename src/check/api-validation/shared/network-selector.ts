/**
 * Label maps and label selectors as apimachinery validates them (Service selectors, NetworkPolicy
 * and PodDisruptionBudget selectors).
 */
import { isRecord } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, required } from '../field-errors.js';
import { labelValueProblems, qualifiedNameProblems } from './name-rules.js';

/** Errors of a label key (a qualified name). */
export function validateLabelKey(key: string, path: FieldPath): FieldError[] {
  return qualifiedNameProblems(key).map((msg) => invalid(path, key, msg));
}

/**
 * Errors of a label map such as a Service selector: every key a qualified name, every value a
 * label value; the API server reports both at the map's path.
 */
export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(labels)) return [];
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    errs.push(...validateLabelKey(key, path));
    if (typeof value !== 'string') continue;
    for (const msg of labelValueProblems(value)) errs.push(invalid(path, value, msg));
  }
  return errs;
}

function validateRequirement(requirement: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(requirement)) return [];
  const errs: FieldError[] = [];
  const { operator, key } = requirement;
  const values = Array.isArray(requirement['values']) ? (requirement['values'] as unknown[]) : [];
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      errs.push(
        required([...path, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"),
      );
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      errs.push(
        forbidden(
          [...path, 'values'],
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
      );
    }
  } else {
    errs.push(invalid([...path, 'operator'], operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelKey(typeof key === 'string' ? key : '', [...path, 'key']));
  values.forEach((value, i) => {
    if (typeof value !== 'string') return;
    for (const msg of labelValueProblems(value))
      errs.push(invalid([...path, 'values', i], value, msg));
  });
  return errs;
}

/** Errors of a label selector (`matchLabels`, `matchExpressions`); absent gives none. */
export function validateLabelSelector(selector: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(selector)) return [];
  const errs = validateLabels(selector['matchLabels'], [...path, 'matchLabels']);
  const expressions = selector['matchExpressions'];
  if (Array.isArray(expressions)) {
    expressions.forEach((expr, i) => {
      errs.push(...validateRequirement(expr, [...path, 'matchExpressions', i]));
    });
  }
  return errs;
}
