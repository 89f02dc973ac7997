/**
 * The `yaml` package, loaded on first use. Importing it costs about 60 ms here, and most runs of
 * `kprod check` never need it: the fast reader takes almost every document, and the document
 * model is built only for a finding whose line the indentation scan cannot tell, for documents
 * the fast reader declines, and for a `.kprod.yaml`.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/** The `yaml` module (its Node.js build is CommonJS, so it loads synchronously). */
export function yamlModule(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
