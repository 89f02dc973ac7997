/**
 * The items of a `List` document (what `kubectl get -o yaml` or `-o json` writes) cut from its
 * text one by one, each as a YAML document of its own: a List of any length is then read an item
 * at a time, never whole into a document model. Only the usual shapes are cut: in YAML, the key
 * `items:` at the left margin, its value a block sequence, no tab anywhere; in JSON, an object
 * whose `items` is an array of objects. For anything else the cutters answer undefined and the
 * loader reads the document whole.
 */
import { documentEnd } from './document-split.js';

/**
 * How an object's text is found again from where it starts: a document runs to the next `---`
 * line, an item of a List in YAML to the next line as little indented as its dash, one in JSON
 * to its closing brace.
 */
export type TextShape = 'document' | 'yaml item' | 'json item';

/**
 * Where the object of `shape` that starts `text` ends, or undefined when `text` is a piece that
 * stops short of knowing (`whole`: it is all there is).
 */
export function objectEndIn(text: string, shape: TextShape, whole: boolean): number | undefined {
  switch (shape) {
    case 'document': {
      const end = documentEnd(text, 0);
      // A `---` found whole (its line may go on past the piece) or the text's end ends it.
      return whole || end + 4 < text.length ? end : undefined;
    }
    case 'yaml item':
      return itemEnd(text, 0, whole);
    case 'json item':
      return jsonValueEnd(text, 0) ?? (whole ? text.length : undefined);
  }
}

/** The text of the object of `shape` that starts `rest`, or undefined when it cannot be cut. */
export function objectTextAt(rest: string, shape: TextShape): string | undefined {
  if (shape === 'yaml item') return itemText(rest, 0, itemEnd(rest, 0) ?? rest.length);
  const end = shape === 'json item' ? jsonValueEnd(rest, 0) : documentEnd(rest, 0);
  return end === undefined ? undefined : rest.slice(0, end);
}

/**
 * Where one item of a List is: its text runs from `start` (its dash line's start in YAML, its
 * `{` in JSON) to `end`.
 */
export interface ListItemPlace {
  readonly start: number;
  readonly end: number;
  /** 0-based line of `start` in the document's text. */
  readonly line: number;
}

/** A List document cut into the text around its items and the places of its items. */
export interface ListLayout {
  /** The document's text without its items' lines: `items:` is left with no value. */
  readonly header: string;
  readonly items: readonly ListItemPlace[];
}

const SPACE = 32;
const NEWLINE = 10;
const RETURN = 13;
const HASH = 35;
const DASH = 45;
const TAB = 9;

function indentAt(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === SPACE) i += 1;
  return i - at;
}

/** True when the line at `at` holds more than spaces and a comment (`indent` its spaces). */
function isContentAt(text: string, at: number, indent: number): boolean {
  const c = text.charCodeAt(at + indent);
  if (Number.isNaN(c) || c === NEWLINE || c === HASH) return false;
  if (c !== RETURN) return true;
  const after = text.charCodeAt(at + indent + 1);
  return !(Number.isNaN(after) || after === NEWLINE);
}

/** True when a sequence entry's dash stands at `at`: `-` then white space or the line's end. */
function isDashAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== DASH) return false;
  const c = text.charCodeAt(at + 1);
  return Number.isNaN(c) || c === SPACE || c === NEWLINE || c === RETURN || c === TAB;
}

/**
 * Where the item whose dash line starts at `start` ends: at the next line with content that is
 * indented no more than its dash (the next item's dash, or a key of the List). When `whole` is
 * false, `text` may stop short of the item: a line is judged only once it is seen whole, and
 * undefined says more text is needed.
 */
export function itemEnd(text: string, start: number, whole = true): number | undefined {
  const dash = indentAt(text, start);
  let at = text.indexOf('\n', start);
  while (at >= 0) {
    const line = at + 1;
    const next = text.indexOf('\n', line);
    if (next < 0 && !whole) return undefined;
    const indent = indentAt(text, line);
    if (indent <= dash && isContentAt(text, line, indent)) return line;
    at = next;
  }
  return text.length;
}

/** The offset of the line after the one at `at`, or the text's length. */
function nextLine(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
}

/** Number of line breaks in `text` from `from` to `to`. */
function breaksBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) {
    count += 1;
  }
  return count;
}

/**
 * The layout of a List document's text when its items can be cut from it, else undefined: the
 * key `items:` once, at the left margin, with nothing after it but a comment, followed by a
 * block sequence.
 */
export function listLayout(text: string): ListLayout | undefined {
  const key = text.startsWith('items:') ? 0 : text.indexOf('\nitems:') + 1;
  if (key === 0 && !text.startsWith('items:')) return undefined;
  if (text.indexOf('\nitems', key) >= 0 || text.includes('\t')) return undefined;
  const keyEnd = nextLine(text, key);
  const rest = text.slice(key + 'items:'.length, keyEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  let first = keyEnd;
  while (first < text.length && !isContentAt(text, first, indentAt(text, first))) {
    first = nextLine(text, first);
  }
  const dash = indentAt(text, first);
  if (first >= text.length || !isDashAt(text, first + dash)) return undefined;
  const items: ListItemPlace[] = [];
  let line = breaksBetween(text, 0, first);
  let start = first;
  for (;;) {
    const end = itemEnd(text, start) ?? text.length;
    items.push({ start, end, line });
    if (end >= text.length || indentAt(text, end) !== dash || !isDashAt(text, end + dash)) {
      return { header: text.slice(0, first) + text.slice(end), items };
    }
    line += breaksBetween(text, start, end);
    start = end;
  }
}

/**
 * The text of the item that starts at `start` (and ends at `end`) as a document of its own: its
 * dash blanked and every line moved left by the column of its first content, so that its keys
 * stand at the left margin. Undefined when a line of content stands left of that column (the
 * item does not read the same alone; the loader then reads the List whole).
 */
export function itemText(text: string, start: number, end: number): string | undefined {
  const dash = start + indentAt(text, start);
  const lines = (text.slice(start, dash) + ' ' + text.slice(dash + 1, end)).split('\n');
  let column = -1;
  for (const line of lines) {
    const indent = indentAt(line, 0);
    if (!isContentAt(line, 0, indent)) continue;
    if (column < 0) column = indent;
    else if (indent < column) return undefined;
  }
  if (column < 0) return '';
  return lines.map((line) => line.slice(Math.min(column, indentAt(line, 0)))).join('\n');
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;
const APOSTROPHE = 39;

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== NEWLINE && c !== RETURN && c !== TAB) return i;
    i += 1;
  }
}

/** The offset of the quote that closes the JSON string opened at `at`, or -1. */
function stringEnd(text: string, at: number): number {
  for (let i = text.indexOf('"', at + 1); i >= 0; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return i;
  }
  return -1;
}

/**
 * Where the JSON object or array that opens at `at` ends (just after its closing bracket), or
 * undefined when it does not end in `text` or holds what JSON has not (a `'` or `#` outside
 * strings: YAML's flow style, which is read whole instead).
 */
export function jsonValueEnd(text: string, at: number): number | undefined {
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return undefined;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    } else if (c === APOSTROPHE || c === HASH) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The layout of a List written in JSON (`kubectl get -o json`), whose items are objects, else
 * undefined. The header has `"items": null` in place of the items.
 */
export function jsonListLayout(text: string): ListLayout | undefined {
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  let items: ListItemPlace[] | undefined;
  let header = '';
  at = skipSpace(text, at + 1);
  while (text.charCodeAt(at) === QUOTE) {
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return undefined;
    const isItems = text.slice(at, keyEnd + 1) === '"items"';
    at = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(at) !== COLON) return undefined;
    const value = skipSpace(text, at + 1);
    const c = text.charCodeAt(value);
    let end: number | undefined;
    if (isItems) {
      if (items !== undefined || c !== OPEN_BRACKET) return undefined;
      const array = jsonItems(text, value);
      if (array === undefined) return undefined;
      ({ items, end } = array);
      header = `${text.slice(0, value)}null${text.slice(end)}`;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      end = jsonValueEnd(text, value);
    } else if (c === QUOTE) {
      const close = stringEnd(text, value);
      end = close < 0 ? undefined : close + 1;
    } else {
      end = scalarEnd(text, value);
    }
    if (end === undefined) return undefined;
    at = skipSpace(text, end);
    if (text.charCodeAt(at) !== COMMA) break;
    at = skipSpace(text, at + 1);
  }
  if (text.charCodeAt(at) !== CLOSE_BRACE || skipSpace(text, at + 1) < text.length)
    return undefined;
  return items === undefined ? undefined : { header, items };
}

/** Where a JSON number, `true`, `false` or `null` that starts at `at` ends. */
function scalarEnd(text: string, at: number): number | undefined {
  let i = at;
  while (/[-+.0-9a-zA-Z]/.test(text.charAt(i))) i += 1;
  return i > at ? i : undefined;
}

/**
 * The places of the objects of the JSON array that opens at `at`, and where it ends (after its
 * closing bracket), or undefined when it is not an array of objects.
 */
function jsonItems(text: string, at: number): { items: ListItemPlace[]; end: number } | undefined {
  const items: ListItemPlace[] = [];
  let line = breaksBetween(text, 0, at);
  let from = at;
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return { items, end: i + 1 };
  for (;;) {
    if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
    const end = jsonValueEnd(text, i);
    if (end === undefined) return undefined;
    line += breaksBetween(text, from, i);
    items.push({ start: i, end, line });
    from = i;
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET) return { items, end: i + 1 };
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
}
