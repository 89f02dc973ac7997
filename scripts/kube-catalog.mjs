// Builds the field catalog of one Kubernetes release from the OpenAPI v3 documents that the
// release's own source carries (k8s.io/kubernetes, api/openapi-spec/v3): every API type with its
// fields (JSON name, type, required) and the apiVersion/kind of every kind the API server serves.
// kprod check walks objects against it to report unknown fields (src/check/schema/kube-catalog.ts
// reads it). Used by gen-kube-catalogs.mjs and by the test that keeps the committed catalogs in
// sync with the pinned releases (kube-releases.mjs).
//
// Each document describes one group/version (`apis__apps__v1_openapi.json`): its paths, and the
// schemas they reach under components.schemas. A kind is what a create operation on a collection
// path (`/apis/apps/v1/namespaces/{namespace}/deployments`, POST) takes as its body; its
// `x-kubernetes-group-version-kind` names the group, version and kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} KubeCatalog
 * @property {string} source the Go module the catalog was built from: `k8s.io/kubernetes@v1.37.2`
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type: `s` string, `i` integer, `n` number, `b` boolean, `t` time (RFC 3339 string),
 *   `x` integer or string, `*` free-form (not descended), a type name, `[T` a list of T,
 *   `{T` a map of T; a leading `!` marks a required field.
 */

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
function fieldType(schema, where, schemas) {
  const ref = refOf(schema);
  if (ref !== undefined) {
    const target = schemas[ref];
    if (target === undefined) throw new Error(`${where}: unknown type ${ref}`);
    return hasFields(target) ? catalogTypeName(ref) : fieldType(target, ref, schemas);
  }
  if (schema.format === 'int-or-string') return 'x';
  // resource.Quantity: a string, or a number that the API server reads as one.
  if (schema.oneOf !== undefined) {
    const types = schema.oneOf.map((s) => s.type).sort();
    if (types.join() === 'number,string') return 's';
    throw new Error(`${where}: unexpected oneOf ${types.join()}`);
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'date-time' ? 't' : 's';
    case 'integer':
      return 'i';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'array':
      return `[${fieldType(schema.items, `${where}[]`, schemas)}`;
    case 'object':
      if (schema.properties !== undefined) throw new Error(`${where}: inline object type`);
      return typeof schema.additionalProperties === 'object'
        ? `{${fieldType(schema.additionalProperties, `${where}{}`, schemas)}`
        : '*'; // RawExtension, FieldsV1, empty structs: free-form
    case undefined:
      return '*'; // apiextensions JSON and JSONSchemaPropsOr*: any JSON value
    default:
      throw new Error(`${where}: unexpected type ${schema.type}`);
  }
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
 * k8s.io/kubernetes module) and returns its catalog, keeping only the types reachable from a kind.
 * @param {string} dir
 * @param {string} source what to record as the catalog's source
 * @returns {KubeCatalog}
 */
export function buildKubeCatalog(dir, source) {
  const documents = readDocuments(dir);
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
      const type = fieldType(property, `${ref}.${field}`, schemas);
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
  return { source, kinds: sortedKinds, types: sortedTypes };
}
