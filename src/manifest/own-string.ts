/**
 * Strings that outlive the text they were read from. V8 makes a substring of 13 characters or
 * more as a slice that points into its parent: a name read from a 24 MiB file and kept in a
 * table keeps the whole file's text alive with it. Anything kept after its file has been read
 * (index entries, stored findings, memo keys) keeps its own copy instead.
 */

/** A copy of `text` that is a flat string of its own, sharing no memory with another string. */
export function ownString(text: string): string {
  // V8 copies shorter substrings already.
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
