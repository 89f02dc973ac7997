/**
 * The selector of the apps kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet): its errors, as
 * the API server prints the selector, and the template labels it is matched against.
 */
import { type JsonRecord, isRecord, stringAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid } from '../field-errors.js';
import { selectorIsEmpty, validateLabelSelector } from '../shared/selector.js';
import { goJson } from './workload-values.js';

/** The apps kinds that have a selector, as their messages name them. */
export type SelectorKind = 'deployment' | 'statefulset' | 'daemonset';

/** A label selector as the API server prints it: its fields in order, empty ones left out. */
export function selectorJson(selector: unknown): unknown {
  if (!isRecord(selector)) return selector;
  const out: Record<string, unknown> = {};
  const labels = selector['matchLabels'];
  if (isRecord(labels) && Object.keys(labels).length > 0) out['matchLabels'] = goJson(labels);
  const exprs = Array.isArray(selector['matchExpressions'])
    ? (selector['matchExpressions'] as unknown[])
    : [];
  if (exprs.length > 0) {
    out['matchExpressions'] = exprs.map((e) => {
      const r: Record<string, unknown> = {
        key: stringAt(e, 'key') ?? '',
        operator: stringAt(e, 'operator') ?? '',
      };
      const values = isRecord(e) && Array.isArray(e['values']) ? e['values'] : [];
      if (values.length > 0) r['values'] = values;
      return r;
    });
  }
  return out;
}

/** Labels as a selector reads them, every value a string (copied only when one is not). */
export function labelStrings(labels: JsonRecord): Readonly<Record<string, string>> {
  for (const key of Object.keys(labels)) {
    if (typeof labels[key] !== 'string') {
      return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
    }
  }
  return labels as Readonly<Record<string, string>>;
}

/**
 * Adds the errors of a selector that is present to `out`: its syntax, and whether the kind takes
 * it. True when the API server can evaluate it (it has no syntax errors).
 */
export function validateSelector(
  selector: JsonRecord,
  kind: SelectorKind,
  path: FieldPath,
  out: FieldError[],
): boolean {
  const errors = validateLabelSelector(selector, [...path, 'selector']);
  out.push(...errors);
  if (selectorIsEmpty(selector)) {
    out.push(
      invalid(
        [...path, 'selector'],
        selectorJson(selector),
        `empty selector is invalid for ${kind}`,
      ),
    );
  }
  const usable = errors.length === 0;
  if (!usable && kind !== 'daemonset') {
    out.push(
      invalid(
        [...path, 'selector'],
        selectorJson(selector),
        kind === 'statefulset' ? '' : 'invalid label selector',
      ),
    );
  }
  return usable;
}
