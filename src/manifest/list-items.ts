/**
 * The items of a `List` document (what `kubectl get -o yaml` writes) cut from its text one by
 * one, each as a YAML document of its own: a List of any length is then read an item at a time,
 * never whole into a document model. Only the usual shape is cut (the key `items:` at the left
 * margin, its value a block sequence, no tab anywhere); for anything else the cutter answers
 * undefined and the loader reads the document whole.
 */

/** Where one item of a List is: its text runs from its dash line's start to `end`. */
export interface ListItemPlace {
  /** Offset of the item's dash line in the document's text. */
  readonly start: number;
  readonly end: number;
  /** 0-based line of the dash in the document's text. */
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
  if (text.includes('\t')) return undefined;
  const key = text.startsWith('items:') ? 0 : text.indexOf('\nitems:') + 1;
  if (key === 0 && !text.startsWith('items:')) return undefined;
  if (text.indexOf('\nitems', key) >= 0) return undefined;
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
