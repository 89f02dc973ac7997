// `npm run gen:catalogs`: writes src/check/schema/catalogs/kube-<minor>.json, the field catalog of
// each supported Kubernetes version, from the OpenAPI v3 documents of the pinned k8s.io/kubernetes
// release of that version (kube-releases.mjs; Go fetches the module into its module cache). The
// catalogs are committed, so kprod check never downloads anything; a test rebuilds the newest and
// the oldest and compares. Run it after changing the release table, then commit the JSON files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { buildKubeCatalog } from './kube-catalog.mjs';
import { KUBE_RELEASES, kubeOpenapiDir } from './kube-releases.mjs';

const out = fileURLToPath(new URL('../src/check/schema/catalogs/', import.meta.url));
mkdirSync(out, { recursive: true });
for (const [index, release] of KUBE_RELEASES.entries()) {
  const next = KUBE_RELEASES[index + 1];
  const catalog = buildKubeCatalog(
    kubeOpenapiDir(release),
    `k8s.io/kubernetes@${release.module}`,
    next === undefined ? undefined : kubeOpenapiDir(next),
  );
  const text = JSON.stringify(catalog);
  writeFileSync(join(out, `kube-${release.kube}.json`), `${text}\n`);
  const kinds = Object.values(catalog.kinds).reduce((n, k) => n + Object.keys(k).length, 0);
  stdout.write(
    `kube-${release.kube}.json: ${catalog.source}, ${kinds} kinds, ` +
      `${Object.keys(catalog.types).length} types, ${Math.round(text.length / 1024)} KiB\n`,
  );
}
