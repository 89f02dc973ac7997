/**
 * The kustomizations a build reads, as a tree: for each, its resource files, the kustomizations
 * it includes (resources, components), its patches and its generators. Read from the user's
 * files only to point findings at them; kubectl does the build itself.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type PositionedDocument, readPositionedDocuments } from './positioned-yaml.js';

/** What a patch entry's `target:` selects (kustomize's selector; name and namespace are regexes). */
export interface PatchSelector {
  readonly group?: string | undefined;
  readonly version?: string | undefined;
  readonly kind?: string | undefined;
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly annotationSelector?: string | undefined;
}

/** One patch: the file it is written in, its documents with their lines there, its target. */
export interface Patch {
  /** Absolute path of the patch file, or of the kustomization holding an inline patch. */
  readonly file: string;
  readonly documents: readonly PositionedDocument[];
  /** Undefined for a strategic-merge patch that names its own target. */
  readonly target?: PatchSelector | undefined;
}

/** One configMapGenerator or secretGenerator entry. */
export interface Generator {
  readonly name: string;
  /** The key of the entry in the kustomization: its field path starts with it. */
  readonly path: readonly [string, number];
}

/** One kustomization (or component) file and what it includes. */
export interface KustomizationNode {
  /** Absolute path of the kustomization file. */
  readonly file: string;
  readonly document: PositionedDocument;
  /** Absolute paths of the resource files it lists directly. */
  readonly resourceFiles: ReadonlySet<string>;
  readonly resources: readonly KustomizationNode[];
  readonly components: readonly KustomizationNode[];
  readonly patches: readonly Patch[];
  readonly generators: readonly Generator[];
  /** Its `namePrefix` and `nameSuffix` ('' when unset). */
  readonly namePrefix: string;
  readonly nameSuffix: string;
}

/** A patch a build applies to an object, with the names the object has where the patch is. */
export interface AppliedPatch {
  readonly patch: Patch;
  /** The object's name as written, then after each namePrefix/nameSuffix up to the patch. */
  readonly names: readonly string[];
}

const FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** A kustomization with more nested kustomizations than this is not followed further. */
const MAX_NODES = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(github\.com|gitlab\.com)\//.test(entry);
}

async function kind(path: string): Promise<'dir' | 'file' | undefined> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function selectorOf(value: unknown): PatchSelector | undefined {
  if (!isRecord(value)) return undefined;
  const str = (key: string): string | undefined =>
    typeof value[key] === 'string' ? value[key] : undefined;
  return {
    group: str('group'),
    version: str('version'),
    kind: str('kind'),
    name: str('name'),
    namespace: str('namespace'),
    labelSelector: str('labelSelector'),
    annotationSelector: str('annotationSelector'),
  };
}

/** The documents of an inline patch, with lines in the kustomization that holds it. */
function inlinePatch(node: PositionedDocument, path: (string | number)[], text: string) {
  const start = node.blockTextLine(path);
  if (start !== undefined) return readPositionedDocuments(text, start - 1);
  // A quoted or plain one-line patch: every field points at the patch entry itself.
  const line = node.lineOf(path) ?? node.line;
  return readPositionedDocuments(text).map((d) => ({
    ...d,
    line,
    lineOf: (p: readonly (string | number)[]) => (d.lineOf(p) === undefined ? undefined : line),
  }));
}

async function patchesOf(dir: string, file: string, doc: PositionedDocument): Promise<Patch[]> {
  const k = doc.value as Record<string, unknown>;
  const out: Patch[] = [];
  const fromFile = async (rel: string, target: PatchSelector | undefined) => {
    const path = resolve(dir, rel);
    const text = await readText(path);
    if (text !== undefined)
      out.push({ file: path, documents: readPositionedDocuments(text), target });
  };
  for (const key of ['patches', 'patchesJson6902'] as const) {
    const list = Array.isArray(k[key]) ? (k[key] as unknown[]) : [];
    for (const [i, entry] of list.entries()) {
      if (!isRecord(entry)) continue;
      const target = selectorOf(entry['target']);
      if (typeof entry['path'] === 'string') await fromFile(entry['path'], target);
      else if (typeof entry['patch'] === 'string') {
        const documents = inlinePatch(doc, [key, i, 'patch'], entry['patch']);
        out.push({ file, documents, target });
      }
    }
  }
  for (const [i, entry] of strings(k['patchesStrategicMerge']).entries()) {
    if (entry.includes('\n') || entry.includes(':')) {
      out.push({ file, documents: inlinePatch(doc, ['patchesStrategicMerge', i], entry) });
    } else {
      await fromFile(entry, undefined);
    }
  }
  return out;
}

function generatorsOf(doc: PositionedDocument): Generator[] {
  const k = doc.value as Record<string, unknown>;
  const out: Generator[] = [];
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const list = Array.isArray(k[key]) ? (k[key] as unknown[]) : [];
    list.forEach((entry, i) => {
      if (isRecord(entry) && typeof entry['name'] === 'string') {
        out.push({ name: entry['name'], path: [key, i] });
      }
    });
  }
  return out;
}

/**
 * Reads the kustomization in `dir` (an absolute path) and every local kustomization it includes.
 * Returns undefined when there is none; remote resources and unreadable entries are left out
 * (their objects fall back to the build output's lines).
 */
export async function readKustomizationTree(dir: string): Promise<KustomizationNode | undefined> {
  const seen = new Map<string, Promise<KustomizationNode | undefined>>();
  const read = (at: string): Promise<KustomizationNode | undefined> => {
    let node = seen.get(at);
    if (node === undefined) {
      node = seen.size >= MAX_NODES ? Promise.resolve(undefined) : readNode(at);
      seen.set(at, node);
    }
    return node;
  };
  const readNode = async (at: string): Promise<KustomizationNode | undefined> => {
    for (const name of FILE_NAMES) {
      const file = join(at, name);
      const text = await readText(file);
      if (text === undefined) continue;
      const document = readPositionedDocuments(text)[0];
      if (document === undefined || !isRecord(document.value)) return undefined;
      const k = document.value;
      const resourceFiles = new Set<string>();
      const resources: KustomizationNode[] = [];
      for (const entry of [...strings(k['resources']), ...strings(k['bases'])]) {
        if (isRemote(entry)) continue;
        const path = resolve(at, entry);
        const type = await kind(path);
        if (type === 'file') resourceFiles.add(path);
        else if (type === 'dir') {
          const child = await read(path);
          if (child !== undefined) resources.push(child);
        }
      }
      const components: KustomizationNode[] = [];
      for (const entry of strings(k['components'])) {
        if (isRemote(entry)) continue;
        const child = await read(resolve(at, entry));
        if (child !== undefined) components.push(child);
      }
      return {
        file,
        document,
        resourceFiles,
        resources,
        components,
        patches: await patchesOf(dirname(file), file, document),
        generators: generatorsOf(document),
        namePrefix: typeof k['namePrefix'] === 'string' ? k['namePrefix'] : '',
        nameSuffix: typeof k['nameSuffix'] === 'string' ? k['nameSuffix'] : '',
      };
    }
    return undefined;
  };
  return read(dir);
}

const HASH_SUFFIX = /-[a-z0-9]{10}$/;

/**
 * The patches that a build applies to an object written in `file` (a resource file, or the
 * kustomization of a generator) under the name `name` that is `built` after the build, in the
 * order kustomize applies them: those of included kustomizations first, then the components',
 * then the kustomization's own. When the file is included along several paths (a base reused
 * under a nameSuffix), the path whose names lead to `built` is taken.
 */
export function patchesFor(
  root: KustomizationNode,
  file: string,
  name: string,
  built: string,
): AppliedPatch[] {
  const all = (node: KustomizationNode, names: readonly string[]): AppliedPatch[] => [
    ...node.components.flatMap((c) => all(c, names)),
    ...node.patches.map((patch) => ({ patch, names })),
  ];
  interface Walked {
    readonly patches: AppliedPatch[];
    /** The object's names from where it is written up to this kustomization. */
    readonly names: readonly string[];
  }
  const walk = (node: KustomizationNode, depth: number): Walked[] => {
    if (depth > 50) return [];
    const paths: { below: Walked; via?: KustomizationNode }[] = [];
    if (node.file === file || node.resourceFiles.has(file)) {
      paths.push({ below: { patches: [], names: [name] } });
    }
    for (const child of [...node.resources, ...node.components]) {
      for (const below of walk(child, depth + 1)) {
        if (paths.length < 64) paths.push({ below, via: child });
      }
    }
    return paths.map(({ below, via }) => {
      const last = below.names[below.names.length - 1] ?? name;
      const names =
        node.namePrefix === '' && node.nameSuffix === ''
          ? below.names
          : [...below.names, `${node.namePrefix}${last}${node.nameSuffix}`];
      // A component's patches reach everything its kustomization has gathered.
      const components = node.components.filter((c) => c !== via).flatMap((c) => all(c, names));
      const own = node.patches.map((patch) => ({ patch, names }));
      return { patches: [...below.patches, ...components, ...own], names };
    });
  };
  const paths = walk(root, 0);
  const unhashed = HASH_SUFFIX.test(built) ? built.slice(0, -11) : built;
  const path = paths.find((p) => [built, unhashed].includes(p.names[p.names.length - 1] ?? ''));
  return (path ?? paths[0])?.patches ?? [];
}

/** The kustomization node whose file is `file`, anywhere in the tree. */
export function findKustomization(
  root: KustomizationNode,
  file: string,
): KustomizationNode | undefined {
  const stack = [root];
  const seen = new Set<KustomizationNode>();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.file === file) return node;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...node.resources, ...node.components);
  }
  return undefined;
}
