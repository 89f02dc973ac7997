/**
 * The fast reader of one YAML document to plain values, several times faster than a document
 * model: kprod's own subset reader (subset-yaml.ts) for the YAML manifests are usually written
 * in, js-yaml for every document that reader declines. It declines (answers undefined) whatever
 * the thorough reader in load.ts must take instead: documents with anchors, `List` kinds, and
 * anything js-yaml refuses, so that error messages and positions there are the `yaml` package's.
 */
import jsyaml from 'js-yaml';
import { FAST_SCHEMA } from './fast-schema.js';
import { readSubset } from './subset-yaml/read-subset.js';

/** An anchor (`&name`) may be aliased many times: such documents take the thorough reader. */
const ANCHOR = /(?:^|[\s[{,])&[^\s]/;

/** What the fast reader made of one document. */
export interface FastRead {
  readonly value: unknown;
}

/** False when text has what the fast reader declines wherever it is: anchors, and `\/`. */
export function mayReadFast(text: string): boolean {
  // Most documents have no `&` at all; only those that do pay for the regular expression.
  if (text.includes('&') && ANCHOR.test(text)) return false;
  // js-yaml reads `\/` as YAML 1.2 does; kubectl refuses it, as the thorough reader then says.
  return !text.includes('\\/');
}

/**
 * Reads one document, or answers undefined when the thorough reader must take it. An item of a
 * List (`item`) is read as it is, a List among items too: only a document's List is expanded.
 */
export function readFast(text: string, item = false): FastRead | undefined {
  if (!mayReadFast(text)) return undefined;
  const subset = readSubset(text);
  let value: unknown;
  if (subset.declined === undefined) value = subset.value;
  else {
    try {
      value = jsyaml.load(text, { schema: FAST_SCHEMA });
    } catch {
      return undefined;
    }
  }
  if (!item && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const kind = record['kind'];
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(record['items'])) {
      return undefined;
    }
  }
  return { value };
}
