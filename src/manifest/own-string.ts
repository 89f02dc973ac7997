/**
 * Strings that outlive the text they were read from. V8 makes a substring of 13 characters or
 * more as a slice that points into its parent: a name read from a 24 MiB file and kept in a
 * table keeps the whole file's text alive with it. Anything kept after its file has been read
 * (index entries, stored findings, memo keys) keeps its own copy instead.
 */

/**
 * A copy of `text` that is a flat string of its own, sharing no memory with another string.
 * Exact for every string: ASCII goes through one byte a character, anything else through
 * UTF-16 (UTF-8 would replace a lone surrogate).
 */
export function ownString(text: string): string {
  // V8 copies shorter substrings already.
  if (text.length < 13) return text;
  const encoding = Buffer.byteLength(text, 'utf8') === text.length ? 'latin1' : 'utf16le';
  return Buffer.from(text, encoding).toString(encoding);
}
