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

/** The API groups whose kinds {@link TEMPLATE_PATHS} names. */
const TEMPLATE_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'extensions']);

/** A template found for an object, with the default namespace it was found for. */
interface FoundTemplate {
  readonly defaultNamespace: string;
  readonly template: PodTemplate | undefined;
}

/**
 * The template of each object already asked about: every family asks, some twice, and objects
 * are not changed while they are checked. Weak, so an object let go takes its entry with it.
 * Forgotten when a run starts ({@link forgetFoundTemplates}): an in-process caller may change an
 * object between two runs.
 */
let foundTemplates = new WeakMap<SourceObject, FoundTemplate>();

/** The containers of each template already asked about (templates are cached per object). */
let foundContainers = new WeakMap<PodTemplate, readonly ContainerRef[]>();

/** Whether templates found are kept in {@link foundTemplates}. */
let keepFound = true;

/**
 * Forgets every template and container list found so far: each check run starts afresh. With
 * `keep` false, templates found from now on are not kept either, until the next call: the
 * cross-object passes ask once or twice per object, and a template kept for each of hundreds of
 * thousands of objects would cost more memory than finding it again costs time.
 */
export function forgetFoundTemplates(keep = true): void {
  foundTemplates = new WeakMap();
  foundContainers = new WeakMap();
  keepFound = keep;
}

function findPodTemplate(
  source: SourceObject,
  kind: string,
  path: FieldPath,
  defaultNamespace: string,
): PodTemplate | undefined {
  if (!TEMPLATE_GROUPS.has(groupOf(source))) return undefined;
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
 * The pod template of an object, or undefined when its kind carries none (or the template is
 * missing). Only core and `apps`/`batch` kinds count, so a CRD named `Deployment` is ignored.
 * While templates are kept ({@link forgetFoundTemplates}), the same object gives the same
 * template object each time (objects are not changed while they are checked).
 */
export function podTemplateOf(
  source: SourceObject,
  defaultNamespace = 'default',
): PodTemplate | undefined {
  const kind = kindOf(source);
  // `kind` comes from the input: only the table's own entries count (not `toString`).
  const path = Object.hasOwn(TEMPLATE_PATHS, kind) ? TEMPLATE_PATHS[kind] : undefined;
  if (path === undefined) return undefined;
  const found = foundTemplates.get(source);
  if (found !== undefined && found.defaultNamespace === defaultNamespace) return found.template;
  const template = findPodTemplate(source, kind, path, defaultNamespace);
  if (keepFound) foundTemplates.set(source, { defaultNamespace, template });
  return template;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * The containers of a pod spec in the order the PodSecurity admission controller visits them:
 * init containers, containers, then ephemeral containers. The same template gives the same
 * (read-only) list each time.
 */
export function containersOf(template: PodTemplate): readonly ContainerRef[] {
  const found = foundContainers.get(template);
  if (found !== undefined) return found;
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = arrayAt(template.spec, list);
    for (let index = 0; index < containers.length; index += 1) {
      const container = containers[index];
      if (!isRecord(container)) continue;
      out.push({
        container,
        name: stringAt(container, 'name') ?? '',
        path: [...template.path, 'spec', list, index],
        list,
      });
    }
  }
  foundContainers.set(template, out);
  return out;
}
