/**
 * Reads Kubernetes manifests (multi-document YAML, JSON, `List` kinds, Helm-rendered output) into
 * {@link SourceObject}s that remember the file and line of the object and of each field.
 */
import type { Document, Node } from 'yaml';
import { KprodError } from '../errors.js';
import { readFast } from './fast-yaml.js';
import { asKubectlEscapes } from './go-yaml-escapes.js';
import { yamlModule } from './yaml-lazy.js';
import { type LineIndex, indexLines } from './line-scan.js';
import { contentLine, isIgnorable, splitDocuments } from './document-split.js';
import { DetachedRun, DetachedSource, FirstDetachedSource } from './detached-source.js';
import {
  type Tree,
  YAML_OPTIONS,
  documentTree,
  fieldLine,
  fieldLineInChunk,
  lineOfNode,
  offsetLines,
} from './yaml-tree.js';
import { TextCopies } from './text-copies.js';
import type { FieldPath, ManifestObject, SourceObject } from './source-object.js';

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

/** Turns yaml's first error of a document into MANIFEST_INVALID with file:line:column. */
function syntaxError(
  doc: Document.Parsed,
  file: string,
  lineOffset: number,
): KprodError | undefined {
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
    `${file}:${pos === undefined ? 1 + lineOffset : `${pos.line + lineOffset}:${pos.col}`}: ${what}`,
    { hint },
  );
}

/**
 * The thorough reader: the `yaml` package's document model, with positions for every node.
 * Used for documents the fast reader does not take (anchors, List kinds, anything it refuses),
 * so that errors and values are exactly yaml's. Lines are shifted by `lineOffset`.
 */
function loadDocumentsWithPositions(
  text: string,
  file: string,
  lineOffset: number,
  firstIndex: number,
  visit: (source: SourceObject) => void,
): number {
  const { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } = yamlModule();
  const counter = new LineCounter();
  const lines = offsetLines(counter, lineOffset);
  const docs = parseAllDocuments(asKubectlEscapes(text, file, lineOffset), {
    ...YAML_OPTIONS,
    lineCounter: counter,
  });
  if (!Array.isArray(docs)) return 0;
  docs.forEach((doc, i) => {
    const documentIndex = firstIndex + i;
    const error = syntaxError(doc, file, lineOffset);
    if (error !== undefined) throw error;
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) return;
    const line = lineOfNode(root, lines) ?? 1 + lineOffset;
    let value: unknown;
    try {
      // A small alias budget refuses "billion laughs" documents instead of exhausting memory.
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (cause) {
      throw invalid(file, line, (cause as Error).message, 'Remove the YAML aliases (*name).');
    }
    const where = `document ${documentIndex + 1}`;
    const tree: Tree = { doc, node: root, lines };
    const object = asManifestObject(value, file, line, where, (p) => fieldLine(tree, p));
    const items = object['items'];
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(items)) {
      const itemsNode = isMap(root) ? root.get('items', true) : undefined;
      items.forEach((item, index) => {
        const itemNode = (isSeq(itemsNode) ? itemsNode.items[index] : undefined) as
          Node | undefined;
        const itemLine = lineOfNode(itemNode, lines) ?? line;
        const node = itemNode !== undefined && !isAlias(itemNode) ? itemNode : root;
        const itemObject = asManifestObject(
          item,
          file,
          itemLine,
          `${where}, items[${index}]`,
          (p) => fieldLine({ doc, node, lines }, p),
        );
        visit(positioned(itemObject, file, itemLine, documentIndex, { doc, node, lines }));
      });
      return;
    }
    visit(positioned(object, file, line, documentIndex, tree));
  });
  return docs.length;
}

function positioned(
  object: ManifestObject,
  file: string,
  line: number,
  documentIndex: number,
  tree: Tree,
): SourceObject {
  return {
    object,
    file,
    line,
    documentIndex,
    lineOf: (path) => (path.length === 0 ? line : fieldLine(tree, path)),
  };
}

/**
 * Parses manifest text (YAML, one or many documents, or JSON) into objects. Empty documents are
 * skipped; `List` kinds are expanded into their items, each with its own line. YAML is read as
 * YAML 1.1 with merge keys, as kubectl reads it (`yes`/`on` are booleans). Throws MANIFEST_INVALID
 * with file:line for syntax errors, duplicate keys and documents that are not objects.
 *
 * Speed: each document is first read by the subset reader (subset-yaml/), or when it declines,
 * with js-yaml (both several times faster than a full document model); the line of a field is computed only when a finding asks for one, by indentation
 * (line-scan.ts) or, when that cannot tell, from the yaml document model. Documents
 * js-yaml refuses, and those with anchors or List kinds, are read by the `yaml` package, whose
 * error messages and positions are then used.
 */
export function loadManifestText(text: string, file: string): SourceObject[] {
  const objects: SourceObject[] = [];
  forEachManifestObject(text, file, (source) => objects.push(source));
  return objects;
}

/**
 * Reads manifest text as {@link loadManifestText} does, handing each object to `visit` as soon
 * as its document is read, so that a caller that keeps nothing holds one document at a time.
 * `reread`, when given, reads the text again from an offset (in the text without its byte order
 * mark) to at least the end of the document that starts there: an object's `detach` then keeps
 * no text at all and finds lines in the text it rereads. Without it, the detached
 * objects of the text keep the text (once for all of them). Documents are read from copies of
 * 60 KiB of the text (text-copies.ts), so that what is kept of an object keeps no more.
 */
export function forEachManifestObject(
  text: string,
  file: string,
  visit: (source: SourceObject) => void,
  reread?: (start: number) => string,
): void {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const textAgain = reread ?? sameText(source);
  const copies = new TextCopies(source);
  let detachedAny = false;
  let run: DetachedRun | undefined;
  let documentIndex = 0;
  for (const chunk of splitDocuments(source)) {
    if (isIgnorable(chunk)) continue;
    const lineOffset = chunk.startLine - 1;
    const own = copies.slice(chunk.start, chunk.start + chunk.text.length);
    const read = readFast(own);
    if (read === undefined) {
      const count = loadDocumentsWithPositions(own, file, lineOffset, documentIndex, visit);
      documentIndex += Math.max(count, 1);
      continue;
    }
    const value = read.value;
    const index = documentIndex;
    documentIndex += 1;
    if (value === null || value === undefined) continue;
    let tree: Tree | undefined;
    const treeOf = (): Tree => {
      tree ??= documentTree(own, lineOffset);
      return tree;
    };
    const line = contentLine(own, chunk.startLine);
    const object = asManifestObject(value, file, line, `document ${index + 1}`, (p) =>
      fieldLine(treeOf(), p),
    );
    let lines: LineIndex | undefined;
    const { start, startLine } = chunk;
    visit({
      object,
      file,
      line,
      documentIndex: index,
      lineOf: (path) => {
        if (path.length === 0) return line;
        lines ??= indexLines(own.split('\n'));
        return fieldLineInChunk(own, startLine, path, lines, treeOf);
      },
      detach: (compact) => {
        if (!detachedAny) {
          detachedAny = true;
          return new FirstDetachedSource(compact, file, line, index, start, textAgain);
        }
        run = DetachedRun.of(run, file, textAgain, index);
        return new DetachedSource(compact, run, run.push(line, start));
      },
    });
  }
}

/** The text from an offset on, made here so that it holds nothing else of the loader's. */
function sameText(text: string): (start: number) => string {
  return (start) => text.slice(start);
}
