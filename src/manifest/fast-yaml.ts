/**
 * The fast reader of one YAML document: js-yaml to plain values, several times faster than a
 * document model. It declines (answers undefined) whatever the thorough reader in load.ts must
 * take instead: documents with anchors, `List` kinds, and anything js-yaml refuses, so that
 * error messages and positions there are the `yaml` package's.
 */
import jsyaml from 'js-yaml';

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
const FAST_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [YAML11_BOOL, MERGE_KEY] });

/** An anchor (`&name`) may be aliased many times: such documents take the thorough reader. */
const ANCHOR = /(?:^|[\s[{,])&[^\s]/;

/** What the fast reader made of one document. */
export interface FastRead {
  readonly value: unknown;
}

/** Reads one document, or answers undefined when the thorough reader must take it. */
export function readFast(text: string): FastRead | undefined {
  // Most documents have no `&` at all; only those that do pay for the regular expression.
  if (text.includes('&') && ANCHOR.test(text)) return undefined;
  // js-yaml reads `\/` as YAML 1.2 does; kubectl refuses it, as the thorough reader then says.
  if (text.includes('\\/')) return undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: FAST_SCHEMA });
  } catch {
    return undefined;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const kind = record['kind'];
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(record['items'])) {
      return undefined;
    }
  }
  return { value };
}
