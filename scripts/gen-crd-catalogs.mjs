// `npm run gen:crd-catalogs`: writes src/check/schema/catalogs/crd-<name>.json, the field catalog of each
// CRD package kprod validates custom resources with, from the .d.ts files of the installed
// package (no network). Run it after updating one of the packages, then commit the JSON files;
// a test fails while a committed catalog differs from what the installed package gives.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import {
  CRD_CATALOG_PACKAGES,
  buildCrdCatalog,
  crdCatalogFile,
  freeFormFields,
} from './crd-catalog.mjs';

const require = createRequire(import.meta.url);
const out = fileURLToPath(new URL('../src/check/schema/catalogs/', import.meta.url));

for (const name of CRD_CATALOG_PACKAGES) {
  const file = crdCatalogFile(name);
  const catalog = buildCrdCatalog(dirname(require.resolve(`${name}/package.json`)));
  const text = JSON.stringify(catalog);
  writeFileSync(join(out, `${file}.json`), `${text}\n`);
  const kinds = Object.values(catalog.kinds).reduce((n, k) => n + Object.keys(k).length, 0);
  stdout.write(
    `${file}.json: ${name} ${catalog.version}, ${kinds} kinds, ` +
      `${Object.keys(catalog.types).length} types, ${freeFormFields(catalog)} free-form fields, ` +
      `${Math.round(text.length / 1024)} KiB\n`,
  );
}
