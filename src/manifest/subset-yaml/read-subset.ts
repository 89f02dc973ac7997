/**
 * kprod's own reader for the YAML manifests are made of: block mappings and sequences, one-line
 * plain and quoted scalars, literal and folded block scalars, one-line flow collections and
 * comments. It reads them to exactly the values js-yaml gives with the fast schema, about twice
 * as fast, and declines (with a reason) every document that uses anything else, or anything it is
 * not sure of: that document then goes to js-yaml as before, so errors and edge cases stay the
 * same.
 */
import { resolvePlainScalar } from '../fast-schema.js';
import { FlowReader } from './flow.js';
import { plainKey } from './plain-key.js';
import { readBlockScalar, readQuoted } from './scalars.js';
import {
  COLON,
  DASH,
  Declined,
  type DeclineReason,
  HASH,
  SPACE,
  declineIndicator,
  isBreakOrSpace,
  isIndicator,
  setEntry,
} from './syntax.js';

/** What the subset reader made of one document: its value, or why js-yaml must read it. */
export type SubsetRead =
  { readonly value: unknown; readonly declined?: undefined } | { readonly declined: DeclineReason };

// Characters js-yaml refuses or this reader does not take at all: tabs (indentation rules),
// a byte order mark, control characters, surrogates (js-yaml checks pairing).
const UNSUPPORTED_CHARACTER =
  // eslint-disable-next-line no-control-regex
  /[\t\uFEFF\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF\uD800-\uDFFF]/;
/** A carriage return that does not end a line. */
const LONE_CR = /\r(?!\n)/;

/** Line starts, ends (before `\r\n`) and indents (-1: blank or comment), reused across calls. */
let starts: Int32Array = new Int32Array(256);
let ends: Int32Array = new Int32Array(256);
let indents: Int32Array = new Int32Array(256);

function grown(array: Int32Array, length: number): Int32Array {
  const larger = new Int32Array(length);
  larger.set(array);
  return larger;
}

/** Makes room for `size` lines, keeping those indexed so far. */
function grow(size: number): void {
  if (size <= starts.length) return;
  const length = Math.max(size, starts.length * 2);
  starts = grown(starts, length);
  ends = grown(ends, length);
  indents = grown(indents, length);
}

/** Gives back the memory of a very long document's line index. */
function shrink(): void {
  if (starts.length <= 65536) return;
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  indents = new Int32Array(256);
}

/** Indexes the lines of `text`; returns their count. A final `\n` opens no empty line. */
function indexLines(text: string): number {
  let count = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const stop = newline < 0 ? text.length : newline;
    grow(count + 1);
    starts[count] = start;
    ends[count] = stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    let at = start;
    while (at < stop && text.charCodeAt(at) === SPACE) at += 1;
    const c = text.charCodeAt(at);
    indents[count] = at >= (ends[count] ?? 0) || c === HASH ? -1 : at - start;
    count += 1;
    start = stop + 1;
  }
  return count;
}

/** The reader of one document; `line` is the next line not yet read. */
class SubsetReader {
  line = 0;

  constructor(
    private readonly text: string,
    private readonly count: number,
  ) {}

  /** The first line at or after `from` with content (not blank, not only a comment). */
  nextContent(from: number): number {
    let i = from;
    while (i < this.count && (indents[i] ?? -1) < 0) i += 1;
    return i;
  }

  indentAt(i: number): number {
    return i < this.count ? (indents[i] ?? -1) : -1;
  }

  isDashAt(pos: number): boolean {
    return this.text.charCodeAt(pos) === DASH && isBreakOrSpace(this.text.charCodeAt(pos + 1));
  }

  readDocument(): unknown {
    let first = 0;
    const text = this.text;
    for (let i = 0; i < this.count; i += 1) {
      if (indents[i] !== 0) continue;
      const start = starts[i] ?? 0;
      const c = text.charCodeAt(start);
      if (c === 37 /* % */) throw new Declined('directive-or-marker');
      if (text.startsWith('---', start) || text.startsWith('...', start)) {
        if (i > 0 || c !== DASH || !this.onlyComment(start + 3, ends[i] ?? 0)) {
          throw new Declined('directive-or-marker');
        }
        indents[i] = -1;
        first = 1;
      }
    }
    const root = this.nextContent(first);
    if (root >= this.count) throw new Declined('not-a-collection');
    const value = this.readBlockNode(root, indents[root] ?? 0);
    if (this.line < this.count) throw new Declined('indentation');
    return value;
  }

  /** True when only spaces, then nothing or a comment, follow from `pos` to `end`. */
  onlyComment(pos: number, end: number): boolean {
    let at = pos;
    while (at < end && this.text.charCodeAt(at) === SPACE) at += 1;
    return at === end || (at > pos && this.text.charCodeAt(at) === HASH);
  }

  /** A block mapping or sequence whose first entry starts at column `column` of line `line`. */
  readBlockNode(line: number, column: number): unknown {
    const pos = (starts[line] ?? 0) + column;
    if (this.isDashAt(pos)) return this.readSequence(line, pos, column);
    return this.readMapping(line, pos, column);
  }

  /** The value of the sequence item whose dash is at `dash`, the sequence at `indent`. */
  readItem(line: number, dash: number, indent: number): unknown {
    const text = this.text;
    const end = ends[line] ?? 0;
    let pos = dash + 1;
    while (pos < end && text.charCodeAt(pos) === SPACE) pos += 1;
    if (pos === end || text.charCodeAt(pos) === HASH) return this.readNested(line, indent, false);
    const column = pos - (starts[line] ?? 0);
    if (this.isDashAt(pos)) return this.readSequence(line, pos, column);
    if (this.isKeyLine(pos, end)) return this.readMapping(line, pos, column);
    return this.readInline(line, pos, indent);
  }

  /**
   * The value of an entry whose line ends after its indicator: a block node on the lines below
   * indented past `indent` (for a mapping value also a sequence at `indent`), else null.
   */
  readNested(line: number, indent: number, mappingValue: boolean): unknown {
    const next = this.nextContent(line + 1);
    const d = this.indentAt(next);
    if (d > indent) return this.readBlockNode(next, d);
    if (mappingValue && d === indent && this.isDashAt((starts[next] ?? 0) + d)) {
      return this.readSequence(next, (starts[next] ?? 0) + d, indent);
    }
    // js-yaml takes the next item of an outer sequence into this one after an empty item.
    if (!mappingValue && d >= 0 && d < indent && this.isDashAt((starts[next] ?? 0) + d)) {
      throw new Declined('indentation');
    }
    this.line = next;
    return null;
  }

  /**
   * A block sequence whose first dash is at `pos` on `line` (at its indent, or after another
   * item's dash: `- - a`), its dashes at column `column`.
   */
  readSequence(line: number, pos: number, column: number): unknown[] {
    const items: unknown[] = [this.readItem(line, pos, column)];
    for (;;) {
      const next = this.line;
      const d = this.indentAt(next);
      if (d === column && this.isDashAt((starts[next] ?? 0) + d)) {
        items.push(this.readItem(next, (starts[next] ?? 0) + d, column));
        continue;
      }
      if (next < this.count && d > column) throw new Declined('indentation');
      return items;
    }
  }

  /** True when the text at `pos` reads as a mapping key followed by `: ` or `:` at the end. */
  isKeyLine(pos: number, end: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(pos);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(pos, end);
      return close >= 0 && text.charCodeAt(close) === COLON;
    }
    if (isIndicator(c)) return false;
    return this.colonAt(pos, this.commentAt(pos, end)) >= 0;
  }

  // The searches below run ahead of the line being read, to the next `#` or `:` of the document,
  // and remember what they found while reading moves forward: searching anew for each line
  // would read on to the end of the document for every line without one.
  private hashFrom = -1;
  private hash = -1;
  private colonFrom = -1;
  private colon = -1;

  /** Offset of the `#` of the first ` #` in [pos, end), or `end`. */
  commentAt(pos: number, end: number): number {
    if (this.hashFrom < 0 || pos < this.hashFrom || (this.hash >= 0 && this.hash < pos)) {
      this.hashFrom = pos;
      // `#` is rare and spaces are not: looking for `#` alone is the quicker search.
      let found = this.text.indexOf('#', pos);
      while (found >= 0 && this.text.charCodeAt(found - 1) !== SPACE) {
        found = this.text.indexOf('#', found + 1);
      }
      this.hash = found;
    }
    return this.hash >= 0 && this.hash < end ? this.hash : end;
  }

  /** Offset of the first `:` at or after `pos`, or -1. */
  firstColon(pos: number): number {
    if (this.colonFrom < 0 || pos < this.colonFrom || (this.colon >= 0 && this.colon < pos)) {
      this.colonFrom = pos;
      this.colon = this.text.indexOf(':', pos);
    }
    return this.colon;
  }

  /** Offset of the first `:` followed by a space or the line's end in [pos, end), or -1. */
  colonAt(pos: number, end: number): number {
    let at = this.firstColon(pos);
    while (at >= 0 && at < end) {
      if (isBreakOrSpace(this.text.charCodeAt(at + 1))) return at;
      at = this.firstColon(at + 1);
    }
    return -1;
  }

  /** Offset just past the closing quote of the quoted scalar at `pos`, or -1 if not on the line. */
  quotedEnd(pos: number, end: number): number {
    const text = this.text;
    const quote = text.charCodeAt(pos);
    for (let at = pos + 1; at < end; at += 1) {
      const ch = text.charCodeAt(at);
      if (quote === 34 && ch === 92 /* \ */) at += 1;
      else if (ch === quote) {
        if (quote === 39 && text.charCodeAt(at + 1) === 39) at += 1;
        else return at + 1;
      }
    }
    return -1;
  }

  /** A block mapping whose first key is at `pos` on `line`, its keys at column `indent`. */
  readMapping(first: number, firstPos: number, indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let line = first;
    let pos = firstPos;
    for (;;) {
      const end = ends[line] ?? 0;
      const key = this.readKey(pos, end);
      let at = this.keyEnd + 1;
      while (at < end && this.text.charCodeAt(at) === SPACE) at += 1;
      const value =
        at === end || this.text.charCodeAt(at) === HASH
          ? this.readNested(line, indent, true)
          : this.readInline(line, at, indent);
      setEntry(map, key, value);
      const next = this.line;
      const d = this.indentAt(next);
      if (d === indent) {
        line = next;
        pos = (starts[next] ?? 0) + d;
        continue;
      }
      if (next < this.count && d > indent) throw new Declined('indentation');
      return map;
    }
  }

  /** Offset of the `:` after the key read last. */
  keyEnd = 0;

  /** The key at `pos` as js-yaml stores it (a string); sets {@link keyEnd}. */
  readKey(pos: number, end: number): string {
    const text = this.text;
    const c = text.charCodeAt(pos);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(pos, end);
      if (close < 0) throw new Declined('multi-line-scalar');
      if (text.charCodeAt(close) !== COLON || !isBreakOrSpace(text.charCodeAt(close + 1))) {
        throw new Declined('syntax');
      }
      this.keyEnd = close;
      return readQuoted(text, pos, close);
    }
    if (isIndicator(c) || (c === DASH && isBreakOrSpace(text.charCodeAt(pos + 1)))) {
      declineIndicator(c);
    }
    const at = this.colonAt(pos, this.commentAt(pos, end));
    // `key : value` reads the same, but this reader keeps to the usual spelling.
    if (at < 0 || text.charCodeAt(at - 1) === SPACE) throw new Declined('syntax');
    this.keyEnd = at;
    return plainKey(text, pos, at);
  }

  /**
   * A value written on its entry's line at `pos` (a scalar, a flow collection or a block
   * scalar) in a collection at `indent`; sets {@link line} to the next content line.
   */
  readInline(line: number, pos: number, indent: number): unknown {
    const text = this.text;
    const end = ends[line] ?? 0;
    const c = text.charCodeAt(pos);
    if (c === 124 /* | */ || c === 62 /* > */) {
      const read = readBlockScalar(text, pos, end, line, this.count, indent + 1, starts, ends);
      this.line = this.nextContent(read.nextLine);
      return read.value;
    }
    let value: unknown;
    let after: number;
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const flow = new FlowReader(text, pos, end);
      value = flow.readNode();
      after = flow.pos;
    } else if (c === 34 || c === 39) {
      after = this.quotedEnd(pos, end);
      if (after < 0) throw new Declined('multi-line-scalar');
      value = readQuoted(text, pos, after);
    } else {
      if (isIndicator(c) || (c === DASH && isBreakOrSpace(text.charCodeAt(pos + 1)))) {
        declineIndicator(c);
      }
      const stop = this.commentAt(pos, end);
      if (this.colonAt(pos, stop) >= 0) throw new Declined('syntax');
      after = stop;
      while (text.charCodeAt(after - 1) === SPACE) after -= 1;
      value = resolvePlainScalar(text.slice(pos, after));
    }
    if (!this.onlyComment(after, end)) throw new Declined('syntax');
    const next = this.nextContent(line + 1);
    // A line indented past the collection continues the scalar (or is an error): js-yaml's.
    if (this.indentAt(next) > indent) throw new Declined('multi-line-scalar');
    this.line = next;
    return value;
  }
}

/** Reads a document whose characters passed the check; declines by throwing inside. */
function readLines(text: string): SubsetRead {
  const count = indexLines(text);
  try {
    return { value: new SubsetReader(text, count).readDocument() };
  } catch (error) {
    if (error instanceof Declined) return { declined: error.reason };
    // Nesting deeper than the stack: js-yaml, and then the thorough reader, say what it is.
    if (error instanceof RangeError) return { declined: 'too-deep' };
    throw error;
  }
}

/**
 * Reads one YAML document (the text between two `---` lines) when it stays within the subset;
 * otherwise says why js-yaml must read it. The value deep-equals js-yaml's with the fast schema.
 */
export function readSubset(text: string): SubsetRead {
  if (UNSUPPORTED_CHARACTER.test(text) || (text.includes('\r') && LONE_CR.test(text))) {
    return { declined: 'character' };
  }
  try {
    return readLines(text);
  } finally {
    shrink();
  }
}
