/**
 * What the parts of the subset reader share: why a document is declined, and the characters
 * that decide how a line reads.
 */

/** Why the subset reader left a document to js-yaml. */
export type DeclineReason =
  | 'anchor-alias-tag'
  | 'character'
  | 'complex-key'
  | 'directive-or-marker'
  | 'duplicate-key'
  | 'escape'
  | 'flow-multi-line'
  | 'indentation'
  | 'merge-key'
  | 'multi-line-scalar'
  | 'not-a-collection'
  | 'syntax'
  | 'too-deep';

/** Thrown inside the subset reader, caught where it is called: the document is not its own. */
export class Declined extends Error {
  constructor(readonly reason: DeclineReason) {
    super(`declined: ${reason}`);
  }
}

// Character codes the readers test most.
export const SPACE = 32;
export const HASH = 35;
export const DASH = 45;
export const COLON = 58;

/** True for a space, a line break or the end of the text. */
export function isBreakOrSpace(c: number): boolean {
  return c === SPACE || c === 13 || c === 10 || Number.isNaN(c);
}

/** True for a first character that this reader does not take as the start of a plain scalar. */
export function isIndicator(c: number): boolean {
  switch (c) {
    case 33: // !
    case 34: // "
    case HASH:
    case 37: // %
    case 38: // &
    case 39: // '
    case 42: // *
    case 44: // ,
    case COLON:
    case 62: // >
    case 63: // ?
    case 64: // @
    case 91: // [
    case 93: // ]
    case 96: // `
    case 123: // {
    case 124: // |
    case 125: // }
      return true;
    default:
      return false;
  }
}

/** Declines a node that starts with indicator `c`, naming the reason. */
export function declineIndicator(c: number): never {
  if (c === 38 || c === 42 || c === 33) throw new Declined('anchor-alias-tag');
  if (c === 63 || c === COLON) throw new Declined('complex-key');
  throw new Declined('syntax');
}

/** Sets a mapping entry as js-yaml does, declining what it would treat specially. */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '<<') throw new Declined('merge-key');
  // js-yaml defines `__proto__` as an own property; leave that to it.
  if (key === '__proto__') throw new Declined('syntax');
  // Looking the key up first is quicker than asking for an own property every time.
  if (map[key] !== undefined && Object.prototype.hasOwnProperty.call(map, key)) {
    throw new Declined('duplicate-key');
  }
  map[key] = value;
}
