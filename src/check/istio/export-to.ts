import type { SourceObject } from '../../manifest/source-object.js';
import { arrayAt, recordAt } from '../../kube/field-access.js';

/** The namespaces an Istio networking object is visible in: all of them, or a set. */
export type Visibility = 'all' | ReadonlySet<string>;

/**
 * The visibility `spec.exportTo` gives an object of namespace `ns`, as Istio reads it:
 * `.` is the object's own namespace, `*` every namespace, `~` none, any other value a
 * namespace name. Without `exportTo` the object is visible everywhere (Istio's default,
 * which a mesh-wide `defaultExportTo` setting outside the input may narrow).
 */
export function exportToOf(object: SourceObject, ns: string): Visibility {
  const exportTo = arrayAt(recordAt(object.object, 'spec'), 'exportTo');
  if (exportTo.length === 0) return 'all';
  const values = exportTo.filter((v): v is string => typeof v === 'string' && v !== '');
  if (values.length === 0 || values.includes('*')) return 'all';
  return new Set(values.filter((v) => v !== '~').map((v) => (v === '.' ? ns : v)));
}

/** True when an object of this visibility is seen from namespace `ns`. */
export function visibleIn(visibility: Visibility, ns: string): boolean {
  return visibility === 'all' || visibility.has(ns);
}

/** True when two objects are both visible in at least one namespace. */
export function visibilitiesMeet(a: Visibility, b: Visibility): boolean {
  if (a === 'all') return b === 'all' || b.size > 0;
  if (b === 'all') return a.size > 0;
  return [...a].some((ns) => b.has(ns));
}
