/**
 * The proof that the subset reader is exact: every document it accepts must read to a value
 * that deep-equals js-yaml's with the fast schema (and js-yaml must accept it too). Used by the
 * tests over the repository's YAML and by scripts/yaml-differential.mjs over any directories.
 */
import { isDeepStrictEqual } from 'node:util';
import jsyaml from 'js-yaml';
import { FAST_SCHEMA } from '../fast-schema.js';
import { documentTexts } from '../document-split.js';
import { readSubset } from './read-subset.js';

/** One document the subset reader accepted where its value differs from js-yaml's. */
export interface Mismatch {
  readonly file: string;
  /** 0-based index of the document among those the loader reads in the file. */
  readonly document: number;
  readonly subset: unknown;
  /** js-yaml's value, or its error message when it refuses the document. */
  readonly jsYaml: unknown;
}

/** Counts over a corpus of documents. */
export interface Tally {
  documents: number;
  accepted: number;
  equal: number;
  /** Documents declined, by reason. */
  readonly declined: Record<string, number>;
  readonly mismatches: Mismatch[];
}

/** An empty tally to add files to. */
export function newTally(): Tally {
  return { documents: 0, accepted: 0, equal: 0, declined: {}, mismatches: [] };
}

/** How one document compares: `equal`, `mismatch` with both values, or the decline reason. */
export function compareDocument(text: string):
  | { readonly outcome: 'equal' }
  | { readonly outcome: 'declined'; readonly reason: string }
  | {
      readonly outcome: 'mismatch';
      readonly subset: unknown;
      readonly jsYaml: unknown;
    } {
  const read = readSubset(text);
  if (read.declined !== undefined) return { outcome: 'declined', reason: read.declined };
  let expected: unknown;
  try {
    expected = jsyaml.load(text, { schema: FAST_SCHEMA });
  } catch (error) {
    return { outcome: 'mismatch', subset: read.value, jsYaml: (error as Error).message };
  }
  return isDeepStrictEqual(read.value, expected)
    ? { outcome: 'equal' }
    : { outcome: 'mismatch', subset: read.value, jsYaml: expected };
}

/** Adds every document of one file's text to `tally`. */
export function tallyFile(tally: Tally, file: string, text: string): void {
  documentTexts(text).forEach((document, index) => {
    tally.documents += 1;
    const result = compareDocument(document);
    if (result.outcome === 'declined') {
      tally.declined[result.reason] = (tally.declined[result.reason] ?? 0) + 1;
      return;
    }
    tally.accepted += 1;
    if (result.outcome === 'equal') tally.equal += 1;
    else {
      tally.mismatches.push({
        file,
        document: index,
        subset: result.subset,
        jsYaml: result.jsYaml,
      });
    }
  });
}
