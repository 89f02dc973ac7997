/**
 * Builds SourceObjects from YAML text for the rule-family unit tests, with real line numbers,
 * so a family can be tested without the manifest loader.
 */
import { LineCounter, isMap, isSeq, parseAllDocuments, type Node } from 'yaml';
import type { FieldPath, ManifestObject, SourceObject } from '../../src/manifest/source-object.js';
import type { CheckInput, CheckOptions } from '../../src/check/finding.js';

/** Parses every document of `text` into SourceObjects named after `file`. */
export function objectsFromYaml(text: string, file = 'test.yaml'): SourceObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const out: SourceObject[] = [];
  docs.forEach((doc, documentIndex) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const object = doc.toJS() as ManifestObject | null;
    if (object === null) return;
    const root = doc.contents as Node | null;
    const lineOfNode = (node: Node | null | undefined): number | undefined =>
      node?.range === undefined || node.range === null
        ? undefined
        : lineCounter.linePos(node.range[0]).line;
    out.push({
      object,
      file,
      line: lineOfNode(root) ?? 1,
      documentIndex,
      lineOf(path: FieldPath): number | undefined {
        let node: unknown = root;
        for (const [index, step] of path.entries()) {
          if (isMap(node)) {
            const pair = node.items.find((p) => (p.key as { value?: unknown }).value === step);
            if (pair === undefined) return undefined;
            if (index === path.length - 1) return lineOfNode(pair.key as Node);
            node = pair.value;
          } else if (isSeq(node) && typeof step === 'number') {
            node = node.items[step];
          } else return undefined;
        }
        return lineOfNode(node as Node);
      },
    });
  });
  return out;
}

/** Default options for family tests. */
export const TEST_OPTIONS: CheckOptions = { kubeVersion: '1.34', profile: 'default' };

/** A CheckInput from YAML text and option overrides. */
export function inputFromYaml(text: string, options: Partial<CheckOptions> = {}): CheckInput {
  return { objects: objectsFromYaml(text), options: { ...TEST_OPTIONS, ...options } };
}
