/**
 * The pod a Pod Security check looks at, what a failing check reports, and the helpers the
 * checks share: readers of the pod, the controller's message phrasing, and the paths of the
 * fields a violation points at.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import { type JsonRecord, arrayAt, recordAt, stringAt } from '../../kube/field-access.js';

/** What a failing check reports: `reason (detail)` in the API server's message. */
export interface PssViolation {
  readonly reason: string;
  readonly detail: string;
  /**
   * The failing field the detail names first, as a path from the pod template (`spec…` or
   * `metadata…`). When the violation is that a field is unset, this is the unset field (the
   * caller points at its deepest present ancestor); when the pod or each container may set it
   * (`pod or container … must set`), it is the pod-level field, where the hint says to set it.
   */
  readonly field: FieldPath;
}

/** The pod (or pod template) a check looks at. */
export interface PssPod {
  readonly metadata: JsonRecord;
  readonly spec: JsonRecord;
  /** Init containers, containers, ephemeral containers, in that order. */
  readonly containers: readonly JsonRecord[];
  /**
   * True for a Pod object (not a workload's template): the API server changes a Pod before
   * admission sees it (it copies AppArmor annotations into fields), and the checks judge that.
   */
  readonly isPod?: boolean;
}

/** A check of one policy revision: a violation, or undefined when the pod passes. */
export type CheckFn = (pod: PssPod) => PssViolation | undefined;

// ---- message helpers, matching the controller's formatting --------------------------------

/** `singular` when `count` is 1, else `plural`, as the controller words counts. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"`: the controller's quoted, comma-separated list. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Go's `%q` for the plain strings found in manifests. */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** The distinct values, sorted as Go sorts strings (by code unit). */
export function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The container's name, or '' when absent. */
export function nameOfContainer(container: JsonRecord): string {
  return stringAt(container, 'name') ?? '';
}

/** The container's securityContext, or undefined. */
export function securityContext(container: JsonRecord): JsonRecord | undefined {
  return recordAt(container, 'securityContext');
}

/** The pod's securityContext, or undefined. */
export function podSecurityContext(pod: PssPod): JsonRecord | undefined {
  return recordAt(pod.spec, 'securityContext');
}

/** True when the pod sets `spec.os.name: windows`. */
export function isWindowsPod(pod: PssPod): boolean {
  return stringAt(recordAt(pod.spec, 'os'), 'name') === 'windows';
}

/**
 * True when the pod runs in a user namespace (`hostUsers: false`): from v1.35 the policy lets
 * such a pod run as root and unmask /proc at baseline.
 */
export function inUserNamespace(pod: PssPod): boolean {
  return pod.spec['hostUsers'] === false;
}

/** The containers that fail `bad`, in visiting order. */
export function containersWhere(pod: PssPod, bad: (c: JsonRecord) => boolean): JsonRecord[] {
  return pod.containers.filter(bad);
}

/** `container "a"` or `containers "a", "b"`, in the given order. */
export function containerPhrase(containers: readonly JsonRecord[]): string {
  return namesPhrase(containers.map(nameOfContainer));
}

/** containerPhrase for names already collected. */
export function namesPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

// ---- field paths, computed only once a check fails ----------------------------------------

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Where a container of `pod.containers` sits in the pod spec: `['spec', 'containers', 0]`. */
export function containerPath(pod: PssPod, container: JsonRecord): FieldPath {
  for (const list of CONTAINER_LISTS) {
    const index = arrayAt(pod.spec, list).indexOf(container);
    if (index >= 0) return ['spec', list, index];
  }
  return ['spec'];
}

/** A field of a container's securityContext: `spec.containers[0].securityContext.<rest>`. */
export function containerSecurityField(
  pod: PssPod,
  container: JsonRecord,
  ...rest: readonly (string | number)[]
): FieldPath {
  return [...containerPath(pod, container), 'securityContext', ...rest];
}

/** A field of the pod's securityContext: `spec.securityContext.<rest>`. */
export function podSecurityField(...rest: readonly (string | number)[]): FieldPath {
  return ['spec', 'securityContext', ...rest];
}
