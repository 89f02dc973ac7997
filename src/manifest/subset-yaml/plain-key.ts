/**
 * Mapping keys of the subset reader, remembered across documents: manifests repeat the same keys
 * (`name`, `metadata`, `containerPort`) thousands of times.
 */
import { resolvePlainScalar } from '../fast-schema.js';

const SLOTS = 1024;
const texts: string[] = new Array<string>(SLOTS).fill('');
const keys: string[] = new Array<string>(SLOTS).fill('');

/**
 * A copy of `text` that does not keep alive the text it was sliced from. A slice of 13 or more
 * characters points into its parent, here a whole file's text, which a slot would then hold on
 * to long after the file is read. A property name is stored in V8's table of names as a string
 * of its own: that one is kept.
 */
function detached(text: string): string {
  return Object.keys({ [text]: true })[0] ?? text;
}

/**
 * The plain key written from `start` to `end` of `text` as js-yaml stores it: its resolved value
 * as a string (`on` is `true`, `0x10` is `16`). A slot chosen by the key's length and first and
 * last characters remembers the last key read there, so a repeated key is the same string again
 * rather than a new slice: V8 stores a property under a string it has seen as a name much faster
 * than under a new one, and there is less garbage.
 */
export function plainKey(text: string, start: number, end: number): string {
  const length = end - start;
  const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & (SLOTS - 1);
  const cached = texts[slot] ?? '';
  if (cached.length === length && text.startsWith(cached, start)) return keys[slot] ?? cached;
  const source = detached(text.slice(start, end));
  const key = String(resolvePlainScalar(source));
  texts[slot] = source;
  keys[slot] = key;
  return key;
}
