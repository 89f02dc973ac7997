import { arrayAt, isRecord, stringAt, stringMapAt } from './field-access.js';

/**
 * Evaluates a `metav1.LabelSelector` (matchLabels and matchExpressions) against labels, as the
 * API server does: an empty selector `{}` matches everything; an absent selector (undefined)
 * matches nothing. An operator kprod does not know makes the selector match nothing.
 */
export function labelSelectorMatches(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!isRecord(selector)) return false;
  for (const [key, value] of Object.entries(stringMapAt(selector, 'matchLabels'))) {
    if (labels[key] !== value) return false;
  }
  for (const expression of arrayAt(selector, 'matchExpressions')) {
    const key = stringAt(expression, 'key') ?? '';
    const values = arrayAt(expression, 'values').filter((v): v is string => typeof v === 'string');
    const has = Object.hasOwn(labels, key);
    switch (stringAt(expression, 'operator')) {
      case 'In':
        if (!has || !values.includes(labels[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Evaluates a plain label map (a Service's `spec.selector`, an Istio subset's `labels`): every
 * pair must be present. An empty map matches everything.
 */
export function labelMapMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
