// Builds the field catalogs of the CRD kinds kprod knows (Istio, Gateway API,
// prometheus-operator) from their projects' own CustomResourceDefinition YAML, as shipped in
// their Go modules at the versions pinned in test/cluster/crds/go.mod (the ones the real-cluster
// suite installs), in the format of the Kubernetes catalogs (scripts/kube-catalog.mjs): every
// served version of every kind, every field of its openAPIV3Schema. kprod check walks custom
// resources against them for unknown fields (src/check/schema/crd-catalog.ts reads them). Used by
// gen-crd-catalogs.mjs and by the test that keeps the committed catalogs in sync.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ValueTable, formatOf } from './kube-catalog.mjs';
import { goBinary } from './kube-releases.mjs';

/**
 * @typedef {object} CrdCatalog
 * @property {string} source Go module and version the CRDs come from: `istio.io/api@v1.31.4`
 * @property {string} metadata the Kubernetes release whose ObjectMeta types `metadata` uses
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type, as in the Kubernetes catalogs; a leading `!` marks a required field.
 * @property {object[]} values value constraints (enum, format, pattern, bounds, lengths, sizes,
 *   and oneOf/anyOf/allOf/not of them and of `required`), which field types point into (`~N`)
 */

// The keywords of a value constraint that are copied as they are.
const VALUE_KEYWORDS = [
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

// The pattern controller-gen gives a resource.Quantity (an int-or-string): checked as the
// format `quantity`, whose message names what a quantity looks like.
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** True for the `anyOf: [{type: integer}, {type: string}]` that spells int-or-string. */
function isIntOrStringForm(branches) {
  return (
    branches.length === 2 &&
    branches.every((b) => Object.keys(b).length === 1 && typeof b.type === 'string') &&
    branches
      .map((b) => b.type)
      .sort()
      .join() === 'integer,string'
  );
}

/**
 * The value constraint of one schema node: what its value must be besides its type and fields.
 * oneOf/anyOf/allOf/not hold constraints of the same form, plus `required` (the CRDs spell
 * "at most one of these fields" that way) and `properties` (constraints of some fields, with
 * `defaults`: the defaults `parent`, the object schema, gives them); a branch with anything
 * else throws.
 * @param {Record<string, any>} schema
 * @param {string} where
 * @param {boolean} branch true inside oneOf/anyOf/allOf/not
 */
function constraintOf(schema, where, branch = false, parent = schema) {
  const constraint = { ...formatOf(schema) };
  for (const keyword of VALUE_KEYWORDS) {
    if (schema[keyword] !== undefined && schema[keyword] !== false) {
      constraint[keyword] = schema[keyword];
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true && schema.pattern === QUANTITY_PATTERN) {
    delete constraint.pattern;
    constraint.format = 'quantity';
  }
  if (branch) {
    if (schema.required !== undefined) constraint.required = schema.required;
    if (schema.properties !== undefined) {
      constraint.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([field, sub]) => [
          field,
          constraintOf(sub, `${where}.${field}`, true),
        ]),
      );
      // The API server defaults a field before it validates: a branch sees the default.
      const defaults = Object.keys(schema.properties)
        .filter((field) => parent.properties?.[field]?.default !== undefined)
        .map((field) => [field, parent.properties[field].default]);
      if (defaults.length > 0) constraint.defaults = Object.fromEntries(defaults);
    }
    const known = new Set([
      ...VALUE_KEYWORDS,
      ...['format', 'required', 'properties', 'oneOf', 'anyOf', 'allOf'],
    ]);
    const other = Object.keys(schema).filter((key) => !known.has(key) && key !== 'not');
    if (other.length > 0) throw new Error(`${where}: unexpected ${other.join()} in a branch`);
    if (schema.not !== undefined) constraint.not = constraintOf(schema.not, where, true, parent);
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[keyword];
    if (branches === undefined || isIntOrStringForm(branches)) continue;
    constraint[keyword] = branches.map((b) => constraintOf(b, where, true, parent));
  }
  return constraint;
}

/** The folder holding the go.mod that pins the CRD modules. */
const CRD_MODULES_DIR = fileURLToPath(new URL('../test/cluster/crds/', import.meta.url));

function yamlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The CRD sets: catalog file name, Go module, and the CRD files inside it. Gateway API's
 * experimental channel is a superset of its standard channel (more kinds, more fields), so a
 * resource written for either passes; its x-k8s.io kinds come with it. prometheus-operator's
 * `-full` set adds AlertmanagerConfig v1beta1, which it serves once its conversion webhook is set.
 */
export const CRD_SOURCES = [
  {
    name: 'istio',
    module: 'istio.io/api',
    files: (dir) => [join(dir, 'kubernetes', 'customresourcedefinitions.gen.yaml')],
  },
  {
    name: 'gateway-api',
    module: 'sigs.k8s.io/gateway-api',
    files: (dir) => yamlFiles(join(dir, 'config', 'crd', 'experimental')),
  },
  {
    name: 'prometheus-operator',
    module: 'github.com/prometheus-operator/prometheus-operator',
    files: (dir) => yamlFiles(join(dir, 'example', 'prometheus-operator-crd-full')),
  },
];

/**
 * Module path → version and folder of every CRD module, from the module cache (or the proxy).
 * @returns {Record<string, { version: string, dir: string }>}
 */
export function crdModules() {
  const out = execFileSync(
    goBinary(),
    ['mod', 'download', '-json', ...CRD_SOURCES.map((s) => s.module)],
    { cwd: CRD_MODULES_DIR, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 20 },
  );
  const modules = {};
  // `go mod download -json` prints one JSON object per module, back to back.
  for (const text of out.split(/\n(?=\{)/)) {
    const info = JSON.parse(text);
    if (info.Error !== undefined) throw new Error(`${info.Path}: ${info.Error}`);
    modules[info.Path] = { version: info.Version, dir: info.Dir };
  }
  return modules;
}

/** The type name of the root of a kind, and the prefix of the names of its nested types. */
function rootName(group, version, kind) {
  return `${group}/${version}/${kind}`;
}

/**
 * Maps one openAPIV3Schema node to the catalog's notation, adding a type for each object with
 * properties. Identical object types are stored once, under the first path that reaches them.
 */
function fieldType(schema, name, state) {
  // Unknown fields are kept there (and embedded resources are whole objects): not walked.
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) return '*';
  if (schema['x-kubernetes-embedded-resource'] === true) return '*';
  const wrap = (spec) => state.table.wrap(constraintOf(schema, name), spec);
  if (schema['x-kubernetes-int-or-string'] === true) return wrap('x');
  switch (schema.type) {
    case 'string':
      return wrap(schema.format === 'date-time' ? 't' : 's');
    case 'integer':
      return wrap('i');
    case 'number':
      return wrap('n');
    case 'boolean':
      return wrap('b');
    case 'array':
      return wrap(`[${fieldType(schema.items ?? {}, name, state)}`);
    case 'object':
      if (schema.properties !== undefined) return wrap(objectType(schema, name, state));
      return typeof schema.additionalProperties === 'object'
        ? wrap(`{${fieldType(schema.additionalProperties, name, state)}`)
        : '*';
    default:
      return '*';
  }
}

function objectType(schema, name, state) {
  const required = new Set(schema.required ?? []);
  const fields = {};
  for (const field of Object.keys(schema.properties).sort()) {
    const type = fieldType(schema.properties[field], `${name}.${field}`, state);
    fields[field] = (required.has(field) ? '!' : '') + type;
  }
  const key = JSON.stringify(fields);
  const known = state.byContent.get(key);
  if (known !== undefined) return known;
  state.byContent.set(key, name);
  state.types[name] = fields;
  return name;
}

/**
 * Builds the catalog of one CRD set from its YAML files. `metadata` is the ObjectMeta of a
 * Kubernetes catalog (its types, by name), which every kind's `metadata` field uses, as the API
 * server decodes a custom resource's metadata as ObjectMeta.
 * @param {string[]} files
 * @param {string} source
 * @param {{ source: string, types: Record<string, Record<string, string>>, values: object[] }} kube
 *   the newest Kubernetes catalog
 * @returns {CrdCatalog}
 */
export function buildCrdCatalog(files, source, kube) {
  const state = { types: {}, byContent: new Map(), table: new ValueTable() };
  /** @type {Record<string, Record<string, string>>} */
  const kinds = {};
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names, versions } = crd.spec;
      for (const version of versions) {
        if (version.served !== true) continue;
        const schema = version.schema?.openAPIV3Schema;
        if (schema === undefined)
          throw new Error(`${file}: ${names.kind} ${version.name}: no schema`);
        const name = rootName(group, version.name, names.kind);
        const root = { ...schema, properties: { ...schema.properties } };
        delete root.properties.metadata;
        const type = objectType(root, name, state);
        // Root types are never shared: each kind keeps its own name, with metadata as ObjectMeta,
        // and apiVersion and kind, which some CRDs (Istio's) leave out of their schemas.
        state.types[name] = Object.fromEntries(
          Object.entries({
            ...state.types[type],
            apiVersion: 's',
            kind: 's',
            metadata: META,
          }).sort(),
        );
        (kinds[`${group}/${version.name}`] ??= {})[names.kind] = name;
      }
    }
  }
  // ObjectMeta and the types it reaches, from the Kubernetes catalog.
  const pending = [META];
  while (pending.length > 0) {
    const name = pending.pop();
    if (state.types[name] !== undefined) continue;
    const fields = kube.types[name];
    if (fields === undefined) throw new Error(`${kube.source} has no type ${name}`);
    // Their value constraints point into the Kubernetes catalog's table: into ours instead.
    state.types[name] = Object.fromEntries(
      Object.entries(fields).map(([field, type]) => [
        field,
        type.replace(/~(\d+)/g, (_, index) => state.table.wrap(kube.values[Number(index)], '')),
      ]),
    );
    for (const type of Object.values(fields)) {
      const ref = typeNameIn(type);
      if (ref.length > 1) pending.push(ref);
    }
  }
  const sortedKinds = {};
  for (const apiVersion of Object.keys(kinds).sort()) {
    sortedKinds[apiVersion] = Object.fromEntries(Object.entries(kinds[apiVersion]).sort());
  }
  const used = reachable(sortedKinds, state.types);
  const sortedTypes = Object.fromEntries(
    Object.entries(state.types)
      .filter(([name]) => used.has(name))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    source,
    metadata: kube.source,
    kinds: sortedKinds,
    types: sortedTypes,
    values: state.table.values,
  };
}

const META = 'meta.v1.ObjectMeta';

/** What a field type names after its required mark, value references, lists and maps. */
function typeNameIn(type) {
  return type.replace(/^!?(?:~\d+|[[{])*/, '');
}

/** The names of the types reachable from a kind (a root's own fields were copied, not shared). */
function reachable(kinds, types) {
  const seen = new Set();
  const pending = Object.values(kinds).flatMap((byKind) => Object.values(byKind));
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    for (const type of Object.values(types[name])) {
      const ref = typeNameIn(type);
      if (ref.length > 1) pending.push(ref);
    }
  }
  return seen;
}

/** How many fields of a catalog are free-form (`*`, `[*`, `{*`): never walked. */
export function freeFormFields(catalog) {
  return Object.values(catalog.types)
    .flatMap((fields) => Object.values(fields))
    .filter((type) => typeNameIn(type) === '*').length;
}
