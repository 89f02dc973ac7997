/**
 * Finds the line of a field in block-style YAML by its indentation, without parsing the
 * document: the quick answer for most findings. Anything it is not sure about (flow
 * collections, block scalars on the way, JSON, a marker line with content) answers `null`, and
 * the caller then asks the full YAML document model.
 */
import type { FieldPath } from './source-object.js';

const KEY =
  /^(?:"([^"\\]*)"|'([^']*)'|([^\s#'"{[\]},&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?))\s*:(?:\s|$)/;

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
}

/** Indexes a document's lines for scanFieldLine; do it once per document, not per lookup. */
export function indexLines(lines: readonly string[]): LineIndex {
  const indents = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i += 1) indents[i] = contentIndent(lines[i] ?? '');
  return { lines, indents };
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
 * The 0-based line of `path` within one indexed YAML document, `undefined` when the field is
 * certainly absent, or `null` when the scanner cannot tell.
 */
export function scanFieldLine(index: LineIndex, path: FieldPath): number | null | undefined {
  const { lines, indents } = index;
  // `virtual` re-reads a list item's first line with its dash blanked, so its first key sits at
  // the same indent as the item's other keys.
  let virtualLine = -1;
  let virtualText = '';
  let virtualIndent = -1;
  const text = (i: number): string => (i === virtualLine ? virtualText : (lines[i] ?? ''));
  const indentAt = (i: number): number => (i === virtualLine ? virtualIndent : (indents[i] ?? -1));
  let from = 0;
  let to = lines.length;
  if (lines[0]?.startsWith('---') === true) {
    if (isContent(lines[0].slice(3))) return null;
    from = 1;
  }
  let parentIndent = -1;
  let line: number | undefined;
  for (let step = 0; step < path.length; step += 1) {
    const part = path[step];
    if (part === undefined) return null;
    let first = from;
    while (first < to && indentAt(first) < 0) first += 1;
    if (first >= to) return undefined;
    const indent = indentAt(first);
    const firstIsDash = isDashAt(text(first), indent);
    if (typeof part === 'string') {
      if (indent <= parentIndent || firstIsDash) return null;
      let found = -1;
      let end = to;
      for (let i = first; i < to; i += 1) {
        const d = indentAt(i);
        if (d < 0 || d > indent) continue;
        if (d < indent) {
          end = i;
          break;
        }
        const t = text(i);
        // A list written at a key's own indent (`key:\n- a`) belongs to that key.
        if (isDashAt(t, d)) continue;
        if (found >= 0) {
          end = i;
          break;
        }
        const rest = t.slice(d);
        const match = KEY.exec(rest);
        if (match === null) return null;
        const key = match[1] ?? match[2] ?? match[3] ?? '';
        if (key === part) {
          found = i;
          if (step < path.length - 1 && opaqueValue(rest.slice(match[0].length))) return null;
        }
      }
      if (found < 0) return undefined;
      line = found;
      from = found + 1;
      to = end;
      parentIndent = indent;
      // A list at the key's own indent: the next step's dash lines sit at `indent`.
      for (let i = from; i < to; i += 1) {
        const d = indentAt(i);
        if (d < 0) continue;
        if (d === indent && isDashAt(text(i), d)) parentIndent = indent - 1;
        break;
      }
    } else {
      if (!firstIsDash || indent <= parentIndent) return null;
      let count = -1;
      let start = -1;
      let end = to;
      for (let i = first; i < to; i += 1) {
        const d = indentAt(i);
        if (d < 0 || d > indent) continue;
        if (d < indent || !isDashAt(text(i), d)) {
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
      if (start < 0) return undefined;
      line = start;
      const itemText = text(start);
      const after = itemText.slice(indent + 1);
      if (step < path.length - 1) {
        const value = after.trim();
        if (value === '' || value === '\r') {
          from = start + 1;
        } else {
          if (
            value.startsWith('{') ||
            value.startsWith('[') ||
            value.startsWith('|') ||
            value.startsWith('>')
          ) {
            return null;
          }
          virtualLine = start;
          virtualText = `${' '.repeat(indent + 1)}${after}`;
          virtualIndent = contentIndent(virtualText);
          from = start;
        }
      }
      to = end;
      parentIndent = indent;
    }
  }
  return line;
}
