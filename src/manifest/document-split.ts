/**
 * Cutting a file's text into its YAML documents at `---` lines, as the loader reads them one by
 * one, and finding a document's end and first line again in text read anew.
 */

const MARKER = /^---(?:[ \t\r]|$)/;
const IGNORABLE_LINE = /^\s*(?:#[^\n]*)?$|^%/;

/** True when the line at `offset` (ending at `lineEnd`) is a `---` line, which starts a document. */
function isMarkerLine(text: string, offset: number, lineEnd: number): boolean {
  return (
    text.startsWith('---', offset) && MARKER.test(text.slice(offset, Math.min(lineEnd, offset + 4)))
  );
}

/** Where the document that starts at `start` ends: at the next `---` line, or the text's end. */
export function documentEnd(text: string, start: number): number {
  for (let at = text.indexOf('\n---', start); at >= 0; at = text.indexOf('\n---', at + 1)) {
    const lineEnd = text.indexOf('\n', at + 1);
    if (isMarkerLine(text, at + 1, lineEnd < 0 ? text.length : lineEnd)) return at + 1;
  }
  return text.length;
}

/** The text of one YAML document, the line it starts at, and whether a `---` line opens it. */
export interface Chunk {
  readonly text: string;
  /** Offset of the chunk in the text (without its byte order mark). */
  readonly start: number;
  readonly startLine: number;
  readonly marker: boolean;
}

/** The text of each YAML document, cut at `---` lines, with the line it starts at. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 1;
  let marker = false;
  let offset = 0;
  let line = 1;
  for (;;) {
    const end = text.indexOf('\n', offset);
    const lineEnd = end < 0 ? text.length : end;
    if (isMarkerLine(text, offset, lineEnd)) {
      if (offset > chunkStart || marker) {
        chunks.push({
          text: text.slice(chunkStart, offset),
          start: chunkStart,
          startLine: chunkLine,
          marker,
        });
      }
      chunkStart = offset;
      chunkLine = line;
      marker = true;
    }
    if (end < 0) break;
    offset = end + 1;
    line += 1;
  }
  chunks.push({ text: text.slice(chunkStart), start: chunkStart, startLine: chunkLine, marker });
  return chunks;
}

/** True when a chunk without a `---` line holds nothing but blank lines and comments. */
export function isIgnorable(chunk: Chunk): boolean {
  return !chunk.marker && chunk.text.split('\n').every((l) => IGNORABLE_LINE.test(l));
}

/**
 * The text of each YAML document of a file as the loader reads them one by one: cut at `---`
 * lines, without a byte order mark, leaving out what holds only comments.
 */
export function documentTexts(text: string): string[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return splitDocuments(source)
    .filter((chunk) => !isIgnorable(chunk))
    .map((chunk) => chunk.text);
}

/** Line of the first content of a document: after its marker, blank lines and comments. */
export function contentLine(chunk: string, startLine: number): number {
  let offset = 0;
  for (let i = 0; i < 200 && offset <= chunk.length; i += 1) {
    const end = chunk.indexOf('\n', offset);
    const text = chunk.slice(offset, end < 0 ? chunk.length : end);
    if (i === 0 && MARKER.test(text)) {
      if (!IGNORABLE_LINE.test(text.slice(3))) return startLine;
    } else if (!IGNORABLE_LINE.test(text)) {
      return startLine + i;
    }
    if (end < 0) break;
    offset = end + 1;
  }
  return startLine;
}
