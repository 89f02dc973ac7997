/**
 * Strings that outlive the text they were read from. V8 makes a substring of 13 characters or
 * more as a slice that points into its parent: a name read from a 24 MiB file and kept in a
 * table keeps the whole file's text alive with it. Anything kept after its file has been read
 * (index entries, stored findings, memo keys) keeps its own copy instead.
 */

/**
 * A string equal to `text` that shares no memory with another string it may be a slice of:
 * what it keeps alive is its own characters.
 */
export function ownString(text: string): string {
  // V8 copies shorter substrings already. It joins strings lazily; cutting the joined one first
  // copies it into a string of its own, which the cut then points into.
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}
