import { describe, expect, it } from 'vitest';
import { contentLine, documentEnd, splitDocuments } from './document-split.js';

describe('documentEnd', () => {
  it.each([
    ['no marker', 'a: 1\nb: 2\n'],
    ['a marker on the first line', '---\na: 1\n---\nb: 2'],
    ['an empty first line', '\n---\na: 1\n'],
    ['markers with content, tabs and CR', '--- {a: 1}\r\n---\t\r\nb: 2\r\n---\r\n'],
    ['lines that only look like markers', 'a: |\n  ---\n----\n---x\n--- # c\n...\n---'],
  ])('should find where each document ends as the split does, with %s', (_name, text) => {
    const chunks = splitDocuments(text);
    expect(chunks.map((chunk) => documentEnd(text, chunk.start))).toEqual(
      chunks.map((chunk) => chunk.start + chunk.text.length),
    );
  });
});

describe('contentLine', () => {
  it.each([
    ['a: 1', 7, 7],
    ['--- {a: 1}', 7, 7],
    ['---\n\n# comment\n%YAML 1.1\na: 1', 7, 11],
    ['--- # comment\n  \na: 1', 1, 3],
    ['# only a comment', 4, 4],
  ])('should find the first line of content of %j starting at line %d', (text, start, line) => {
    expect(contentLine(text, start)).toBe(line);
    // A detached object finds its document's first line again from this difference.
    expect(contentLine(text, 0)).toBe(line - start);
  });
});
