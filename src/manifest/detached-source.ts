/**
 * What the loader keeps of an object once the check has made its compact copy: where it was
 * read, and nothing of its text, which is read again when the line of a field is asked for.
 */
import { contentLine } from './document-split.js';
import { type LineIndex, indexLines } from './line-scan.js';
import { ownString } from './own-string.js';
import { type TextShape, objectTextAt } from './list-items.js';
import type { FieldPath, ManifestObject, SourceObject } from './source-object.js';
import { type Tree, documentTree, fieldLineInChunk } from './yaml-tree.js';

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
 * documents do too: the document of the object in slot `s` is `firstDocument + s`, or of every
 * object `firstDocument` in a run of the items of one List. An object that cannot follow starts
 * a new run (a document the thorough reader took came in between, an object was detached twice
 * or out of order, another file filled the page meanwhile).
 */
export class DetachedRun {
  private count = 0;

  private constructor(
    readonly file: string,
    /** The file's text from an offset on, read again (or kept when it cannot be). */
    readonly text: (start: number, shape: TextShape) => string,
    readonly firstDocument: number,
    /** How the text of the run's objects is found again: items are of document `firstDocument`. */
    readonly shape: TextShape,
    private readonly numbers: Int32Array,
    private readonly base: number,
  ) {}

  /** `run` when an object of `documentIndex` can follow in it, else a new run. */
  static of(
    run: DetachedRun | undefined,
    file: string,
    text: (start: number, shape: TextShape) => string,
    documentIndex: number,
    shape: TextShape,
  ): DetachedRun {
    if (
      run !== undefined &&
      run.numbers === page &&
      run.base + 2 * run.count === pageUsed &&
      pageUsed < page.length &&
      run.shape === shape &&
      run.documentAt(run.count) === documentIndex
    ) {
      return run;
    }
    if (pageUsed >= page.length) {
      page = new Int32Array(PAGE_NUMBERS);
      pageUsed = 0;
    }
    return new DetachedRun(file, text, documentIndex, shape, page, pageUsed);
  }

  documentAt(slot: number): number {
    return this.shape === 'document' ? this.firstDocument + slot : this.firstDocument;
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

/** The text of the object looked up last, with what lookups in it made of it. */
interface LookedUp {
  readonly textAgain: (start: number, shape: TextShape) => string;
  readonly start: number;
  readonly shape: TextShape;
  readonly text: string;
  readonly startLine: number;
  lines?: LineIndex;
  tree?: Tree;
}

/**
 * The object looked up last: the lines of a finding's field and of its parents, and the next
 * findings of the same object (they are written in order), are found in it without reading
 * and indexing its text (or building its document model) again.
 */
let last: LookedUp | undefined;

/** The object's text read anew, or the one looked up last when it is the same. */
function lookedUp(
  textAgain: (start: number, shape: TextShape) => string,
  start: number,
  line: number,
  shape: TextShape,
): LookedUp | undefined {
  if (last?.textAgain === textAgain && last.start === start && last.shape === shape) return last;
  const cut = objectTextAt(textAgain(start, shape), shape);
  if (cut === undefined) return undefined;
  // A copy: the text read anew may be a slice of a whole file's, which it would keep alive.
  const text = ownString(cut);
  last = { textAgain, start, shape, text, startLine: line - contentLine(text, 0) };
  return last;
}

/**
 * The line of the field at `path` of a detached object, found in its file's text read anew: its
 * text runs from `start` as its `shape` says (list-items.ts), and starts at the object's `line`
 * less the lines before its content (blank lines and comments).
 */
function lineInTextAgain(
  textAgain: (start: number, shape: TextShape) => string,
  start: number,
  line: number,
  path: FieldPath,
  shape: TextShape,
): number | undefined {
  if (path.length === 0) return line;
  const object = lookedUp(textAgain, start, line, shape);
  if (object === undefined) return undefined;
  const { text, startLine } = object;
  const treeOf = (): Tree => {
    object.tree ??= documentTree(text, startLine - 1);
    return object.tree;
  };
  object.lines ??= indexLines(text.split('\n'));
  return fieldLineInChunk(text, startLine, path, object.lines, treeOf);
}

/**
 * The first object detached of a text, holding its own numbers: a file of one object (as most
 * files of a directory are) then costs no run.
 */
export class FirstDetachedSource implements SourceObject {
  constructor(
    readonly object: ManifestObject,
    readonly file: string,
    readonly line: number,
    readonly documentIndex: number,
    private readonly start: number,
    private readonly textAgain: (start: number, shape: TextShape) => string,
    private readonly shape: TextShape,
  ) {}

  lineOf(path: FieldPath): number | undefined {
    return lineInTextAgain(this.textAgain, this.start, this.line, path, this.shape);
  }
}

/**
 * Any other detached object: only a compact object and where its numbers are (the index of a
 * large input holds one per object). A class, not a closure in the loader: a closure there would
 * keep the parsed document and the whole file's text alive.
 */
export class DetachedSource implements SourceObject {
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
    return this.run.documentAt(this.slot);
  }

  lineOf(path: FieldPath): number | undefined {
    const { run, slot } = this;
    return lineInTextAgain(run.text, run.startAt(slot), this.line, path, run.shape);
  }
}
