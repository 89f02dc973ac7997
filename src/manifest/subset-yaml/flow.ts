/**
 * The flow collections of the subset reader: `{ a: 1 }` and `[a, b]`, nested, written on one
 * line, with plain and quoted scalars; anything else (a flow spread over lines, an empty entry,
 * a trailing comma, a key without a value) is declined.
 */
import { resolvePlainScalar } from '../fast-schema.js';
import { plainKey } from './plain-key.js';
import { readQuoted } from './scalars.js';
import {
  COLON,
  DASH,
  Declined,
  HASH,
  SPACE,
  declineIndicator,
  isBreakOrSpace,
  isIndicator,
  setEntry,
} from './syntax.js';

/** The run of a flow plain scalar up to the next character that may end it. */
const FLOW_PLAIN = /[^,[\]{}:#\r\n]*/y;

/** A flow collection written on one line (`{ a: 1 }`, `[a, b]`). */
export class FlowReader {
  constructor(
    private readonly text: string,
    public pos: number,
    private readonly end: number,
  ) {}

  skipSpaces(): void {
    while (this.pos < this.end && this.text.charCodeAt(this.pos) === SPACE) this.pos += 1;
  }

  readNode(): unknown {
    this.skipSpaces();
    const c = this.text.charCodeAt(this.pos);
    if (c === 91 /* [ */) return this.readSequence();
    if (c === 123 /* { */) return this.readMapping();
    return this.readScalar(false);
  }

  /** A plain or quoted scalar; a key when `key` (then `: ` follows it). */
  readScalar(key: boolean): unknown {
    const text = this.text;
    const start = this.pos;
    if (start >= this.end) throw new Declined('flow-multi-line');
    const c = text.charCodeAt(start);
    if (c === 34 || c === 39) {
      let at = start + 1;
      for (; at < this.end; at += 1) {
        const ch = text.charCodeAt(at);
        if (c === 34 && ch === 92) at += 1;
        else if (ch === c) {
          if (c === 39 && text.charCodeAt(at + 1) === 39) at += 1;
          else break;
        }
      }
      if (at >= this.end) throw new Declined('flow-multi-line');
      this.pos = at + 1;
      return readQuoted(text, start, at + 1);
    }
    const second = text.charCodeAt(start + 1);
    if (isIndicator(c) || (c === DASH && (isBreakOrSpace(second) || !isPlainInFlow(second)))) {
      declineIndicator(c);
    }
    let at = start;
    for (;;) {
      FLOW_PLAIN.lastIndex = at;
      FLOW_PLAIN.test(text);
      at = FLOW_PLAIN.lastIndex;
      const ch = text.charCodeAt(at);
      if (ch === COLON) {
        const next = text.charCodeAt(at + 1);
        if (isBreakOrSpace(next) || !isPlainInFlow(next)) break;
      } else if (ch !== HASH || text.charCodeAt(at - 1) === SPACE) {
        break;
      }
      at += 1;
    }
    if (at >= this.end) throw new Declined('flow-multi-line');
    if ((text.charCodeAt(at) === COLON) !== key) throw new Declined('syntax');
    let last = at;
    while (text.charCodeAt(last - 1) === SPACE) last -= 1;
    this.pos = at;
    return key ? plainKey(text, start, last) : resolvePlainScalar(text.slice(start, last));
  }

  readSequence(): unknown[] {
    const items: unknown[] = [];
    this.pos += 1;
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) === 93 /* ] */) {
      this.pos += 1;
      return items;
    }
    for (;;) {
      items.push(this.readNode());
      this.skipSpaces();
      const c = this.text.charCodeAt(this.pos);
      this.pos += 1;
      if (c === 93) return items;
      if (c !== 44 /* , */) throw new Declined(this.pos > this.end ? 'flow-multi-line' : 'syntax');
      this.skipSpaces();
      // A trailing comma (`[a, ]`) is valid YAML, but not this reader's.
      if (this.text.charCodeAt(this.pos) === 93) throw new Declined('syntax');
    }
  }

  readMapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.pos += 1;
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) === 125 /* } */) {
      this.pos += 1;
      return map;
    }
    for (;;) {
      this.skipSpaces();
      const key = String(this.readScalar(true));
      if (
        this.text.charCodeAt(this.pos) !== COLON ||
        this.text.charCodeAt(this.pos + 1) !== SPACE
      ) {
        throw new Declined('syntax');
      }
      this.pos += 2;
      this.skipSpaces();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44 || c === 125) throw new Declined('syntax');
      setEntry(map, key, this.readNode());
      this.skipSpaces();
      const next = this.text.charCodeAt(this.pos);
      this.pos += 1;
      if (next === 125) return map;
      if (next !== 44) throw new Declined(this.pos > this.end ? 'flow-multi-line' : 'syntax');
      this.skipSpaces();
      if (this.text.charCodeAt(this.pos) === 125) throw new Declined('syntax');
    }
  }
}

/** True for a character a plain scalar in a flow collection may hold. */
function isPlainInFlow(c: number): boolean {
  return !(c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || Number.isNaN(c));
}
