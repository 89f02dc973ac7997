// `npm run gen:catalogs`: writes src/check/schema/catalogs/kube-<minor>.json, the field catalog of each
// supported Kubernetes version, from the @kubernetes/client-node release generated from that
// version's OpenAPI document. Each release is fetched with `npm pack` (the registry only, no other
// network) into a temporary directory; the catalogs are committed, so kprod check and its tests
// never download anything. Run it after changing the table below, then commit the JSON files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { buildKubeCatalog } from './kube-catalog.mjs';

// Exact client-node releases, one per Kubernetes minor version. The generated model files name
// their OpenAPI document ("OpenAPI spec version: v1.34.0", "release-1.30"); buildKubeCatalog
// reads it and the check below refuses a release whose document is of another version. No
// release was generated from 1.31 or 1.35 (0.22.x is 1.30, 1.0.x/1.1.x are 1.32, 2.0.x is 1.36).
const CLIENTS = [
  { kube: '1.30', client: '0.22.3' },
  { kube: '1.32', client: '1.1.3' },
  { kube: '1.33', client: '1.3.0' },
  { kube: '1.34', client: '1.4.0' },
  { kube: '1.36', client: '2.0.1' },
];

const out = fileURLToPath(new URL('../src/check/schema/catalogs/', import.meta.url));
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'kprod-catalogs-'));
try {
  for (const { kube, client } of CLIENTS) {
    const dir = join(work, client);
    mkdirSync(dir);
    const tarball = execFileSync(
      'npm',
      ['pack', `@kubernetes/client-node@${client}`, '--silent', '--pack-destination', dir],
      { encoding: 'utf8' },
    ).trim();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir]);
    const catalog = buildKubeCatalog(join(dir, 'package'));
    const minor = /(\d+\.\d+)/.exec(catalog.openapi)?.[1];
    if (minor !== kube) {
      throw new Error(`client-node ${client} is generated from ${catalog.openapi}, not ${kube}`);
    }
    const text = JSON.stringify(catalog);
    writeFileSync(join(out, `kube-${kube}.json`), `${text}\n`);
    const kinds = Object.values(catalog.kinds).reduce((n, k) => n + Object.keys(k).length, 0);
    stdout.write(
      `kube-${kube}.json: client-node ${client} (${catalog.openapi}), ${kinds} kinds, ` +
        `${Object.keys(catalog.types).length} types, ${Math.round(text.length / 1024)} KiB\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
