/**
 * Finds the line of a field in block-style YAML by its indentation, without parsing the
 * document: the quick answer for most findings. Anything it is not sure about (flow
 * collections, block scalars on the way, JSON, a marker line with content) answers `null`, and
 * the caller then asks the full YAML document model.
 */
import type { FieldPath } from './source-object.js';

// Sticky: matched where a line's content starts, without slicing the line.
const KEY =
  /(?:"([^"\\]*)"|'([^']*)'|([^\s#'"{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?))\s*:(?:\s|$)/y;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i += 1;
  return i;
}

function isContent(line: string): boolean {
  const rest = line.trimStart();
  return rest !== '' && rest !== '\r' && !rest.startsWith('#');
}

const NON_SPACE_WHITESPACE = /\s/;

/** The indent of a content line, or -1 for a blank or comment line. */
function contentIndent(line: string): number {
  const indent = indentOf(line);
  if (indent === line.length) return -1;
  const c = line.charCodeAt(indent);
  if (c === 35 /* # */) return -1;
  // Tabs and other white space before the content: rare, so take the exact slow test.
  if (NON_SPACE_WHITESPACE.test(line.charAt(indent))) return isContent(line) ? indent : -1;
  return indent;
}

/** The lines of one YAML document with the indent of each, computed once per document. */
export interface LineIndex {
  readonly lines: readonly string[];
  /** Indent of each line in spaces; -1 for blank and comment lines. */
  readonly indents: Int32Array;
  /** The first line a scan reads: 1 after a `---` line, 0 without; -1 when `---` has content. */
  readonly first: number;
}

/** Indexes a document's lines for scanFieldLine; do it once per document, not per lookup. */
export function indexLines(lines: readonly string[]): LineIndex {
  const indents = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i += 1) indents[i] = contentIndent(lines[i] ?? '');
  let first = 0;
  if (lines[0]?.startsWith('---') === true) first = isContent(lines[0].slice(3)) ? -1 : 1;
  return { lines, indents, first };
}

/** True when the text at `at` is a list item's dash (`-` alone or followed by a space). */
function isDashAt(line: string, at: number): boolean {
  if (line.charCodeAt(at) !== 45 /* - */) return false;
  const next = line.charCodeAt(at + 1);
  return Number.isNaN(next) || next === 32 || (next === 13 && at + 2 === line.length);
}

/** True when a value written after `key:` or `- ` opens something this scanner cannot follow. */
function opaqueValue(value: string): boolean {
  const v = value.trim();
  return v !== '' && !v.startsWith('#');
}

/**
 * Where a scan stands between two path steps: the line range still searched, the indent of the
 * parent found last, and the `virtual` line that re-reads a list item's first line with its dash
 * blanked, so its first key sits at the same indent as the item's other keys.
 */
interface ScanState {
  readonly index: LineIndex;
  from: number;
  to: number;
  parentIndent: number;
  virtualLine: number;
  virtualText: string;
  virtualIndent: number;
}

function textAt(state: ScanState, i: number): string {
  return i === state.virtualLine ? state.virtualText : (state.index.lines[i] ?? '');
}

function indentAt(state: ScanState, i: number): number {
  return i === state.virtualLine ? state.virtualIndent : (state.index.indents[i] ?? -1);
}

/** Line of the first content line in the current range, or -1 when there is none. */
function firstContent(state: ScanState): number {
  let first = state.from;
  while (first < state.to && indentAt(state, first) < 0) first += 1;
  return first < state.to ? first : -1;
}

/**
 * Finds key `part` among the mapping lines at `indent` starting at `first`: its line and the end
 * of its block, `undefined` when absent, `null` when unsure.
 */
function findKey(
  state: ScanState,
  first: number,
  indent: number,
  part: string,
  last: boolean,
): { found: number; end: number } | null | undefined {
  let found = -1;
  let end = state.to;
  for (let i = first; i < state.to; i += 1) {
    const d = indentAt(state, i);
    if (d < 0 || d > indent) continue;
    if (d < indent) {
      end = i;
      break;
    }
    const t = textAt(state, i);
    // A list written at a key's own indent (`key:\n- a`) belongs to that key.
    if (isDashAt(t, d)) continue;
    if (found >= 0) {
      end = i;
      break;
    }
    KEY.lastIndex = d;
    const match = KEY.exec(t);
    if (match === null) return null;
    const key = match[1] ?? match[2] ?? match[3] ?? '';
    if (key === part) {
      found = i;
      if (!last && opaqueValue(t.slice(d + match[0].length))) return null;
    }
  }
  return found < 0 ? undefined : { found, end };
}

/** One mapping-key step: narrows `state` to the key's block and returns its line. */
function keyStep(
  state: ScanState,
  first: number,
  part: string,
  last: boolean,
): number | null | undefined {
  const indent = indentAt(state, first);
  if (indent <= state.parentIndent || isDashAt(textAt(state, first), indent)) return null;
  const hit = findKey(state, first, indent, part, last);
  if (hit === null || hit === undefined) return hit;
  state.from = hit.found + 1;
  state.to = hit.end;
  state.parentIndent = indent;
  // A list at the key's own indent: the next step's dash lines sit at `indent`.
  for (let i = state.from; i < state.to; i += 1) {
    const d = indentAt(state, i);
    if (d < 0) continue;
    if (d === indent && isDashAt(textAt(state, i), d)) state.parentIndent = indent - 1;
    break;
  }
  return hit.found;
}

/** Finds item `part` of the list whose dashes sit at `indent`: its first line and its end. */
function findItem(
  state: ScanState,
  first: number,
  indent: number,
  part: number,
): { start: number; end: number } | undefined {
  let count = -1;
  let start = -1;
  let end = state.to;
  for (let i = first; i < state.to; i += 1) {
    const d = indentAt(state, i);
    if (d < 0 || d > indent) continue;
    if (d < indent || !isDashAt(textAt(state, i), d)) {
      end = i;
      break;
    }
    count += 1;
    if (count === part) start = i;
    else if (count === part + 1) {
      end = i;
      break;
    }
  }
  return start < 0 ? undefined : { start, end };
}

/** One list-index step: narrows `state` to the item and returns its first line. */
function itemStep(
  state: ScanState,
  first: number,
  part: number,
  last: boolean,
): number | null | undefined {
  const indent = indentAt(state, first);
  if (!isDashAt(textAt(state, first), indent) || indent <= state.parentIndent) return null;
  const hit = findItem(state, first, indent, part);
  if (hit === undefined) return undefined;
  const { start } = hit;
  if (!last) {
    const after = textAt(state, start).slice(indent + 1);
    const value = after.trim();
    if (value === '' || value === '\r') {
      state.from = start + 1;
    } else {
      if (/^[{[|>]/.test(value)) return null;
      state.virtualLine = start;
      state.virtualText = `${' '.repeat(indent + 1)}${after}`;
      state.virtualIndent = contentIndent(state.virtualText);
      state.from = start;
    }
  }
  state.to = hit.end;
  state.parentIndent = indent;
  return start;
}

/**
 * The 0-based line of `path` within one indexed YAML document, `undefined` when the field is
 * certainly absent, or `null` when the scanner cannot tell.
 */
export function scanFieldLine(index: LineIndex, path: FieldPath): number | null | undefined {
  const { lines } = index;
  const state: ScanState = {
    index,
    from: 0,
    to: lines.length,
    parentIndent: -1,
    virtualLine: -1,
    virtualText: '',
    virtualIndent: -1,
  };
  if (index.first < 0) return null;
  state.from = index.first;
  let line: number | null | undefined;
  for (let step = 0; step < path.length; step += 1) {
    const part = path[step];
    if (part === undefined) return null;
    const first = firstContent(state);
    if (first < 0) return undefined;
    const last = step === path.length - 1;
    line =
      typeof part === 'string'
        ? keyStep(state, first, part, last)
        : itemStep(state, first, part, last);
    if (line === null || line === undefined) return line;
  }
  return line;
}
