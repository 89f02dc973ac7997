/**
 * Reads Kubernetes manifests (multi-document YAML, JSON, `List` kinds, Helm-rendered output) into
 * {@link SourceObject}s that remember the file and line of the object and of each field.
 */
import type { Document, LineCounter, Node, Pair, Tags, YAMLMap } from 'yaml';
import { KprodError } from '../errors.js';
import { readFast } from './fast-yaml.js';
import { asKubectlEscapes } from './go-yaml-escapes.js';
import { yamlModule } from './yaml-lazy.js';
import { type LineIndex, indexLines, scanFieldLine } from './line-scan.js';
import { contentLine, documentEnd, isIgnorable, splitDocuments } from './document-split.js';
import { TextCopies } from './text-copies.js';
import type { FieldPath, ManifestObject, SourceObject } from './source-object.js';

/** Maps an offset in the parsed text to a line in the whole file. */
interface Lines {
  linePos(offset: number): { line: number };
}

function offsetLines(counter: LineCounter, lineOffset: number): Lines {
  return { linePos: (offset) => ({ line: counter.linePos(offset).line + lineOffset }) };
}

function lineOfNode(node: Node | null | undefined, lines: Lines): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

/** A parsed document and the line mapping of its text. */
interface Tree {
  readonly doc: Document.Parsed;
  readonly node: Node;
  readonly lines: Lines;
}

/**
 * The pair of `map` for `key`: its own, or else one a `<<` merge key brings in (explicit keys
 * win; of a list of merged maps, the first that has the key), followed through aliases, so
 * that a field is found where it is written.
 */
function pairOf(map: YAMLMap, key: string, doc: Document.Parsed, depth = 0): Pair | undefined {
  const { isAlias, isMap, isScalar, isSeq } = yamlModule();
  const own = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (own !== undefined || depth > 16) return own;
  const resolved = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  for (const p of map.items) {
    // The yaml package reads an unquoted `<<` key as a symbol when merge keys are on.
    if (!isScalar(p.key) || typeof p.key.value !== 'symbol') continue;
    const source = resolved(p.value);
    for (const merged of isSeq(source) ? source.items.map(resolved) : [source]) {
      if (!isMap(merged)) continue;
      const pair = pairOf(merged, key, doc, depth + 1);
      if (pair !== undefined) return pair;
    }
  }
  return undefined;
}

/** Line of the field at `path` below `root`: the line of its key, or of its list item. */
function fieldLine(tree: Tree, path: FieldPath): number | undefined {
  const { isAlias, isMap, isSeq } = yamlModule();
  const { doc, lines } = tree;
  let node: unknown = tree.node;
  let line: number | undefined;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairOf(node, String(part), doc);
      if (pair === undefined) return undefined;
      line = lineOfNode(pair.key as Node, lines);
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (item === undefined) return undefined;
      line = lineOfNode(item, lines);
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

const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  // Nothing of the library's own on stderr: what matters to the user is reported as an error.
  logLevel: 'error',
  // kubectl turns YAML into JSON, where a timestamp is a string: keep it one, not a Date.
  customTags: (tags: Tags) =>
    tags.filter((t) =>
      typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp',
    ),
} as const;

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

/** The yaml document model of one document's text, its lines shifted by `lineOffset`. */
function documentTree(text: string, lineOffset: number): Tree {
  const { LineCounter, Scalar, parseDocument } = yamlModule();
  const counter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: counter });
  return { doc, node: doc.contents ?? new Scalar(null), lines: offsetLines(counter, lineOffset) };
}

/**
 * Line of the field at `path` in one document's text (starting at line `startLine` of its
 * file): by indentation, or from the yaml document model when that cannot tell.
 */
function fieldLineInChunk(
  text: string,
  startLine: number,
  path: FieldPath,
  lines: LineIndex,
  treeOf: () => Tree,
): number | undefined {
  const scanned = scanFieldLine(lines, path);
  if (scanned !== null && (scanned !== undefined || !text.includes('<<'))) {
    return scanned === undefined ? undefined : startLine + scanned;
  }
  // Not written in the document's own lines: it may come from a `<<` merge key.
  return fieldLine(treeOf(), path);
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

/**
 * Where detached sources keep their numbers: two per object (its line, and where its document
 * starts in the file's text) in pages shared by every file read, so that a file of one object
 * costs no array of its own. The page being filled is kept here; a full one lives as long as
 * a source whose numbers it holds.
 */
const PAGE_NUMBERS = 16 * 1024;
let page = new Int32Array(0);
let pageUsed = 0;

/**
 * Detached objects of one file whose numbers follow one another in one page, and whose
 * documents do too: the document of the object in slot `s` is `firstDocument + s`. An object
 * that cannot follow starts a new run (a document the thorough reader took came in between,
 * an object was detached twice or out of order, another file filled the page meanwhile).
 */
class DetachedRun {
  private count = 0;

  private constructor(
    readonly file: string,
    /** The file's text from an offset on, read again (or kept when it cannot be). */
    readonly text: (start: number) => string,
    readonly firstDocument: number,
    private readonly numbers: Int32Array,
    private readonly base: number,
  ) {}

  /** `run` when an object of `documentIndex` can follow in it, else a new run. */
  static of(
    run: DetachedRun | undefined,
    file: string,
    text: (start: number) => string,
    documentIndex: number,
  ): DetachedRun {
    if (
      run !== undefined &&
      run.numbers === page &&
      run.base + 2 * run.count === pageUsed &&
      pageUsed < page.length &&
      run.firstDocument + run.count === documentIndex
    ) {
      return run;
    }
    if (pageUsed >= page.length) {
      page = new Int32Array(PAGE_NUMBERS);
      pageUsed = 0;
    }
    return new DetachedRun(file, text, documentIndex, page, pageUsed);
  }

  /** Keeps the numbers of the next object of a run just given by {@link DetachedRun.of}. */
  push(line: number, start: number): number {
    const slot = this.count;
    const at = this.base + 2 * slot;
    this.numbers[at] = line;
    this.numbers[at + 1] = start;
    pageUsed = at + 2;
    this.count += 1;
    return slot;
  }

  lineAt(slot: number): number {
    return this.numbers[this.base + 2 * slot] ?? 0;
  }

  startAt(slot: number): number {
    return this.numbers[this.base + 2 * slot + 1] ?? 0;
  }
}

/**
 * The line of the field at `path` of a detached object, found in its file's text read anew: its
 * document runs from `start` to the next `---` line, and starts at the object's `line` less the
 * lines before its content (blank lines and comments).
 */
function lineInTextAgain(
  textAgain: (start: number) => string,
  start: number,
  line: number,
  path: FieldPath,
): number | undefined {
  if (path.length === 0) return line;
  const rest = textAgain(start);
  const text = rest.slice(0, documentEnd(rest, 0));
  const startLine = line - contentLine(text, 0);
  const lines = indexLines(text.split('\n'));
  return fieldLineInChunk(text, startLine, path, lines, () => documentTree(text, startLine - 1));
}

/**
 * The first object detached of a text, holding its own numbers: a file of one object (as most
 * files of a directory are) then costs no run.
 */
class FirstDetachedSource implements SourceObject {
  constructor(
    readonly object: ManifestObject,
    readonly file: string,
    readonly line: number,
    readonly documentIndex: number,
    private readonly start: number,
    private readonly textAgain: (start: number) => string,
  ) {}

  lineOf(path: FieldPath): number | undefined {
    return lineInTextAgain(this.textAgain, this.start, this.line, path);
  }
}

/**
 * Any other detached object: only a compact object and where its numbers are (the index of a
 * large input holds one per object). A class, not a closure in the loader: a closure there would
 * keep the parsed document and the whole file's text alive.
 */
class DetachedSource implements SourceObject {
  constructor(
    readonly object: ManifestObject,
    private readonly run: DetachedRun,
    private readonly slot: number,
  ) {}

  get file(): string {
    return this.run.file;
  }

  get line(): number {
    return this.run.lineAt(this.slot);
  }

  get documentIndex(): number {
    return this.run.firstDocument + this.slot;
  }

  lineOf(path: FieldPath): number | undefined {
    return lineInTextAgain(this.run.text, this.run.startAt(this.slot), this.line, path);
  }
}
