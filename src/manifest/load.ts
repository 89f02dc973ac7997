/**
 * Reads Kubernetes manifests (multi-document YAML, JSON, `List` kinds, Helm-rendered output) into
 * {@link SourceObject}s that remember the file and line of the object and of each field.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Document,
  LineCounter,
  type Node,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import { KprodError } from '../errors.js';
import type { FieldPath, ManifestObject, SourceObject } from './source-object.js';

export { buildKustomize } from './kustomize.js';

/** Files larger than this are refused rather than parsed (a manifest is rarely over 1 MiB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** File name extensions read when a directory is given. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** kustomize's own files describe a build, not objects: skipped when walking a directory. */
const KUSTOMIZE_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function lineOfNode(node: Node | null | undefined, counter: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : counter.linePos(start).line;
}

/** Line of the field at `path` below `root`: the line of its key, or of its list item. */
function fieldLine(root: Node, path: FieldPath, counter: LineCounter): number | undefined {
  let node: unknown = root;
  let line: number | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === undefined) return undefined;
      line = lineOfNode(pair.key as Node, counter);
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (item === undefined) return undefined;
      line = lineOfNode(item, counter);
      node = item;
    } else {
      return undefined;
    }
  }
  return line;
}

function invalid(file: string, line: number, message: string, hint: string): KprodError {
  return new KprodError('MANIFEST_INVALID', `${file}:${line}: ${message}`, { hint });
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that a parsed value is shaped like a Kubernetes object; throws MANIFEST_INVALID if not. */
function asManifestObject(
  value: unknown,
  file: string,
  line: number,
  where: string,
  fieldLineOf: (path: FieldPath) => number | undefined,
): ManifestObject {
  if (!isObject(value)) {
    throw invalid(
      file,
      line,
      `${where} is ${kindOf(value)}, expected a Kubernetes object (a mapping with apiVersion and kind)`,
      'Each YAML document must be one object; separate objects with a line "---".',
    );
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (typeof v !== 'string' || v === '') {
      throw invalid(
        file,
        fieldLineOf([field]) ?? line,
        `${where} has no ${field}${v === undefined ? '' : ` (it is ${kindOf(v)})`}, so it is not a Kubernetes object`,
        `Add "${field}:" to the object, or remove the document if it is not meant for Kubernetes.`,
      );
    }
  }
  for (const path of [['metadata'], ['metadata', 'labels'], ['metadata', 'annotations']]) {
    let v: unknown = value;
    for (const part of path) v = isObject(v) ? v[part] : undefined;
    if (v !== undefined && v !== null && !isObject(v)) {
      throw invalid(
        file,
        fieldLineOf(path) ?? line,
        `${where}: ${path.join('.')} is ${kindOf(v)}, expected a mapping`,
        `Write ${path.join('.')} as "key: value" lines indented below it.`,
      );
    }
  }
  return value;
}

function sourceObject(
  object: ManifestObject,
  file: string,
  root: Node,
  documentIndex: number,
  counter: LineCounter,
): SourceObject {
  return {
    object,
    file,
    line: lineOfNode(root, counter) ?? 1,
    documentIndex,
    lineOf: (path) =>
      path.length === 0 ? lineOfNode(root, counter) : fieldLine(root, path, counter),
  };
}

/** Turns yaml's first error of a document into MANIFEST_INVALID with file:line:column. */
function syntaxError(doc: Document.Parsed, file: string): KprodError | undefined {
  const error = doc.errors[0];
  if (error === undefined) return undefined;
  const pos = error.linePos?.[0];
  const what = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
  const hint =
    error.code === 'DUPLICATE_KEY'
      ? 'Remove or rename one of the duplicate keys: Kubernetes would silently keep only one.'
      : 'Fix the YAML syntax at that line (indentation, a missing ":" or an unclosed quote).';
  return new KprodError(
    'MANIFEST_INVALID',
    `${file}:${pos === undefined ? 1 : `${pos.line}:${pos.col}`}: ${what}`,
    { hint },
  );
}

/**
 * Parses manifest text (YAML, one or many documents, or JSON) into objects. Empty documents are
 * skipped; `List` kinds are expanded into their items, each with its own line. YAML is read as
 * YAML 1.1 with merge keys, as kubectl reads it (`yes`/`on` are booleans). Throws MANIFEST_INVALID
 * with file:line for syntax errors, duplicate keys and documents that are not objects.
 */
export function loadManifestText(text: string, file: string): SourceObject[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text.startsWith('\uFEFF') ? text.slice(1) : text, {
    lineCounter: counter,
    version: '1.1',
    merge: true,
    uniqueKeys: true,
  });
  if (!Array.isArray(docs)) return [];
  const objects: SourceObject[] = [];
  docs.forEach((doc, documentIndex) => {
    const error = syntaxError(doc, file);
    if (error !== undefined) throw error;
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) return;
    const line = lineOfNode(root, counter) ?? 1;
    let value: unknown;
    try {
      // A small alias budget refuses "billion laughs" documents instead of exhausting memory.
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (cause) {
      throw invalid(file, line, (cause as Error).message, 'Remove the YAML aliases (*name).');
    }
    const where = `document ${documentIndex + 1}`;
    const object = asManifestObject(value, file, line, where, (p) => fieldLine(root, p, counter));
    const items = object['items'];
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(items)) {
      const itemsNode = isMap(root) ? root.get('items', true) : undefined;
      items.forEach((item, index) => {
        const itemNode = (isSeq(itemsNode) ? itemsNode.items[index] : undefined) as
          Node | undefined;
        const itemLine = lineOfNode(itemNode, counter) ?? line;
        const node = itemNode !== undefined && !isAlias(itemNode) ? itemNode : root;
        const itemObject = asManifestObject(
          item,
          file,
          itemLine,
          `${where}, items[${index}]`,
          (p) => fieldLine(node, p, counter),
        );
        objects.push(sourceObject(itemObject, file, node, documentIndex, counter));
      });
      return;
    }
    objects.push(sourceObject(object, file, root, documentIndex, counter));
  });
  return objects;
}

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

/** Manifest files below `dir`, recursively, in a stable (sorted) order. */
async function manifestFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw unreadable(dir, cause);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    // Dot files hold tool settings (.kprod.yaml, .github/), not manifests.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await manifestFiles(path)));
    else if (
      (entry.isFile() || entry.isSymbolicLink()) &&
      MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) &&
      !KUSTOMIZE_FILES.has(entry.name)
    ) {
      files.push(path);
    }
  }
  return files;
}

async function loadFile(path: string): Promise<SourceObject[]> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(path, info.size);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  return loadManifestText(decodeManifestBytes(bytes, path), path);
}

/** Options of {@link loadManifestPaths}. */
export interface LoadPathsOptions {
  /** Read when a path is `-`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
}

/**
 * Loads files and directories (recursively: `.yaml`, `.yml`, `.json`, skipping dot files and
 * kustomization files) and `-` for standard input, in the order given.
 */
export async function loadManifestPaths(
  paths: readonly string[],
  opts: LoadPathsOptions = {},
): Promise<SourceObject[]> {
  const objects: SourceObject[] = [];
  for (const path of paths) {
    if (path === '-') {
      if (opts.stdin === undefined) {
        throw new KprodError('KPROD_USAGE', '"-" given but no standard input is available');
      }
      const bytes = await readStream(opts.stdin);
      objects.push(...loadManifestText(decodeManifestBytes(bytes, '<stdin>'), '<stdin>'));
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (cause) {
      throw unreadable(path, cause);
    }
    if (info.isDirectory()) {
      for (const file of await manifestFiles(path)) objects.push(...(await loadFile(file)));
    } else {
      objects.push(...(await loadFile(path)));
    }
  }
  return objects;
}
