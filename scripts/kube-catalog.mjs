// Builds the field catalog of one Kubernetes release from the OpenAPI v3 documents that the
// release's own source carries (k8s.io/kubernetes, api/openapi-spec/v3): every API type with its
// fields (JSON name, type, required) and the apiVersion/kind of every kind the API server serves.
// kprod check walks objects against it to report unknown fields (src/check/schema/kube-catalog.ts
// reads it). Used by gen-kube-catalogs.mjs and by the test that keeps the committed catalogs in
// sync with the pinned releases (kube-releases.mjs).
//
// Value constraints (formats, enums) go into a table, `values`, that field types point into:
// `~3s` is a string checked against values[3]. The OpenAPI documents committed in the release
// carry the formats but not the enums of the types marked `+enum`: those come from the Go
// definitions the API server serves its OpenAPI from, pkg/generated/openapi of the same module.
//
// Each document describes one group/version (`apis__apps__v1_openapi.json`): its paths, and the
// schemas they reach under components.schemas. A kind is what a create operation on a collection
// path (`/apis/apps/v1/namespaces/{namespace}/deployments`, POST) takes as its body; its
// `x-kubernetes-group-version-kind` names the group, version and kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * @typedef {object} KubeCatalog
 * @property {string} source the Go module the catalog was built from: `k8s.io/kubernetes@v1.37.2`
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type: `s` string, `i` integer, `n` number, `b` boolean, `t` time (RFC 3339 string),
 *   `x` integer or string, `q` quantity (a number, or a string such as `250m`), `*` free-form
 *   (not descended), a type name, `[T` a list of T, `{T` a map of T; a leading `!` marks a
 *   required field, and `~N` before any part of it checks the value there against values[N].
 * @property {ValueConstraint[]} values value constraints, each stored once
 */

/**
 * @typedef {object} ValueConstraint what a value must also be, as OpenAPI says it
 * @property {string} [format] `int32`, `int64`, `byte`, `ipv4`, `ipv6`
 * @property {unknown[]} [enum]
 */

/** Stores value constraints once each and hands out their indexes. */
export class ValueTable {
  /** @type {ValueConstraint[]} */
  values = [];
  /** @type {Map<string, number>} */
  #indexes = new Map();

  /**
   * `spec` prefixed with a reference to `constraint`, or `spec` itself when there is none.
   * @param {ValueConstraint} constraint
   * @param {string} spec
   */
  wrap(constraint, spec) {
    if (Object.keys(constraint).length === 0) return spec;
    const key = JSON.stringify(constraint);
    let index = this.#indexes.get(key);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(constraint);
      this.#indexes.set(key, index);
    }
    return `~${index}${spec}`;
  }
}

// The formats kept: double says no more than number, and date-time is the type `t`; int64 says
// no more than integer either, but names what a fraction is not ("must be a valid int64").
const CHECKED_FORMATS = new Set(['int32', 'int64', 'byte', 'ipv4', 'ipv6']);

/** The format constraint of a schema, if it checks something. */
export function formatOf(schema) {
  return CHECKED_FORMATS.has(schema.format) ? { format: schema.format } : {};
}

const COLLECTION =
  /^\/apis?\/(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)\/(?:namespaces\/\{namespace\}\/)?([a-z0-9]+)$/;
const REF_PREFIX = '#/components/schemas/';

// Schema names are Go package paths; the catalog keeps what follows the common prefixes:
// `io.k8s.api.apps.v1.Deployment` → `apps.v1.Deployment`, meta types → `meta.v1.ObjectMeta`.
const NAME_PREFIXES = [
  'io.k8s.api.',
  'io.k8s.apimachinery.pkg.apis.',
  'io.k8s.apimachinery.pkg.',
  'io.k8s.apiextensions-apiserver.pkg.apis.',
  'io.k8s.kube-aggregator.pkg.apis.',
];

/** The catalog's name for an OpenAPI schema name. */
export function catalogTypeName(schemaName) {
  const prefix = NAME_PREFIXES.find((p) => schemaName.startsWith(p));
  return prefix === undefined ? schemaName : schemaName.slice(prefix.length);
}

/** The schema name a `$ref`, or an `allOf` of one `$ref` (how v3 adds a default), points at. */
function refOf(schema) {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  if (ref === undefined) return undefined;
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unexpected $ref ${ref}`);
  return ref.slice(REF_PREFIX.length);
}

/** True when a schema is a type of its own, with fields to walk. */
function hasFields(schema) {
  return schema.properties !== undefined;
}

/**
 * Maps a schema to the catalog's notation; referenced types with fields come back as their
 * catalog names, the others (Time, Quantity, IntOrString, RawExtension) as what they hold.
 */
function fieldType(schema, where, schemas, table, enums) {
  const ref = refOf(schema);
  if (ref !== undefined) {
    const target = schemas[ref];
    if (target === undefined) throw new Error(`${where}: unknown type ${ref}`);
    return hasFields(target) ? catalogTypeName(ref) : fieldType(target, ref, schemas, table, enums);
  }
  // The integer of an IntOrString is an int32.
  if (schema.format === 'int-or-string') return table.wrap({ format: 'int32' }, 'x');
  // resource.Quantity: a string such as 250m, or a number that the API server reads as one.
  if (schema.oneOf !== undefined) {
    const types = schema.oneOf.map((s) => s.type).sort();
    if (types.join() === 'number,string') return 'q';
    throw new Error(`${where}: unexpected oneOf ${types.join()}`);
  }
  const constraint = { ...formatOf(schema), ...(enums?.own ? { enum: enums.own } : {}) };
  const inner = enums?.item ? { own: enums.item } : undefined;
  switch (schema.type) {
    case 'string':
      return table.wrap(constraint, schema.format === 'date-time' ? 't' : 's');
    case 'integer':
      return table.wrap(constraint, 'i');
    case 'number':
      return table.wrap(constraint, 'n');
    case 'boolean':
      return 'b';
    case 'array':
      return `[${fieldType(schema.items, `${where}[]`, schemas, table, inner)}`;
    case 'object':
      if (schema.properties !== undefined) throw new Error(`${where}: inline object type`);
      return typeof schema.additionalProperties === 'object'
        ? `{${fieldType(schema.additionalProperties, `${where}{}`, schemas, table, inner)}`
        : '*'; // RawExtension, FieldsV1, empty structs: free-form
    case undefined:
      return '*'; // apiextensions JSON and JSONSchemaPropsOr*: any JSON value
    default:
      throw new Error(`${where}: unexpected type ${schema.type}`);
  }
}

/** The name of a schema as the Go definitions' function names spell it, without separators. */
function goKey(schemaName) {
  const [tld, domain, ...rest] = schemaName.split('.');
  return [domain, tld, ...rest].join('').replace(/[-_]/g, '');
}

/**
 * The enums of the release's `+enum` fields, from pkg/generated/openapi/zz_generated.openapi.go:
 * Go key of the type (goKey) → field → the field's own values and its list or map items' values.
 * The file is generated Go with a fixed layout: a function per type, a field's schema opening at
 * five tabs, its Enum at seven, the Enum of its items at ten. Anything else throws.
 * @param {string} file
 * @returns {Map<string, Record<string, { own?: string[], item?: string[] }>>}
 */
export function readGoEnums(file) {
  const enums = new Map();
  let type;
  let field;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fn = /^func schema_(\w+)\(/.exec(line);
    if (fn !== null) {
      type = fn[1].replace(/_/g, '');
      field = undefined;
      continue;
    }
    const name = /^\t{5}"([^"]+)": \{$/.exec(line);
    if (name !== null) {
      field = name[1];
      continue;
    }
    const values = /^(\t+)Enum: +\[\]interface\{\}\{(.*)\},$/.exec(line);
    if (values === null) continue;
    const depth = values[1].length;
    if (type === undefined || field === undefined || (depth !== 7 && depth !== 10)) {
      throw new Error(`${file}: Enum at an unexpected place: ${line.trim()}`);
    }
    // Deprecated aliases repeat a value (externalTrafficPolicy's Cluster and Local).
    const list = [...new Set(JSON.parse(`[${values[2]}]`))];
    const byField = enums.get(type) ?? {};
    enums.set(type, byField);
    (byField[field] ??= {})[depth === 7 ? 'own' : 'item'] = list;
  }
  return enums;
}

/** The Go OpenAPI definitions of the release whose api/openapi-spec/v3 folder is `dir`. */
function goDefinitions(dir) {
  return resolve(dir, '../../../pkg/generated/openapi/zz_generated.openapi.go');
}

/** The OpenAPI v3 documents of a release's api/openapi-spec/v3 folder, sorted by file name. */
function readDocuments(dir) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('_openapi.json'))
    .sort()
    .map((file) => ({ file, doc: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/**
 * Reads the OpenAPI v3 documents of one release (the folder `api/openapi-spec/v3` of its
 * k8s.io/kubernetes module) and the enums of its Go definitions (readGoEnums, in the same
 * module) and returns its catalog, keeping only the types reachable from a kind.
 * @param {string} dir
 * @param {string} source what to record as the catalog's source
 * @param {string} [nextDir] the same folder of the next release: the enums of list items come
 *   from there when this release's Go definitions have none (1.29)
 * @returns {KubeCatalog}
 */
export function buildKubeCatalog(dir, source, nextDir = undefined) {
  const documents = readDocuments(dir);
  const goEnums = readGoEnums(goDefinitions(dir));
  // 1.29's generator left the enums of list items out (the values of `policyTypes`); its API
  // server rejects the same values, so they come from the next release, field by field.
  const hasItemEnums = [...goEnums.values()].some((byField) =>
    Object.values(byField).some((enums) => enums.item !== undefined),
  );
  if (!hasItemEnums && nextDir !== undefined) {
    for (const [type, byField] of readGoEnums(goDefinitions(nextDir))) {
      for (const [field, { item }] of Object.entries(byField)) {
        if (item === undefined) continue;
        const own = goEnums.get(type) ?? {};
        goEnums.set(type, own);
        own[field] = { ...own[field], item };
      }
    }
  }
  const table = new ValueTable();
  /** @type {Record<string, any>} */
  const schemas = {};
  for (const { doc } of documents) {
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      schemas[name] ??= schema;
    }
  }

  /** @type {Record<string, Record<string, string>>} */
  const kinds = {};
  const pending = [];
  for (const { file, doc } of documents) {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const post = item.post;
      if (post === undefined || !COLLECTION.test(path)) continue;
      const gvk = post['x-kubernetes-group-version-kind'];
      const body = post.requestBody?.content?.['*/*']?.schema;
      if (gvk === undefined || body === undefined) continue;
      const ref = refOf(body);
      const target = ref === undefined ? undefined : schemas[ref];
      const own = target?.['x-kubernetes-group-version-kind'] ?? [];
      if (!own.some((k) => k.kind === gvk.kind && k.version === gvk.version)) {
        throw new Error(`${file} POST ${path}: body ${ref} is not ${gvk.kind}`);
      }
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      (kinds[apiVersion] ??= {})[gvk.kind] = catalogTypeName(ref);
      pending.push(ref);
    }
  }

  /** @type {Record<string, Record<string, string>>} */
  const types = {};
  const done = new Set();
  while (pending.length > 0) {
    const ref = pending.pop();
    if (done.has(ref)) continue;
    done.add(ref);
    const schema = schemas[ref];
    const required = new Set(schema.required ?? []);
    const fields = {};
    for (const field of Object.keys(schema.properties ?? {}).sort()) {
      const property = schema.properties[field];
      const enums = goEnums.get(goKey(ref))?.[field];
      const type = fieldType(property, `${ref}.${field}`, schemas, table, enums);
      fields[field] = (required.has(field) ? '!' : '') + type;
      let inner = property;
      while (inner.items !== undefined || typeof inner.additionalProperties === 'object') {
        inner = inner.items ?? inner.additionalProperties;
      }
      const next = refOf(inner);
      if (next !== undefined && hasFields(schemas[next])) pending.push(next);
    }
    types[catalogTypeName(ref)] = fields;
  }
  const sortedKinds = {};
  for (const apiVersion of Object.keys(kinds).sort()) {
    sortedKinds[apiVersion] = Object.fromEntries(Object.entries(kinds[apiVersion]).sort());
  }
  const sortedTypes = Object.fromEntries(
    Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return { source, kinds: sortedKinds, types: sortedTypes, values: table.values };
}
