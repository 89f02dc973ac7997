#!/usr/bin/env node
// Converts the OpenAPI v2 document of a Kubernetes release (api/openapi-spec/swagger.json in
// the k8s.io/kubernetes module) into the strict JSON schemas kubeconform reads, one file per
// kind, named as kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` template expects:
// `deployment-apps-v1.json`, `service-v1.json`. Each file holds the kind's schema and the
// definitions it reaches (local `#/definitions/...` references), so no network is needed.
// The conversion is kubeconform's own recipe: int-or-string becomes string or integer, a
// quantity string or number, and strict schemas refuse properties they do not name.
//
//   node openapi-to-json-schema.mjs SWAGGER_JSON OUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const [swaggerPath, outDir] = process.argv.slice(2);
if (swaggerPath === undefined || outDir === undefined) {
  process.stderr.write('usage: openapi-to-json-schema.mjs SWAGGER_JSON OUT_DIR\n');
  process.exit(2);
}
const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));
const REF = '#/definitions/';

/** A definition made strict and JSON-schema-typed, without changing the document read. */
function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = convert(value);
  if (out.format === 'int-or-string') {
    delete out.type;
    delete out.format;
    out.oneOf = [{ type: 'string' }, { type: 'integer' }];
  }
  if (out.type === 'object' && out.properties !== undefined) {
    out.additionalProperties ??= false;
  }
  return out;
}

const converted = {};
for (const [name, schema] of Object.entries(definitions)) converted[name] = convert(schema);
// Quantities are written as `cpu: 1` as often as `cpu: 100m`.
const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
if (converted[quantity] !== undefined) {
  converted[quantity] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
}

/** Names of the definitions reachable from `name`. */
function reachable(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      if (typeof node.$ref === 'string' && node.$ref.startsWith(REF)) {
        reachable(node.$ref.slice(REF.length), seen);
      }
      Object.values(node).forEach(walk);
    }
  };
  walk(converted[name]);
  return seen;
}

mkdirSync(outDir, { recursive: true });
let written = 0;
for (const [name, schema] of Object.entries(converted)) {
  for (const gvk of definitions[name]['x-kubernetes-group-version-kind'] ?? []) {
    // kubeconform names a kind's file by the first label of its group: `networking` for
    // networking.k8s.io; the core group has none.
    const group = gvk.group === '' ? '' : `-${gvk.group.split('.')[0].toLowerCase()}`;
    const file = `${gvk.kind.toLowerCase()}${group}-${gvk.version.toLowerCase()}.json`;
    const defs = {};
    for (const dep of reachable(name)) defs[dep] = converted[dep];
    writeFileSync(
      join(outDir, file),
      JSON.stringify({
        ...schema,
        definitions: defs,
        $schema: 'http://json-schema.org/draft-07/schema#',
      }),
    );
    written += 1;
  }
}
process.stdout.write(`wrote ${written} schemas to ${outDir}\n`);
