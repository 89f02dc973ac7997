/**
 * The scalars of the subset reader (subset-yaml.ts) that are more than a slice of a line:
 * quoted scalars with their escapes, and literal and folded block scalars. Each reads exactly
 * what js-yaml reads, and declines what the subset leaves to it.
 */

import { Declined } from './syntax.js';

// The one-character escapes of double-quoted scalars, as js-yaml reads them (no `\/`: kubectl
// refuses it, and the loader leaves such documents to the thorough reader).
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

function readDoubleQuoted(text: string, start: number, end: number): string {
  let out = '';
  let from = start + 1;
  for (let at = from; at < end - 1; at += 1) {
    if (text.charCodeAt(at) !== 92 /* \ */) continue;
    out += text.slice(from, at);
    const escape = text.charAt(at + 1);
    const simple = SIMPLE_ESCAPES[escape];
    const length = HEX_LENGTH[escape];
    if (simple !== undefined) {
      out += simple;
      at += 1;
    } else if (length !== undefined) {
      const digits = text.slice(at + 2, at + 2 + length);
      const code = HEX.test(digits) && digits.length === length ? parseInt(digits, 16) : -1;
      if (code < 0 || code > 0x10ffff || at + 2 + length > end - 1) throw new Declined('escape');
      out += String.fromCodePoint(code);
      at += 1 + length;
    } else {
      throw new Declined('escape');
    }
    from = at + 1;
  }
  return out + text.slice(from, end - 1);
}

/** The value of the quoted scalar from `start` (its opening quote) to `end` (past its close). */
export function readQuoted(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  if (text.charCodeAt(start) === 39 /* ' */) {
    return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  }
  return inner.includes('\\') ? readDoubleQuoted(text, start, end) : inner;
}

/** A block scalar's value and the line after its last one. */
export interface BlockScalar {
  readonly value: string;
  readonly nextLine: number;
}

const CLIP = 0;
const STRIP = 1;
const KEEP = 2;

interface Header {
  folded: boolean;
  chomping: number;
  /** The explicit indentation indicator, 0 when the indent is detected. */
  indicator: number;
}

/** The `|` or `>` header at `pos`: its indicators, then only spaces and a comment. */
function readHeader(text: string, pos: number, end: number): Header {
  const header: Header = { folded: text.charCodeAt(pos) === 62, chomping: CLIP, indicator: 0 };
  let at = pos + 1;
  for (; at < end; at += 1) {
    const c = text.charCodeAt(at);
    if ((c === 43 || c === 45) && header.chomping === CLIP) {
      header.chomping = c === 43 ? KEEP : STRIP;
    } else if (c >= 49 && c <= 57 && header.indicator === 0) {
      header.indicator = c - 48;
    } else break;
  }
  const afterIndicators = at;
  while (at < end && text.charCodeAt(at) === 32) at += 1;
  if (at < end && (at === afterIndicators || text.charCodeAt(at) !== 35)) {
    throw new Declined('syntax');
  }
  return header;
}

/**
 * The block scalar whose header is at `pos` on line `line` (ending at `end`), for a node indented
 * at `nodeIndent` (its collection's indent plus one), following js-yaml's reading step by step:
 * the indent is the indicator's or that of the first non-empty line, more-indented lines of a
 * folded scalar keep their breaks, and the end of the text ends the scalar like a line at
 * indent 0.
 */
export function readBlockScalar(
  text: string,
  pos: number,
  end: number,
  line: number,
  count: number,
  nodeIndent: number,
  starts: Int32Array,
  ends: Int32Array,
): BlockScalar {
  const { folded, chomping, indicator } = readHeader(text, pos, end);
  let textIndent = indicator > 0 ? nodeIndent + indicator - 1 : nodeIndent;
  let detected = indicator > 0;
  let value = '';
  let emptyLines = 0;
  let didRead = false;
  let atMoreIndented = false;
  let i = line + 1;
  for (; i < count; i += 1) {
    const lineStart = starts[i] ?? 0;
    const lineEnd = ends[i] ?? 0;
    let at = lineStart;
    while ((!detected || at - lineStart < textIndent) && text.charCodeAt(at) === 32) at += 1;
    const indent = at - lineStart;
    if (!detected && indent > textIndent) textIndent = indent;
    if (at >= lineEnd) {
      emptyLines += 1;
      continue;
    }
    if (indent < textIndent) break;
    if (!folded) {
      value += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
    } else if (text.charCodeAt(at) === 32) {
      // More-indented lines are not folded.
      atMoreIndented = true;
      value += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
    } else if (atMoreIndented) {
      atMoreIndented = false;
      value += '\n'.repeat(emptyLines + 1);
    } else if (emptyLines === 0) {
      if (didRead) value += ' ';
    } else {
      value += '\n'.repeat(emptyLines);
    }
    didRead = true;
    detected = true;
    emptyLines = 0;
    value += text.slice(at, lineEnd);
  }
  if (chomping === KEEP) value += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
  else if (chomping === CLIP && didRead) value += '\n';
  return { value, nextLine: i };
}
