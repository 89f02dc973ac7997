/**
 * `kprod check -k DIR`: builds DIR with kustomize's origin annotations and points every object,
 * and every field, at the file a user edits (the resource file, the patch that sets the field,
 * the kustomization of a generator) instead of the lines of the built output.
 */
import { mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadManifestText } from '../load.js';
import { type KustomizeOptions, buildKustomize, runKubectlKustomize } from '../kustomize.js';
import type { FieldPath, ManifestObject, SourceObject } from '../source-object.js';
import { yamlModule } from '../yaml-lazy.js';
import {
  type KustomizationNode,
  findKustomization,
  patchesFor,
  readKustomizationTree,
} from './kustomization-tree.js';
import { patchSetting, sameName, translatePath, valueAt } from './field-match.js';

/** Options of {@link buildKustomizeSources}. */
export interface KustomizeSourcesOptions extends KustomizeOptions {
  /** Directory relative paths are read from, and relative to which files are named. */
  readonly cwd: string;
  /** Where the private build directory is made (and removed); default the system's temp dir. */
  readonly tempRoot?: string | undefined;
}

/** The annotation kustomize's `buildMetadata: [originAnnotations]` adds to every object. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** Where kustomize says an object came from: a resource file, or a generator's kustomization. */
export interface Origin {
  readonly path?: string | undefined;
  readonly configuredIn?: string | undefined;
  /** Set for a remote resource: kprod cannot open it, so the object keeps the build's lines. */
  readonly repo?: string | undefined;
}

/** Parses the origin annotation's YAML; undefined when it is absent or not understood. */
export function parseOrigin(text: unknown): Origin | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = yamlModule().parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const v = value as Record<string, unknown>;
    const str = (key: string) => (typeof v[key] === 'string' ? v[key] : undefined);
    return { path: str('path'), configuredIn: str('configuredIn'), repo: str('repo') };
  } catch {
    return undefined;
  }
}

/**
 * Removes the origin annotation (and the annotations map when kustomize made it only for that),
 * so no rule sees it. Returns the annotation's value.
 */
export function stripOrigin(object: ManifestObject): unknown {
  const annotations = object.metadata?.annotations;
  if (typeof annotations !== 'object' || annotations === null) return undefined;
  const { [ORIGIN_ANNOTATION]: value, ...rest } = annotations as Record<string, unknown>;
  if (object.metadata === undefined || value === undefined) return value;
  if (Object.keys(rest).length === 0) delete object.metadata.annotations;
  else object.metadata.annotations = rest;
  return value;
}

/** A kustomization that builds `dir` (relative to it) with origin annotations. */
function wrapperKustomization(relativeDir: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ${JSON.stringify(relativeDir)}`,
    'buildMetadata: [originAnnotations]',
    '',
  ].join('\n');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads the objects of each origin file once, shared by the objects of the same file. */
function fileReader(): (file: string) => Promise<SourceObject[]> {
  const cache = new Map<string, Promise<SourceObject[]>>();
  return (file) => {
    let objects = cache.get(file);
    if (objects === undefined) {
      objects = readFile(file, 'utf8').then(
        (text) => loadManifestText(text, file),
        () => [],
      );
      // A file that no longer reads as manifests leaves its objects at the build's lines.
      objects = objects.catch(() => []);
      cache.set(file, objects);
    }
    return objects;
  };
}

/** The object of `file` that became `built`: same kind, and its name within the built name. */
function findWritten(written: readonly SourceObject[], built: ManifestObject) {
  const name = typeof built.metadata?.name === 'string' ? built.metadata.name : '';
  const sameKind = written.filter((w) => w.object.kind === built.kind);
  // The longest written name inside the built one: kustomize adds prefixes, suffixes and hashes.
  const named = sameKind
    .map((w) => ({ w, written: nameOf(w.object) }))
    .filter((c) => c.written !== '' && name.includes(c.written))
    .sort((a, b) => b.written.length - a.written.length);
  return named[0]?.w ?? (sameKind.length === 1 ? sameKind[0] : undefined);
}

/** Context shared by the objects of one build. */
interface Build {
  readonly tree: KustomizationNode;
  readonly display: (absolute: string) => string;
  readonly read: (file: string) => Promise<SourceObject[]>;
}

/** An object written in a resource file, its fields found there or in the patches that set them. */
async function fromResource(
  built: SourceObject,
  object: ManifestObject,
  file: string,
  build: Build,
): Promise<SourceObject | undefined> {
  const written = findWritten(await build.read(file), object);
  if (written === undefined) return undefined;
  const writtenName = String(written.object.metadata?.name);
  const patches = patchesFor(build.tree, file, writtenName, nameOf(object));
  return mapped(built, object, build, patches, {
    file: build.display(file),
    line: written.line,
    lineOf: (path) => {
      const at = translatePath(object, path, written.object);
      return at === undefined ? undefined : written.lineOf(at);
    },
  });
}

function nameOf(object: ManifestObject): string {
  return typeof object.metadata?.name === 'string' ? object.metadata.name : '';
}

/** A generated object: it points at its generator's entry, a data key at the line naming it. */
function fromGenerator(
  built: SourceObject,
  object: ManifestObject,
  file: string,
  build: Build,
): SourceObject | undefined {
  const node = findKustomization(build.tree, file);
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  const kind = object.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  const generator = node?.generators.find((g) => g.path[0] === kind && sameName(g.name, name));
  if (node === undefined || generator === undefined) return undefined;
  const doc = node.document;
  const entry = valueAt(doc.value, generator.path) as Record<string, unknown>;
  const line = doc.lineOf(generator.path) ?? doc.line;
  return mapped(built, object, build, patchesFor(build.tree, file, generator.name, name), {
    file: build.display(file),
    line,
    lineOf: (path) => {
      if (!['data', 'binaryData', 'stringData'].includes(String(path[0]))) return undefined;
      if (path.length === 1) return line;
      const key = String(path[1]);
      for (const list of ['files', 'literals', 'envs']) {
        const items = Array.isArray(entry[list]) ? (entry[list] as unknown[]) : [];
        const index = items.findIndex(
          (item) =>
            typeof item === 'string' &&
            (item.startsWith(`${key}=`) || item === key || item.endsWith(`/${key}`)),
        );
        if (index >= 0) return doc.lineOf([...generator.path, list, index]);
      }
      return line;
    },
  });
}

function mapped(
  built: SourceObject,
  object: ManifestObject,
  build: Build,
  patches: ReturnType<typeof patchesFor>,
  at: { file: string; line: number; lineOf: (path: FieldPath) => number | undefined },
): SourceObject {
  const relatedFiles = [...new Set(patches.map((p) => build.display(p.patch.file)))].filter(
    (f) => f !== at.file,
  );
  return {
    object,
    file: at.file,
    line: at.line,
    documentIndex: built.documentIndex,
    lineOf: at.lineOf,
    locate: (path) => {
      if (valueAt(object, path) === undefined) return undefined;
      const line = at.lineOf(path);
      const patched = patchSetting(patches, object, path, line !== undefined);
      if (patched !== undefined) return { file: build.display(patched.file), line: patched.line };
      return line === undefined ? undefined : { file: at.file, line };
    },
    relatedFiles,
  };
}

/**
 * Builds `dir` with `kubectl kustomize` and kustomize's origin annotations, without touching the
 * user's tree (the build runs through a kustomization in a private temporary directory that lists
 * `dir` as its only resource), and returns the objects pointing at the files they were written
 * in, paths relative to `cwd` as the user gave `dir` (absolute when `dir` is). The annotations
 * are removed before anything sees the objects. An object whose origin cannot be opened (a
 * remote base, a generator plugin) keeps `kustomize:DIR` and its line in the plain build's
 * output. A `dir` that is not a local directory is built plainly.
 * Throws KUSTOMIZE_FAILED as {@link buildKustomize} does.
 */
export async function buildKustomizeSources(
  dir: string,
  opts: KustomizeSourcesOptions,
): Promise<SourceObject[]> {
  const absolute = resolve(opts.cwd, dir);
  if (!(await isDirectory(absolute))) return buildKustomize(dir, opts);
  const realDir = await realpath(absolute);
  const realCwd = await realpath(opts.cwd);
  const temp = await realpath(await mkdtemp(join(opts.tempRoot ?? tmpdir(), 'kprod-kustomize-')));
  let output: string;
  try {
    await writeFile(
      join(temp, 'kustomization.yaml'),
      wrapperKustomization(relative(temp, realDir)),
    );
    output = await runKubectlKustomize(temp, dir, opts);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const tree = await readKustomizationTree(realDir);
  const builtObjects = loadManifestText(output, `kustomize:${dir}`);
  const build: Build | undefined =
    tree === undefined
      ? undefined
      : {
          tree,
          display: (file) => (isAbsolute(dir) ? file : relative(realCwd, file)),
          read: fileReader(),
        };
  const out: (SourceObject | undefined)[] = [];
  for (const built of builtObjects) {
    const origin = parseOrigin(stripOrigin(built.object));
    let source: SourceObject | undefined;
    if (build !== undefined && origin !== undefined && origin.repo === undefined) {
      if (origin.path !== undefined) {
        source = await fromResource(built, built.object, resolve(temp, origin.path), build);
      } else if (origin.configuredIn !== undefined) {
        source = fromGenerator(built, built.object, resolve(temp, origin.configuredIn), build);
      }
    }
    out.push(source);
  }
  const traced = out.filter((s) => s !== undefined);
  if (traced.length === out.length) return traced;
  // Some objects cannot be traced to a file: they keep the lines of the plain build's output, the
  // one `kubectl kustomize DIR` prints (the annotations shifted the lines of this one).
  const plain = await buildKustomize(dir, opts);
  return builtObjects.map((b, i) => out[i] ?? plain[i] ?? b);
}
