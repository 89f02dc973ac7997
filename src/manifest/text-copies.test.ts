import { describe, expect, it } from 'vitest';
import { TextCopies } from './text-copies.js';

describe('TextCopies', () => {
  it('should cut each piece equal to the text, within one copy, across copies and longer', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} é\n`).join('');
    // Pieces of 0 to 30 characters, and one longer than a copy of 100.
    const pieces: [number, number][] = [];
    for (let start = 0; start < text.length; start += 37) {
      pieces.push([start, Math.min(text.length, start + (start % 31))]);
    }
    pieces.push([text.length - 250, text.length]);
    const copies = new TextCopies(text, 100);
    expect(pieces.map(([start, end]) => copies.slice(start, end))).toEqual(
      pieces.map(([start, end]) => text.slice(start, end)),
    );
  });
});
