// Builds the field catalog of one CRD package (@kubernetes-models/istio, gateway-api,
// prometheus-operator) in the format of the Kubernetes catalogs (scripts/kube-catalog.mjs), so
// kprod check walks custom resources for unknown fields as it walks built-in kinds
// (src/check/schema/crd-catalog.ts reads it). Used by gen-crd-catalogs.mjs and by the test that keeps
// the committed catalogs in sync with the installed packages.
//
// The packages ship, per kind, a .d.ts file generated from the CRD's openAPIV3Schema (Istio) or
// from the Go types the CRDs are generated from (Gateway API, prometheus-operator): an interface
// `I<Kind>` whose properties are inline type literals or references to other interfaces. The
// TypeScript compiler parses them; dts-type-reader.mjs turns their types into catalog types,
// free-form (never walked) wherever the fields are not certain.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { FREE, createTypeReader, propertyName, stringLiteral } from './dts-type-reader.mjs';

/**
 * @typedef {object} CrdCatalog
 * @property {string} package npm package the catalog was built from
 * @property {string} version its version
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type, as in the Kubernetes catalogs; numbers are `n` (the .d.ts files do not tell integers),
 *   and no field is marked required (ajv checks required fields and types of custom resources).
 */

/**
 * Object fields that x-kubernetes-preserve-unknown-fields leaves open although the schema lists
 * properties; the .d.ts files drop the extension, so these are stated here, as fields of every
 * kind's root type. Istio: protoc-gen-crd declares `status` as
 * `{type: object, x-kubernetes-preserve-unknown-fields: true}` beside the IstioStatus
 * properties (crd-all.gen.yaml). The Go-generated packages have no such field: controller-gen
 * marks only apiextensions JSON and RawExtension, which the .d.ts files type as `{}`.
 */
const OPEN_ROOT_FIELDS = {
  '@kubernetes-models/istio': ['status'],
};

/** The CRD schema packages (src/check/schema/schema-registry.ts, CRD_PACKAGES). */
export const CRD_CATALOG_PACKAGES = [
  '@kubernetes-models/istio',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/prometheus-operator',
];

/** `@kubernetes-models/istio` → `crd-istio`: src/check/schema/catalogs/crd-istio.json. */
export function crdCatalogFile(name) {
  return `crd-${name.slice(name.lastIndexOf('/') + 1)}`;
}

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** Fields every kind has; a kind with no other field has a free-form schema. */
const TYPE_META = new Set(['apiVersion', 'kind', 'metadata']);

/** The .d.ts files of a package that declare a kind: a model class with a static `kind`. */
function kindFiles(packageDir) {
  const files = [];
  for (const entry of readdirSync(packageDir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!entry.endsWith('.d.ts') || entry.includes('node_modules') || !entry.includes('/')) {
      continue;
    }
    if (basename(entry) === 'index.d.ts' || entry.startsWith('_schemas')) continue;
    const file = join(packageDir, entry);
    if (readFileSync(file, 'utf8').includes('    static kind: ')) files.push(file);
  }
  return files;
}

/**
 * Reads the kinds of the package in `packageDir` and returns its catalog, holding only the types
 * its kinds reach.
 * @param {string} packageDir the directory holding the package's package.json
 * @returns {CrdCatalog}
 */
export function buildCrdCatalog(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const openRootFields = new Set(OPEN_ROOT_FIELDS[manifest.name] ?? []);
  const program = ts.createProgram(kindFiles(packageDir), COMPILER_OPTIONS);
  const checker = program.getTypeChecker();

  const { interfaceCode, types, finish } = createTypeReader(checker, manifest.name);

  /** @type {Record<string, Record<string, string>>} */
  const kinds = {};
  for (const source of program.getRootFileNames().map((file) => program.getSourceFile(file))) {
    if (source === undefined) continue;
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || statement.name === undefined) continue;
      const kindName = statement.name.text;
      if (kindName.endsWith('List')) continue;
      const model = source.statements.find(
        (s) => ts.isInterfaceDeclaration(s) && s.name.text === `I${kindName}`,
      );
      if (model === undefined) throw new Error(`${source.fileName}: no interface I${kindName}`);
      const literal = (field) =>
        stringLiteral(
          model.members.find((m) => m.name !== undefined && propertyName(m.name) === field)?.type,
        );
      const apiVersion = literal('apiVersion');
      const kind = literal('kind');
      if (apiVersion === undefined || kind !== kindName) {
        throw new Error(`${source.fileName}: I${kindName} has no literal apiVersion and kind`);
      }
      const root = interfaceCode(model, openRootFields);
      if (root === FREE) throw new Error(`${apiVersion} ${kind}: no fields`);
      // A root schema of `type: object` and x-kubernetes-preserve-unknown-fields (Istio 1.18's
      // IstioOperator) leaves the .d.ts nothing but TypeMeta and metadata: not walked at all.
      if (Object.keys(types.get(root) ?? {}).every((field) => TYPE_META.has(field))) continue;
      (kinds[apiVersion] ??= {})[kind] = root;
    }
  }

  const { rename } = finish();
  const sortedKinds = {};
  for (const apiVersion of Object.keys(kinds).sort()) {
    sortedKinds[apiVersion] = Object.fromEntries(
      Object.entries(kinds[apiVersion])
        .map(([kind, root]) => [kind, rename(root)])
        .sort(),
    );
  }
  // Only the types a kind reaches: a skipped kind's root and fields are left out.
  const reached = new Set();
  const pending = Object.values(sortedKinds).flatMap((byKind) => Object.values(byKind));
  while (pending.length > 0) {
    const name = pending.pop();
    if (reached.has(name)) continue;
    const fields = types.get(name);
    if (fields === undefined) throw new Error(`unknown type ${name}`);
    reached.add(name);
    for (const code of Object.values(fields)) {
      const ref = code.replace(/^[[{]+/, '');
      if (ref.length > 1) pending.push(ref);
    }
  }
  const sortedTypes = Object.fromEntries(
    [...types].filter(([name]) => reached.has(name)).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    package: manifest.name,
    version: manifest.version,
    kinds: sortedKinds,
    types: sortedTypes,
  };
}

/** How many fields of a catalog are free-form, for the generator's summary. */
export function freeFormFields(catalog) {
  let count = 0;
  for (const fields of Object.values(catalog.types)) {
    for (const code of Object.values(fields)) if (code.replace(/^[[{]+/, '') === FREE) count += 1;
  }
  return count;
}
