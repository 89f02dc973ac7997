/**
 * Reads Kubernetes manifests (multi-document YAML, JSON, `List` kinds, Helm-rendered output) into
 * {@link SourceObject}s that remember the file and line of the object and of each field.
 */
import type { Document, Node } from 'yaml';
import { KprodError } from '../errors.js';
import { mayReadFast, readFast } from './fast-yaml.js';
import { type TextShape, itemText, jsonListLayout, listLayout } from './list-items.js';
import { ownString } from './own-string.js';
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
 * so that errors and values are exactly yaml's. Lines are shifted by `lineOffset`. The items of
 * a List before `firstItem` are left out (the fast reader read them). `single`, when given,
 * takes an object that is the text's only document instead of `visit`, and finds its lines
 * itself: the document model is then let go.
 */
function loadDocumentsWithPositions(
  text: string,
  file: string,
  lineOffset: number,
  firstIndex: number,
  visit: (source: SourceObject) => void,
  firstItem = 0,
  single?: (object: ManifestObject, line: number, where: string) => void,
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
        if (index < firstItem) return;
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
    if (docs.length === 1 && single !== undefined) single(object, line, where);
    else visit(positioned(object, file, line, documentIndex, tree));
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
 * Speed: each document (and each item of a List, list-items.ts) is first read by the subset
 * reader (subset-yaml/), or when it declines, with js-yaml (both several times faster than a
 * full document model); the line of a field is computed only when a finding asks for one, by
 * indentation (line-scan.ts) or, when that cannot tell, from the yaml document model. Documents
 * js-yaml refuses, those with anchors and Lists of other shapes are read by the `yaml` package,
 * whose error messages are then used.
 */
export function loadManifestText(text: string, file: string): SourceObject[] {
  const objects: SourceObject[] = [];
  forEachManifestObject(text, file, (source) => objects.push(source));
  return objects;
}

/**
 * Reads manifest text as {@link loadManifestText} does, handing each object to `visit` as soon
 * as its document is read, so that a caller that keeps nothing holds one document at a time
 * (one item at a time of a List, list-items.ts).
 * `reread`, when given, reads the text again from an offset (in the text without its byte order
 * mark) to at least the end of the object of the given shape that starts there (list-items.ts),
 * or to the end of the file: an object's `detach` then keeps no text at all and finds lines in
 * the text it rereads. Without it, the detached objects of the text keep the text (once for all
 * of them). Documents are read from copies of 60 KiB of the text (text-copies.ts), so that what
 * is kept of an object keeps no more.
 */
export function forEachManifestObject(
  text: string,
  file: string,
  visit: (source: SourceObject) => void,
  reread?: (start: number, shape: TextShape) => string,
): void {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const reader = new ObjectReader(file, visit, reread ?? sameText(source));
  const copies = new TextCopies(source);
  let documentIndex = 0;
  for (const chunk of splitDocuments(source)) {
    if (isIgnorable(chunk)) continue;
    const lineOffset = chunk.startLine - 1;
    const index = documentIndex;
    documentIndex += 1;
    // A List is cut into items that are strings of their own: its text needs no copy.
    if (reader.readList(chunk.text, chunk, index)) continue;
    const own = copies.slice(chunk.start, chunk.start + chunk.text.length);
    const read = readFast(own);
    if (read === undefined) {
      const count = loadDocumentsWithPositions(
        own,
        file,
        lineOffset,
        index,
        visit,
        0,
        (object, line, where) => {
          reader.visitRead(object, own, chunk, line, index, where);
        },
      );
      documentIndex = index + Math.max(count, 1);
      continue;
    }
    if (read.value === null || read.value === undefined) continue;
    const line = contentLine(own, chunk.startLine);
    reader.visitRead(read.value, own, chunk, line, index, `document ${index + 1}`);
  }
}

/** Where an object's text is: its offset in the file's text, and the line it starts at. */
interface TextPlace {
  readonly start: number;
  readonly startLine: number;
}

/** Hands objects read from a file to `visit`, with their lines and their detached form. */
class ObjectReader {
  private detachedAny = false;
  private run: DetachedRun | undefined;

  constructor(
    private readonly file: string,
    private readonly visit: (source: SourceObject) => void,
    private readonly textAgain: (start: number, shape: TextShape) => string,
  ) {}

  /**
   * Reads a List document an item at a time when list-items.ts can cut its items, and answers
   * whether it did; false (and nothing visited) for any other document.
   */
  readList(text: string, chunk: TextPlace, index: number): boolean {
    const json = /^\s*\{/.test(text);
    // Cutting a JSON List reads its top-level values: JSON without "items" is not one.
    if (json && !text.includes('"items"')) return false;
    const layout = json ? jsonListLayout(text) : listLayout(text);
    if (layout === undefined || !mayReadFast(text)) return false;
    const header = readFast(layout.header)?.value;
    if (!isObject(header) || header['items'] !== null) return false;
    const kind = header['kind'];
    if (typeof kind !== 'string' || !kind.endsWith('List')) return false;
    const where = `document ${index + 1}`;
    const line = contentLine(text, chunk.startLine);
    const lineOffset = chunk.startLine - 1;
    asManifestObject(header, this.file, line, where, (p) =>
      fieldLine(documentTree(text, lineOffset), p),
    );
    const shape = json ? 'json item' : 'yaml item';
    for (const [i, place] of layout.items.entries()) {
      // A string of its own, which keeps nothing of the List's text.
      const item = json
        ? ownString(text.slice(place.start, place.end))
        : itemText(text, place.start, place.end);
      const read = item === undefined ? undefined : readFast(item, true);
      if (item === undefined || read === undefined) {
        // What the fast reader declines (an error, mostly), the List read whole says as yaml
        // does; the items visited already are not visited again. From a copy: its objects
        // keep what yaml makes of the text.
        loadDocumentsWithPositions(ownString(text), this.file, lineOffset, index, this.visit, i);
        return true;
      }
      const startLine = chunk.startLine + place.line;
      const itemLine = contentLine(item, startLine);
      const at = { start: chunk.start + place.start, startLine };
      this.visitRead(read.value, item, at, itemLine, index, `${where}, items[${i}]`, shape);
    }
    return true;
  }

  /**
   * Visits an object read from `text` (a document, or a List's item), by the fast reader or, of
   * a document of its own, by the thorough one.
   */
  visitRead(
    value: unknown,
    text: string,
    place: TextPlace,
    line: number,
    index: number,
    where: string,
    shape: TextShape = 'document',
  ): void {
    const { file } = this;
    const { start, startLine } = place;
    let tree: Tree | undefined;
    const treeOf = (): Tree => {
      tree ??= documentTree(text, startLine - 1);
      return tree;
    };
    const object = asManifestObject(value, file, line, where, (p) => fieldLine(treeOf(), p));
    let lines: LineIndex | undefined;
    this.visit({
      object,
      file,
      line,
      documentIndex: index,
      lineOf: (path) => {
        if (path.length === 0) return line;
        lines ??= indexLines(text.split('\n'));
        return fieldLineInChunk(text, startLine, path, lines, treeOf);
      },
      detach: this.detacher(line, index, start, shape),
    });
  }

  /** The `detach` of an object of `shape` at `line` whose text starts at `start`. */
  detacher(
    line: number,
    index: number,
    start: number,
    shape: TextShape,
  ): (compact: ManifestObject) => SourceObject {
    const { file, textAgain } = this;
    return (compact) => {
      if (!this.detachedAny) {
        this.detachedAny = true;
        return new FirstDetachedSource(compact, file, line, index, start, textAgain, shape);
      }
      this.run = DetachedRun.of(this.run, file, textAgain, index, shape);
      return new DetachedSource(compact, this.run, this.run.push(line, start));
    };
  }
}

/** The text from an offset on, made here so that it holds nothing else of the loader's. */
function sameText(text: string): (start: number) => string {
  return (start) => text.slice(start);
}
