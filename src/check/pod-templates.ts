import { type FieldPath, type SourceObject, apiGroupOf } from '../manifest/source-object.js';
import { type JsonRecord, arrayAt, isRecord, recordAt, stringAt } from '../kube/field-access.js';

/** The kinds whose objects carry a pod template, and where it sits. */
export const TEMPLATE_PATHS: Readonly<Record<string, FieldPath>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
  Pod: [],
};

/** A pod template found in an object: a Pod itself or the template of a workload. */
export interface PodTemplate {
  readonly source: SourceObject;
  readonly kind: string;
  /** Path from the object root to the template (`[]` for a Pod). */
  readonly path: FieldPath;
  readonly metadata: JsonRecord;
  readonly spec: JsonRecord;
  /** Namespace of the object, `defaultNamespace` when it has none. */
  readonly namespace: string;
}

/** One container of a pod spec with its path from the object root. */
export interface ContainerRef {
  readonly container: JsonRecord;
  readonly name: string;
  readonly path: FieldPath;
  readonly list: 'initContainers' | 'containers' | 'ephemeralContainers';
}

/** The namespace an object will land in: its own, or the default (as `kubectl apply -n`). */
export function namespaceOf(source: SourceObject, defaultNamespace = 'default'): string {
  return stringAt(source.object.metadata, 'namespace') ?? defaultNamespace;
}

/** The object's kind, or '' when absent. */
export function kindOf(source: SourceObject): string {
  return typeof source.object.kind === 'string' ? source.object.kind : '';
}

/** The object's name, or '' when absent. */
export function nameOf(source: SourceObject): string {
  return stringAt(source.object.metadata, 'name') ?? '';
}

/** The object's API group: `apps` for `apps/v1`, '' for the core group. */
export function groupOf(source: SourceObject): string {
  return apiGroupOf(typeof source.object.apiVersion === 'string' ? source.object.apiVersion : '');
}

/** Follows a path through records; undefined when a step is missing or not an object. */
function recordAtPath(root: unknown, path: FieldPath): JsonRecord | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (!isRecord(current)) return undefined;
    current = current[String(step)];
  }
  return isRecord(current) ? current : undefined;
}

/**
 * The pod template of an object, or undefined when its kind carries none (or the template is
 * missing). Only core and `apps`/`batch` kinds count, so a CRD named `Deployment` is ignored.
 */
export function podTemplateOf(
  source: SourceObject,
  defaultNamespace = 'default',
): PodTemplate | undefined {
  const kind = kindOf(source);
  // `kind` comes from the input: only the table's own entries count (not `toString`).
  const path = Object.hasOwn(TEMPLATE_PATHS, kind) ? TEMPLATE_PATHS[kind] : undefined;
  if (path === undefined) return undefined;
  const group = groupOf(source);
  if (!['', 'apps', 'batch', 'extensions'].includes(group)) return undefined;
  const template = recordAtPath(source.object, path);
  if (template === undefined) return undefined;
  const spec = recordAt(template, 'spec');
  if (spec === undefined) return undefined;
  return {
    source,
    kind,
    path,
    metadata: recordAt(template, 'metadata') ?? {},
    spec,
    namespace: namespaceOf(source, defaultNamespace),
  };
}

/**
 * The containers of a pod spec in the order the PodSecurity admission controller visits them:
 * init containers, containers, then ephemeral containers.
 */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    arrayAt(template.spec, list).forEach((container, index) => {
      if (!isRecord(container)) return;
      out.push({
        container,
        name: stringAt(container, 'name') ?? '',
        path: [...template.path, 'spec', list, index],
        list,
      });
    });
  }
  return out;
}
