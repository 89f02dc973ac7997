// `npm run gen:crd-catalogs`: writes src/check/schema/catalogs/crd-<name>.json, the field catalog
// of each CRD set kprod knows, from the CRD YAML of the Go modules pinned in
// test/cluster/crds/go.mod (Go fetches them into its module cache), with `metadata` typed from the
// newest Kubernetes catalog (run gen-kube-catalogs.mjs first). Run it after changing a pinned
// version, then commit the JSON files; a test fails while a committed catalog differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { CRD_SOURCES, buildCrdCatalog, crdModules, freeFormFields } from './crd-catalog.mjs';
import { KUBE_RELEASES } from './kube-releases.mjs';

const out = fileURLToPath(new URL('../src/check/schema/catalogs/', import.meta.url));
const newest = KUBE_RELEASES.at(-1).kube;
const kube = JSON.parse(readFileSync(join(out, `kube-${newest}.json`), 'utf8'));
const modules = crdModules();

for (const { name, module, files } of CRD_SOURCES) {
  const { version, dir } = modules[module];
  const catalog = buildCrdCatalog(files(dir), `${module}@${version}`, kube);
  const text = JSON.stringify(catalog);
  writeFileSync(join(out, `crd-${name}.json`), `${text}\n`);
  const kinds = Object.values(catalog.kinds).reduce((n, k) => n + Object.keys(k).length, 0);
  stdout.write(
    `crd-${name}.json: ${catalog.source}, ${kinds} kinds, ` +
      `${Object.keys(catalog.types).length} types, ${freeFormFields(catalog)} free-form fields, ` +
      `${Math.round(text.length / 1024)} KiB\n`,
  );
}
