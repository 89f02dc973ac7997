/**
 * Reads manifests from files, directories and standard input, refusing binary and oversized
 * input with a clear error, and hands the text to {@link loadManifestText}.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KprodError } from '../errors.js';
import { type TextShape, objectEndIn } from './list-items.js';
import { forEachManifestObject } from './load.js';
import type { SourceObject } from './source-object.js';
import { yamlModule } from './yaml-lazy.js';

/** Files larger than this are refused rather than parsed (a manifest is rarely over 1 MiB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** File name extensions read when a directory is given. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** kustomize's own files describe a build, not objects: skipped when walking a directory. */
const KUSTOMIZE_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function tooLarge(file: string, size: number): KprodError {
  return new KprodError(
    'MANIFEST_NOT_TEXT',
    `${file}: ${size} bytes is more than the ${MAX_MANIFEST_BYTES} bytes kprod reads`,
    { hint: 'Split the file, or check that it is really a manifest.' },
  );
}

/** Decodes file bytes as UTF-8 text, refusing binary content with a clear error. */
export function decodeManifestBytes(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_MANIFEST_BYTES) throw tooLarge(file, bytes.length);
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul < 0) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    const line =
      nul < 0
        ? undefined
        : Buffer.from(bytes.subarray(0, nul)).toString('latin1').split('\n').length;
    throw new KprodError(
      'MANIFEST_NOT_TEXT',
      `${file}${line === undefined ? '' : `:${line}`}: binary content, not UTF-8 YAML or JSON`,
      { hint: 'Pass only manifest files (.yaml, .yml, .json); check the path.' },
    );
  }
  return text;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    // Stop reading early: decodeManifestBytes refuses anything past the limit anyway.
    if (size > MAX_MANIFEST_BYTES) throw tooLarge('<stdin>', size);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function unreadable(path: string, cause: unknown): KprodError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : (cause as Error).message;
  return new KprodError('KPROD_INPUT_UNREADABLE', `${path}: ${reason}`, { cause });
}

/** What a directory walk found: manifest files in order, and the patch files of kustomizations. */
interface Walk {
  readonly files: string[];
  /** Patch file (resolved) → the directory of the kustomization that names it, as given. */
  readonly patches: Map<string, string>;
}

/**
 * Manifest files below `dir`, recursively, in a stable (sorted) order. `dir` is the path as the
 * user gave it (used in messages); `cwd` resolves it.
 */
async function walkDirectory(dir: string, cwd: string, walk: Walk): Promise<void> {
  let entries;
  try {
    entries = await readdir(resolve(cwd, dir), { withFileTypes: true });
  } catch (cause) {
    throw unreadable(dir, cause);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Dot files hold tool settings (.kprod.yaml, .github/), not manifests.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walkDirectory(path, cwd, walk);
    else if (KUSTOMIZE_FILES.has(entry.name)) await notePatches(path, dir, cwd, walk.patches);
    else if (
      (entry.isFile() || entry.isSymbolicLink()) &&
      MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))
    ) {
      walk.files.push(path);
    }
  }
}

/**
 * Records the files a kustomization names as patches: they are fragments merged into other
 * objects (no scaleTargetRef, no selector...), so checked alone they give false errors.
 */
async function notePatches(
  file: string,
  dir: string,
  cwd: string,
  patches: Map<string, string>,
): Promise<void> {
  let spec: unknown;
  try {
    spec = yamlModule().parse(await readFile(resolve(cwd, file), 'utf8'));
  } catch {
    // kubectl kustomize reports a broken kustomization when -k builds it; a walk reads on.
    return;
  }
  if (typeof spec !== 'object' || spec === null) return;
  const record = spec as Record<string, unknown>;
  const named = [
    ...asArray(record['patches']).map((p) => (p as { path?: unknown } | null)?.path),
    ...asArray(record['patchesJson6902']).map((p) => (p as { path?: unknown } | null)?.path),
    ...asArray(record['patchesStrategicMerge']),
  ];
  for (const path of named) {
    // Inline patches are YAML text with a newline; only file names point at files.
    if (typeof path === 'string' && !path.includes('\n')) {
      patches.set(resolve(cwd, dir, path), dir);
    }
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** True when text may hold a Kubernetes object: some `kind` key appears in it. */
const MENTIONS_KIND = /(?:^|[\s{,"])kind"?\s*:/m;

/**
 * What rereads keep between lookups: the text of the file read whole last, and the bytes read so
 * far in pieces from each file not read whole.
 */
interface RereadCache {
  path?: string;
  text?: string;
  readonly pieces: Map<string, number>;
}

/** The first piece of a document read again in place; larger pieces as long as it goes on. */
const FIRST_PIECE_BYTES = 16 * 1024;
/**
 * A file is read whole again once the pieces read from it add up to this share of its size:
 * lookups that keep to one file then cost about one read of it, lookups that go from file to
 * file a piece each (reading a whole 24 MiB file for each of them took time that grew with the
 * square of the input).
 */
const WHOLE_AFTER_SHARE = 1 / 8;

/**
 * Reads the text of a file again from an offset on (in the text without its byte order mark),
 * for the lines of objects whose text was let go: a piece from that offset to the end of the
 * object of `shape` there when the file's bytes are its characters (`byteOffset`: where its text
 * starts in the file), else the whole file. A file that cannot be read any more gives no text:
 * findings then point at the object's own line.
 */
function rereader(
  real: string,
  size: number,
  byteOffset: number | undefined,
  cache: RereadCache,
): (start: number, shape: TextShape) => string {
  return (start, shape) => {
    if (cache.path === real) return (cache.text ?? '').slice(start);
    const spent = cache.pieces.get(real) ?? 0;
    if (byteOffset !== undefined && spent < size * WHOLE_AFTER_SHARE) {
      const piece = objectPiece(real, byteOffset + start, shape);
      cache.pieces.set(real, spent + Math.max(piece.length, 1));
      return piece;
    }
    let text = '';
    try {
      text = readFileSync(real, 'utf8');
    } catch {
      // Deleted since: the object's line still stands.
    }
    cache.pieces.delete(real);
    cache.path = real;
    cache.text = text.startsWith('\uFEFF') ? text.slice(1) : text;
    return cache.text.slice(start);
  };
}

/**
 * The text of a file of one-byte characters from byte `at` to the end of the object of `shape`
 * there (a document to the next `---` line, an item of a List to its end, or the end of the
 * file), read in growing pieces; '' when it cannot be read.
 */
function objectPiece(real: string, at: number, shape: TextShape): string {
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    for (let want = FIRST_PIECE_BYTES; ; want *= 4) {
      const buffer = Buffer.alloc(want);
      const got = readSync(fd, buffer, 0, want, at);
      const text = buffer.toString('latin1', 0, got);
      const end = objectEndIn(text, shape, got < want);
      if (end !== undefined) return text.slice(0, end);
    }
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where the text starts in the file when every character of it is one byte (ASCII, after a
 * UTF-8 byte order mark if any, which the decoder drops), so that offsets in the text are
 * offsets in the file; undefined otherwise.
 */
function byteOffsetOf(bytes: Uint8Array, text: string): number | undefined {
  if (bytes.length === text.length) return 0;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom && bytes.length === text.length + 3 ? 3 : undefined;
}

async function loadFile(
  path: string,
  cwd: string,
  fromDirectory: boolean,
  opts: LoadPathsOptions,
  visit: (source: SourceObject) => void,
  cache: RereadCache,
): Promise<number> {
  const real = resolve(cwd, path);
  let info;
  try {
    info = await stat(real);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(path, info.size);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(real);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  const text = decodeManifestBytes(bytes, path);
  // Directories of manifests also hold other YAML (an app's config for a configMapGenerator,
  // Helm values): a file found by walking that never mentions `kind` is skipped, not refused.
  if (fromDirectory && !MENTIONS_KIND.test(text)) {
    opts.onSkip?.(path, 'no Kubernetes objects');
    return 0;
  }
  let count = 0;
  try {
    forEachManifestObject(
      text,
      path,
      (source) => {
        count += 1;
        visit(source);
      },
      rereader(real, bytes.length, byteOffsetOf(bytes, text), cache),
    );
  } catch (error) {
    // A JSON or YAML file that only mentions `kind` somewhere inside (a report, a package
    // file) is not a manifest at all; a document with apiVersion or kind on top is one with
    // a mistake, and that stays an error. (No object of such a file reached `visit`: each one
    // has apiVersion and kind.)
    if (!fromDirectory || !(error instanceof KprodError) || !notAManifest(text)) throw error;
    opts.onSkip?.(path, 'not a Kubernetes manifest (no document has apiVersion or kind)');
    return 0;
  }
  opts.onRead?.(path, count);
  return count;
}

/** True when text parses and no document in it has a top-level `apiVersion` or `kind`. */
function notAManifest(text: string): boolean {
  try {
    return yamlModule()
      .parseAllDocuments(text)
      .every((doc) => {
        if (!('errors' in doc) || doc.errors.length > 0) return false;
        const value: unknown = doc.toJS();
        return (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          (!('apiVersion' in value) && !('kind' in value))
        );
      });
  } catch {
    return false;
  }
}

/** Options of {@link loadManifestPaths}. */
export interface LoadPathsOptions {
  /** Read when a path is `-`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Resolves relative paths (messages keep the paths as given); default: the process's. */
  readonly cwd?: string | undefined;
  /** Told about each file found in a directory and skipped, with why. */
  readonly onSkip?: ((file: string, reason: string) => void) | undefined;
  /** Told about each file read, with how many objects it held. */
  readonly onRead?: ((file: string, objects: number) => void) | undefined;
}

/**
 * Loads files and directories (recursively: `.yaml`, `.yml`, `.json`, skipping dot files,
 * kustomization files and the patches they name, files that never mention `kind` and files
 * whose documents have neither `apiVersion` nor `kind`) and `-` for standard input, in the order
 * given. A file named explicitly is always read.
 */
export async function loadManifestPaths(
  paths: readonly string[],
  opts: LoadPathsOptions = {},
): Promise<SourceObject[]> {
  const objects: SourceObject[] = [];
  await streamManifestPaths(paths, (source) => objects.push(source), opts);
  return objects;
}

/**
 * Reads what {@link loadManifestPaths} reads, handing each object to `visit` once its file is
 * parsed: one file's text (at most {@link MAX_MANIFEST_BYTES}) and its parsed objects are held
 * at a time. Objects' `detach` lets go of the text: their lines are found by reading the file
 * again. Returns the number of objects.
 */
export async function streamManifestPaths(
  paths: readonly string[],
  visit: (source: SourceObject) => void,
  opts: LoadPathsOptions = {},
): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const cache: RereadCache = { pieces: new Map() };
  let count = 0;
  for (const path of paths) {
    if (path === '-') {
      if (opts.stdin === undefined) {
        throw new KprodError('KPROD_USAGE', '"-" given but no standard input is available');
      }
      const bytes = await readStream(opts.stdin);
      forEachManifestObject(decodeManifestBytes(bytes, '<stdin>'), '<stdin>', (source) => {
        count += 1;
        visit(source);
      });
      continue;
    }
    let info;
    try {
      info = await stat(resolve(cwd, path));
    } catch (cause) {
      throw unreadable(path, cause);
    }
    if (info.isDirectory()) {
      const walk: Walk = { files: [], patches: new Map() };
      await walkDirectory(path, cwd, walk);
      for (const file of walk.files) {
        const kustomization = walk.patches.get(resolve(cwd, file));
        if (kustomization !== undefined) {
          opts.onSkip?.(
            file,
            `a patch of the kustomization in ${kustomization} (check the build with -k ${kustomization})`,
          );
          continue;
        }
        count += await loadFile(file, cwd, true, opts, visit, cache);
      }
    } else {
      count += await loadFile(path, cwd, false, opts, visit, cache);
    }
  }
  return count;
}
