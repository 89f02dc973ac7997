/**
 * The schema both fast readers resolve plain scalars with: js-yaml's core schema (null, no
 * timestamps) with YAML 1.1 booleans and numbers as kubectl reads them, and `<<` merge keys.
 */
import jsyaml from 'js-yaml';
import { goYamlNumber, isGoYamlInt } from './go-yaml-numbers.js';

// YAML 1.1 booleans, as kubectl reads them (`yes`, `on`, `y` are true).
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const YAML11_FALSE = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const YAML11_BOOL = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' && (YAML11_TRUE.test(data) || YAML11_FALSE.test(data)),
  construct: (data: string) => YAML11_TRUE.test(data),
  predicate: (data: unknown) => typeof data === 'boolean',
});
// `<<` merge keys: js-yaml merges any key of this tag.
const MERGE_KEY = new jsyaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: unknown) => data === '<<',
});

// Numbers as kubectl reads them (go-yaml-numbers.ts), in place of the core schema's.
const GO_INT = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && isGoYamlInt(data),
  construct: (data: string) => goYamlNumber(data),
  predicate: (data: unknown) => Number.isInteger(data),
});
const GO_FLOAT = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && goYamlNumber(data) !== undefined,
  construct: (data: string) => goYamlNumber(data),
  predicate: (data: unknown) => typeof data === 'number',
});

/** js-yaml's schema for the fast reader. */
export const FAST_SCHEMA = jsyaml.CORE_SCHEMA.extend({
  implicit: [YAML11_BOOL, MERGE_KEY, GO_INT, GO_FLOAT],
});

/**
 * The implicit types in the order js-yaml tries them (a type of the same tag as a core one takes
 * its place): the schema's own compiled list, so that the order cannot drift from js-yaml's.
 */
type TaggedType = jsyaml.Type & { readonly tag: string };
const ALL = (FAST_SCHEMA as unknown as { compiledImplicit: readonly TaggedType[] })
  .compiledImplicit;
const tagged = (...names: string[]): readonly TaggedType[] =>
  ALL.filter((type) => names.some((name) => type.tag === `tag:yaml.org,2002:${name}`));
const NAMED = tagged('null', 'bool');

function firstMatch(types: readonly jsyaml.Type[], text: string): unknown {
  for (const type of types) {
    if (type.resolve(text)) return type.construct(text);
  }
  return text;
}

/**
 * True for up to 15 decimal digits without a leading zero (which makes an octal number): such a
 * number is `parseInt(text, 10)`, never too large to be finite or exact.
 */
function isShortDecimal(text: string): boolean {
  if (text.length > 15 || (text.length > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The value of a non-empty plain scalar, exactly as js-yaml reads it with {@link FAST_SCHEMA}.
 * Only the first character decides which types can match at all: a null or a boolean starts
 * with `~` or a letter of `nNtTfFyYoO`, a number with a digit, a sign or `.`; every other plain
 * scalar is a string without asking any type.
 */
export function resolvePlainScalar(text: string): unknown {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57 && isShortDecimal(text)) return parseInt(text, 10);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) return goYamlNumber(text) ?? text;
  // No null or boolean is longer than five characters (`false`).
  if (text.length > 5) return text;
  switch (c) {
    case 126: // ~
    case 110: // n
    case 78: // N
    case 116: // t
    case 84: // T
    case 102: // f
    case 70: // F
    case 121: // y
    case 89: // Y
    case 111: // o
    case 79: // O
      return firstMatch(NAMED, text);
    case 60: // <
      return firstMatch(ALL, text);
    default:
      return text;
  }
}
