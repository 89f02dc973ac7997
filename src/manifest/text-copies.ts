/**
 * Pieces of a file's text cut from copies of 60 KiB of it, so that what is kept of a piece does
 * not keep the whole file alive.
 */
import { ownString } from './own-string.js';

/**
 * How much of the text one copy holds, in characters: what a kept piece may keep alive. Under
 * V8's size of a large object (128 KiB, and a character may take two bytes): larger copies are
 * several times slower to make (40 against 4 ms for 24 MiB of text).
 */
const COPY_LENGTH = 60 * 1024;

/**
 * Cuts pieces (YAML documents) of one text in increasing order, each from a copy of the part of
 * the text it lies in. The strings a reader makes of a piece are slices of it, and V8 keeps the
 * whole string a slice was cut from alive: one name kept from an object read from the text
 * itself would keep the whole file (up to 32 MiB). Cut from a copy, it keeps at most that copy
 * (a document longer than a copy gets one of its own length).
 */
export class TextCopies {
  private copy = '';
  private copyStart = 0;

  constructor(
    private readonly text: string,
    private readonly copyLength = COPY_LENGTH,
  ) {}

  /** `text.slice(start, end)`, cut from a copy. */
  slice(start: number, end: number): string {
    if (start < this.copyStart || end > this.copyStart + this.copy.length) {
      const copyEnd = Math.min(this.text.length, Math.max(end, start + this.copyLength));
      this.copy = ownString(this.text.slice(start, copyEnd));
      this.copyStart = start;
    }
    return this.copy.slice(start - this.copyStart, end - this.copyStart);
  }
}
