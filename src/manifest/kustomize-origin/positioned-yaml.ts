/**
 * YAML documents read with the line of every field, for the files of a kustomization that are not
 * Kubernetes objects (kustomization.yaml itself, JSON 6902 patch lists, inline patches).
 */
import type { Node } from 'yaml';
import { yamlModule } from '../yaml-lazy.js';
import type { FieldPath } from '../source-object.js';

/** One YAML document: its value, and the 1-based line of each field in the whole file. */
export interface PositionedDocument {
  readonly value: unknown;
  /** 1-based line of the document's first content. */
  readonly line: number;
  /** Line of the field at `path` (of its key, or of its list item); undefined when absent. */
  lineOf(path: FieldPath): number | undefined;
  /**
   * Line where the text of the block scalar (`|`, `>`) at `path` begins; undefined when the
   * value is absent or written another way (its lines then do not map one to one).
   */
  blockTextLine(path: FieldPath): number | undefined;
}

function nodeAt(root: unknown, path: FieldPath): { node: unknown; keyNode: unknown } | undefined {
  const { isMap, isScalar, isSeq } = yamlModule();
  let node: unknown = root;
  let keyNode: unknown = root;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (pair === undefined) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (node === undefined) return undefined;
      keyNode = node;
    } else {
      return undefined;
    }
  }
  return { node, keyNode };
}

/**
 * Reads every document of `text`; lines are shifted by `lineOffset` (for a text embedded in
 * another file). Returns an empty list for text that is not valid YAML: kubectl has built it,
 * so that only happens for a file kprod reads differently, and mapping then falls back.
 */
export function readPositionedDocuments(text: string, lineOffset = 0): PositionedDocument[] {
  const { LineCounter, parseAllDocuments, isScalar } = yamlModule();
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, lineCounter: counter });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return [];
  const lineAt = (node: unknown): number | undefined => {
    const start = (node as Node | null | undefined)?.range?.[0];
    return start === undefined ? undefined : counter.linePos(start).line + lineOffset;
  };
  return docs
    .filter((doc) => doc.contents !== null)
    .map((doc) => ({
      value: doc.toJS({ maxAliasCount: 1000 }) as unknown,
      line: lineAt(doc.contents) ?? 1 + lineOffset,
      lineOf: (path) => {
        if (path.length === 0) return lineAt(doc.contents);
        return lineAt(nodeAt(doc.contents, path)?.keyNode);
      },
      blockTextLine: (path) => {
        const node = nodeAt(doc.contents, path)?.node;
        if (!isScalar(node) || node.type !== 'BLOCK_LITERAL') return undefined;
        // The node starts at its `|` indicator; the text begins on the next line.
        const line = lineAt(node);
        return line === undefined ? undefined : line + 1;
      },
    }));
}
