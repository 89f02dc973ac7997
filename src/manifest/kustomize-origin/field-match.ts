/**
 * Finding a field of a built object in the files it came from: list items are matched by their
 * merge key (`name`, `containerPort`, …) the way a strategic merge matches them, so
 * `containers[1]` of the build is the container of the same name in a patch or a base.
 */
import type { FieldPath, ManifestObject } from '../source-object.js';
import type { PositionedDocument } from './positioned-yaml.js';
import type { AppliedPatch, PatchSelector } from './kustomization-tree.js';

/** Keys by which a strategic merge matches list items, in the order kprod tries them. */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'devicePath', 'ip', 'port', 'type'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (isRecord(node) && typeof part === 'string') node = node[part];
    else return undefined;
  }
  return node;
}

/**
 * The path in `other` of the field at `path` in `built`: list indexes are replaced by the index
 * of the item with the same merge key (a list of scalars keeps its indexes). Undefined when
 * `other` has no such item on the way.
 */
export function translatePath(
  built: unknown,
  path: FieldPath,
  other: unknown,
): FieldPath | undefined {
  const out: (string | number)[] = [];
  let b = built;
  let o = other;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(b) || !Array.isArray(o)) return undefined;
      const item: unknown = b[part];
      let index = part;
      if (isRecord(item)) {
        const key = MERGE_KEYS.find((k) => item[k] !== undefined && typeof item[k] !== 'object');
        if (key !== undefined) {
          index = o.findIndex((x) => isRecord(x) && x[key] === item[key]);
          if (index < 0) return undefined;
        }
      }
      out.push(index);
      b = item;
      o = o[index];
    } else {
      if (!isRecord(b) || !isRecord(o) || !(part in o)) return undefined;
      out.push(part);
      b = b[part];
      o = o[part];
    }
  }
  return out;
}

const HASH_SUFFIX = /-[a-z0-9]{10}$/;

/** True when `built` (a name after the build) is `name`, or `name` with a generator's hash suffix. */
export function sameName(name: string, built: string): boolean {
  return built === name || (HASH_SUFFIX.test(built) && built.slice(0, -11) === name);
}

function matchesRegex(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** Evaluates a label selector of `k=v`, `k==v`, `k!=v`, `k`, `!k` terms (set forms match). */
function selectorMatches(selector: string, values: unknown): boolean {
  const map = isRecord(values) ? values : {};
  return selector.split(',').every((raw) => {
    const term = raw.trim();
    if (term === '' || / (in|notin) /.test(term)) return true;
    const ne = /^([^!=]+)!=(.*)$/.exec(term);
    if (ne !== null) return map[(ne[1] ?? '').trim()] !== (ne[2] ?? '').trim();
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq !== null) return map[(eq[1] ?? '').trim()] === (eq[2] ?? '').trim();
    if (term.startsWith('!')) return map[term.slice(1).trim()] === undefined;
    return map[term] !== undefined;
  });
}

function targetMatches(
  selector: PatchSelector,
  object: ManifestObject,
  names: readonly string[],
): boolean {
  const { name } = selector;
  const [group, version] = String(object.apiVersion).includes('/')
    ? String(object.apiVersion).split('/')
    : ['', String(object.apiVersion)];
  const meta = object.metadata ?? {};
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
  return (
    (selector.kind === undefined || selector.kind === object.kind) &&
    (selector.group === undefined || selector.group === group) &&
    (selector.version === undefined || selector.version === version) &&
    (name === undefined || names.some((n) => matchesRegex(name, n))) &&
    (selector.namespace === undefined || matchesRegex(selector.namespace, namespace)) &&
    (selector.labelSelector === undefined ||
      selectorMatches(selector.labelSelector, meta.labels)) &&
    (selector.annotationSelector === undefined ||
      selectorMatches(selector.annotationSelector, meta.annotations))
  );
}

/**
 * True when a strategic-merge patch document names `object` (kind, one of the names it has where
 * the patch is applied, namespace if given).
 */
function namesObject(doc: unknown, object: ManifestObject, names: readonly string[]): boolean {
  if (!isRecord(doc) || doc['kind'] !== object.kind) return false;
  const meta = isRecord(doc['metadata']) ? doc['metadata'] : {};
  const name = meta['name'];
  if (typeof name !== 'string' || !names.includes(name)) return false;
  const ns = meta['namespace'];
  return typeof ns !== 'string' || ns === (object.metadata?.namespace ?? ns);
}

function escapePointer(part: string | number): string {
  return String(part).replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Line of the JSON 6902 operation that sets `path` (or a parent of it), the last one first. Its
 * list indexes count the items before later patches reorder them, so an operation whose indexes
 * differ from the build's is taken only when the value it writes at `path` is the built value.
 */
function jsonPatchLine(
  doc: PositionedDocument,
  object: ManifestObject,
  path: FieldPath,
): number | undefined {
  const ops = Array.isArray(doc.value) ? (doc.value as unknown[]) : [];
  const want = path.map(escapePointer);
  for (let i = ops.length - 1; i >= 0; i -= 1) {
    const op = ops[i];
    if (!isRecord(op) || typeof op['path'] !== 'string') continue;
    if (!['add', 'replace', 'copy', 'move'].includes(String(op['op']))) continue;
    const parts = op['path'].split('/').slice(1);
    if (parts.length > want.length) continue;
    let exact = true;
    let covers = true;
    for (const [j, p] of parts.entries()) {
      if (p === want[j]) continue;
      exact = false;
      covers = (p === '-' || /^\d+$/.test(p)) && typeof path[j] === 'number';
      if (!covers) break;
    }
    if (!covers) continue;
    const rest = path.slice(parts.length);
    if (!exact) {
      const written = valueAt(op['value'], rest);
      if (typeof written === 'object' || written !== valueAt(object, path)) continue;
    }
    return (rest.length > 0 ? doc.lineOf([i, 'value', ...rest]) : undefined) ?? doc.lineOf([i]);
  }
  return undefined;
}

const IDENTITY: readonly FieldPath[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
];

/**
 * Line in a strategic-merge patch document that sets the field: the patch gives it a value of
 * its own (a scalar, a replaced list, or a field the base does not have); a map the patch merges
 * into the base's is the base's.
 */
function mergePatchLine(
  doc: PositionedDocument,
  object: ManifestObject,
  path: FieldPath,
  inBase: boolean,
): number | undefined {
  // A patch repeats the identity of the object it patches; that does not set it.
  if (path.length === 0 || IDENTITY.some((f) => f.every((part, i) => path[i] === part))) {
    return undefined;
  }
  const at = translatePath(object, path, doc.value);
  if (at === undefined) return undefined;
  const value = valueAt(doc.value, at);
  const merged = isRecord(value) || (Array.isArray(value) && value.some(isRecord));
  return merged && inBase ? undefined : doc.lineOf(at);
}

/**
 * Where the last of `patches` (in kustomize's order) that targets `object` sets the field at
 * `path`: the patch's file and line. `inBase` says whether the object's own file has the field.
 */
export function patchSetting(
  patches: readonly AppliedPatch[],
  object: ManifestObject,
  path: FieldPath,
  inBase: boolean,
): { file: string; line: number } | undefined {
  for (let p = patches.length - 1; p >= 0; p -= 1) {
    const applied = patches[p];
    if (applied === undefined) continue;
    const { patch, names } = applied;
    if (patch.target !== undefined && !targetMatches(patch.target, object, names)) continue;
    for (const doc of [...patch.documents].reverse()) {
      const line = Array.isArray(doc.value)
        ? patch.target === undefined
          ? undefined
          : jsonPatchLine(doc, object, path)
        : patch.target !== undefined || namesObject(doc.value, object, names)
          ? mergePatchLine(doc, object, path, inBase)
          : undefined;
      if (line !== undefined) return { file: patch.file, line };
    }
  }
  return undefined;
}
