/**
 * The `yaml` package's document model as the loader uses it: the options it parses with (as
 * kubectl reads YAML) and the line of a field in a parsed document, or in one document's text.
 */
import type { Document, LineCounter, Node, Pair, ScalarTag, Tags, YAMLMap } from 'yaml';
import { asKubectlEscapes } from './go-yaml-escapes.js';
import { goYamlNumber, isGoYamlInt } from './go-yaml-numbers.js';
import { yamlModule } from './yaml-lazy.js';
import { type LineIndex, scanFieldLine } from './line-scan.js';
import type { FieldPath } from './source-object.js';

/** Maps an offset in the parsed text to a line in the whole file. */
export interface Lines {
  linePos(offset: number): { line: number };
}

export function offsetLines(counter: LineCounter, lineOffset: number): Lines {
  return { linePos: (offset) => ({ line: counter.linePos(offset).line + lineOffset }) };
}

export function lineOfNode(node: Node | null | undefined, lines: Lines): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

/** A parsed document and the line mapping of its text. */
export interface Tree {
  readonly doc: Document.Parsed;
  readonly node: Node;
  readonly lines: Lines;
}

/**
 * The pair of `map` for `key`: its own, or else one a `<<` merge key brings in (explicit keys
 * win; of a list of merged maps, the first that has the key), followed through aliases, so
 * that a field is found where it is written.
 */
function pairOf(map: YAMLMap, key: string, doc: Document.Parsed, depth = 0): Pair | undefined {
  const { isAlias, isMap, isScalar, isSeq } = yamlModule();
  const own = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (own !== undefined || depth > 16) return own;
  const resolved = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  for (const p of map.items) {
    // The yaml package reads an unquoted `<<` key as a symbol when merge keys are on.
    if (!isScalar(p.key) || typeof p.key.value !== 'symbol') continue;
    const source = resolved(p.value);
    for (const merged of isSeq(source) ? source.items.map(resolved) : [source]) {
      if (!isMap(merged)) continue;
      const pair = pairOf(merged, key, doc, depth + 1);
      if (pair !== undefined) return pair;
    }
  }
  return undefined;
}

/** Line of the field at `path` below `root`: the line of its key, or of its list item. */
export function fieldLine(tree: Tree, path: FieldPath): number | undefined {
  const { isAlias, isMap, isSeq } = yamlModule();
  const { doc, lines } = tree;
  let node: unknown = tree.node;
  let line: number | undefined;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairOf(node, String(part), doc);
      if (pair === undefined) return undefined;
      line = lineOfNode(pair.key as Node, lines);
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (item === undefined) return undefined;
      line = lineOfNode(item, lines);
      node = item;
    } else {
      return undefined;
    }
  }
  return line;
}

/** A tag's `test` that asks a function: the yaml package takes a RegExp there. */
class Accepts extends RegExp {
  constructor(private readonly accepts: (text: string) => boolean) {
    super('');
  }

  override test(text: string): boolean {
    return this.accepts(text);
  }
}

const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

/** Numbers as kubectl reads them (go-yaml-numbers.ts), in place of YAML 1.1's. */
const GO_NUMBERS: ScalarTag[] = [
  { tag: INT, default: true, test: new Accepts(isGoYamlInt), resolve: goYamlNumber },
  {
    tag: FLOAT,
    default: true,
    test: new Accepts((text) => goYamlNumber(text) !== undefined),
    resolve: goYamlNumber,
  },
].map((tag) => ({ ...tag, identify: (value: unknown) => typeof value === 'number' }));

export const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  // Nothing of the library's own on stderr: what matters to the user is reported as an error.
  logLevel: 'error',
  // kubectl turns YAML into JSON, where a timestamp is a string: keep it one, not a Date.
  customTags: (tags: Tags) => [
    ...tags.filter((t) =>
      typeof t === 'string' ? t !== 'timestamp' : ![INT, FLOAT, TIMESTAMP].includes(t.tag),
    ),
    ...GO_NUMBERS,
  ],
} as const;

/**
 * The text as the thorough reader parses it, with kubectl's `\'` escapes read (lines do not
 * move). Text kubectl refuses never got this far, unless its file changed since it was read:
 * that text is parsed as it is.
 */
function asRead(text: string, lineOffset: number): string {
  try {
    return asKubectlEscapes(text, '', lineOffset);
  } catch {
    return text;
  }
}

/** The yaml document model of one document's text, its lines shifted by `lineOffset`. */
export function documentTree(text: string, lineOffset: number): Tree {
  const { LineCounter, Scalar, parseDocument } = yamlModule();
  const counter = new LineCounter();
  const doc = parseDocument(asRead(text, lineOffset), { ...YAML_OPTIONS, lineCounter: counter });
  return { doc, node: doc.contents ?? new Scalar(null), lines: offsetLines(counter, lineOffset) };
}

/**
 * Line of the field at `path` in one document's text (starting at line `startLine` of its
 * file): by indentation, or from the yaml document model when that cannot tell.
 */
export function fieldLineInChunk(
  text: string,
  startLine: number,
  path: FieldPath,
  lines: LineIndex,
  treeOf: () => Tree,
): number | undefined {
  const scanned = scanFieldLine(lines, path);
  if (scanned !== null && (scanned !== undefined || !text.includes('<<'))) {
    return scanned === undefined ? undefined : startLine + scanned;
  }
  // Not written in the document's own lines: it may come from a `<<` merge key.
  return fieldLine(treeOf(), path);
}
