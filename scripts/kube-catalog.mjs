// Builds the field catalog of one Kubernetes version from an unpacked @kubernetes/client-node
// package: every API type with its fields (JSON name, type, required) and the apiVersion/kind of
// every kind the API server serves. kprod check walks objects against it to report unknown
// fields (src/check/schema/kube-catalog.ts reads it). Used by gen-kube-catalogs.mjs and by the test
// that keeps the committed catalog of the installed client in sync.
//
// The client is generated from the Kubernetes OpenAPI document of one minor version; its model
// classes carry `static attributeTypeMap` ([{ name, baseName, type, format }]) and its .d.ts
// files mark optional properties with `?`. Model names carry no API group, so kinds are taken
// from the API classes: each `create…` operation on a collection path
// (`/apis/apps/v1/namespaces/{namespace}/deployments`) names the kind and its body type.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} KubeCatalog
 * @property {string} client client-node version the catalog was built from
 * @property {string} openapi what the generated files name as their OpenAPI document
 * @property {Record<string, Record<string, string>>} kinds apiVersion → kind → root type name
 * @property {Record<string, Record<string, string>>} types type name → JSON field name → field
 *   type: `s` string, `i` integer, `n` number, `b` boolean, `t` time (RFC 3339 string),
 *   `x` integer or string, `*` free-form (not descended), a type name, `[T` a list of T,
 *   `{T` a map of T; a leading `!` marks a required field.
 */

const MODEL_MAP = /^(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);$/m;
const DTS_PROPERTY = /^ {4}'([^']+)'(\?)?:/gm;
const HEADER = /(?:OpenAPI spec version|The version of the OpenAPI document): (\S+)/;
const METHOD = /^ {4}async (\w+)\(/gm;
const PATH = /localVarPath = (?:this\.basePath \+ )?'([^']+)'/;
const BODY = /serialize\(body, "(\w+)"/;
const COLLECTION =
  /^\/apis?\/(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)\/(?:namespaces\/\{namespace\}\/)?([a-z0-9]+)$/;

/** Maps a client type expression to the catalog's notation; `name` is only for errors. */
function fieldType(type, format, name, models) {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return `[${fieldType(list[1], '', name, models)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `{${fieldType(map[1], '', name, models)}`;
  switch (type) {
    case 'string':
      return 's';
    case 'Date':
    case 'V1MicroTime': // 0.x clients name MicroTime without defining a model for it
      return 't';
    case 'boolean':
      return 'b';
    case 'number':
      // 0.x clients have no format; their numbers stay `n` (integer checks come from ajv).
      return format === 'int32' || format === 'int64' ? 'i' : 'n';
    case 'IntOrString':
      return 'x';
    case 'any':
    case 'object':
      return '*';
    default:
      if (!models.has(type)) throw new Error(`${name}: unknown type ${type}`);
      return type;
  }
}

function listFiles(dir, suffix) {
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .sort();
}

/**
 * Reads the models and API classes of an unpacked client-node package (the directory holding its
 * package.json) and returns its catalog, keeping only the types reachable from a kind.
 * @param {string} packageDir
 * @returns {KubeCatalog}
 */
export function buildKubeCatalog(packageDir) {
  const gen = join(packageDir, 'dist', 'gen');
  // 1.x and later: models/ and apis/ (ESM); 0.x: model/ and api/ (CommonJS).
  const layout = readdirSync(gen).includes('models')
    ? { models: join(gen, 'models'), apis: join(gen, 'apis') }
    : { models: join(gen, 'model'), apis: join(gen, 'api') };
  const client = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;

  // The 1.x packages keep model files of earlier generations that upstream no longer has (1.4.0
  // still ships flowcontrol v1beta3 and resource.k8s.io/v1alpha2 models, headed "v1.30.1"):
  // only files headed with the package's own OpenAPI version count.
  const byVersion = new Map();
  for (const file of listFiles(layout.models, '.js')) {
    const text = readFileSync(join(layout.models, file), 'utf8');
    const match = MODEL_MAP.exec(text);
    if (!match) continue; // enums, ObjectSerializer, index files
    const header = HEADER.exec(text)?.[1] ?? '';
    if (!byVersion.has(header)) byVersion.set(header, []);
    byVersion.get(header).push({ file, name: match[1], attributes: JSON.parse(match[2]) });
  }
  const [openapi, current] = [...byVersion].sort((a, b) => b[1].length - a[1].length)[0];
  /** @type {Map<string, { attributes: { baseName: string, name: string, type: string, format?: string }[], optional: Set<string> }>} */
  const models = new Map();
  for (const { file, name, attributes } of current) {
    const dts = readFileSync(join(layout.models, file.replace(/\.js$/, '.d.ts')), 'utf8');
    const optional = new Set();
    for (const [, property, question] of dts.matchAll(DTS_PROPERTY)) {
      if (question) optional.add(property);
    }
    models.set(name, { attributes, optional });
  }
  const stale = new Set(
    [...byVersion].flatMap(([header, list]) => (header === openapi ? [] : list.map((m) => m.name))),
  );

  /** @type {Record<string, Record<string, string>>} */
  const kinds = {};
  for (const file of listFiles(layout.apis, '.js')) {
    const text = readFileSync(join(layout.apis, file), 'utf8');
    const starts = [...text.matchAll(METHOD)];
    starts.forEach((start, index) => {
      const method = start[1];
      if (!/^create(?!.*WithHttpInfo$)/.test(method)) return;
      const body = text.slice(start.index, starts[index + 1]?.index ?? text.length);
      const path = PATH.exec(body)?.[1];
      const type = BODY.exec(body)?.[1];
      const collection = path === undefined ? null : COLLECTION.exec(path);
      // Paths with {name} are subresources (pods/{name}/eviction), not kinds of their own.
      if (!collection || type === undefined || !/POST/.test(body) || stale.has(type)) return;
      const [, group, version] = collection;
      const kind = method.replace(/^create/, '').replace(/^Namespaced(?=[A-Z])/, '');
      if (!type.endsWith(kind) || !models.has(type)) {
        throw new Error(`${file} ${method}: body ${type} does not name kind ${kind}`);
      }
      const apiVersion = group === undefined ? version : `${group}/${version}`;
      (kinds[apiVersion] ??= {})[kind] = type;
    });
  }

  /** @type {Record<string, Record<string, string>>} */
  const types = {};
  const pending = Object.values(kinds).flatMap((byKind) => Object.values(byKind));
  while (pending.length > 0) {
    const name = pending.pop();
    if (name === undefined || types[name] !== undefined) continue;
    const model = models.get(name);
    if (model === undefined) throw new Error(`unknown type ${name}`);
    const fields = {};
    for (const attribute of [...model.attributes].sort((a, b) =>
      a.baseName < b.baseName ? -1 : 1,
    )) {
      const type = fieldType(attribute.type, attribute.format ?? '', name, models);
      const required = model.optional.has(attribute.name) ? '' : '!';
      fields[attribute.baseName] = required + type;
      const ref = type.replace(/^[[{]+/, '');
      if (models.has(ref)) pending.push(ref);
    }
    types[name] = fields;
  }
  const sortedKinds = {};
  for (const apiVersion of Object.keys(kinds).sort()) {
    sortedKinds[apiVersion] = Object.fromEntries(Object.entries(kinds[apiVersion]).sort());
  }
  const sortedTypes = Object.fromEntries(
    Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return { client, openapi, kinds: sortedKinds, types: sortedTypes };
}
