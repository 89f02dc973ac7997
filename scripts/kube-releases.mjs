// The Kubernetes releases kprod check knows, one pinned patch release per minor version, and how
// to reach the OpenAPI documents of each: the k8s.io/kubernetes Go module of the release carries
// them (api/openapi-spec/v3), so `go mod download` fetches it from the Go module proxy into the
// module cache (or finds it there) and the sum below must match what Go reports, as a go.sum
// line would. To add a release: append a row (`go mod download -json k8s.io/kubernetes@vX.Y.Z`
// prints its Sum), run `npm run gen:catalogs`, add the minor to CATALOG_VERSIONS in
// src/check/schema/kube-catalog.ts, and commit the new catalog.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { env } from 'node:process';

/** @typedef {{ kube: string, module: string, sum: string }} KubeRelease */

/** @type {readonly KubeRelease[]} oldest first */
export const KUBE_RELEASES = [
  { kube: '1.29', module: 'v1.29.6', sum: 'h1:jn8kA/oVOAWZOeoorx6xZ4d+KgGp+Evgi90x9bEI/DE=' },
  { kube: '1.30', module: 'v1.30.14', sum: 'h1:MrlKXh9uhLIJpyxOeXhcndzRVSvwiV9iJ8NgH8nqPsg=' },
  { kube: '1.31', module: 'v1.31.14', sum: 'h1:UtjLfqvXLuSVDdJ4+NpQCIfFkKkLnAAVmxAEMsnkhjk=' },
  { kube: '1.32', module: 'v1.32.13', sum: 'h1:5TGYdZ6YZqdp6h/Rp1vX/4TIoybMPdgv97LCZCtPuNQ=' },
  { kube: '1.33', module: 'v1.33.13', sum: 'h1:bmH31xUdSzeA5vk0wZAK9MZp11mdLuzUSeKk0qN3hPQ=' },
  { kube: '1.34', module: 'v1.34.4', sum: 'h1:Yy6R4QB8C9kJPp25GFqEvX5XQwY5qzKeqD0Xx6oAcmk=' },
  { kube: '1.35', module: 'v1.35.4', sum: 'h1:o/8dBC/pHVpYoGV4OAIytAlNPZbdYVTXJHoYvXC4qzM=' },
  { kube: '1.36', module: 'v1.36.3', sum: 'h1:qDQdoMiluAE2Eab6Fa52YV+WjiGz9mZFFoagEA6cI+o=' },
  { kube: '1.37', module: 'v1.37.2', sum: 'h1:A2VDEiObzkYqFTKhSsn0ZEb0RlLEXpHWj93gi2HqEwE=' },
];

/** The Go toolchain: on PATH, or where the official archive installs it. */
export function goBinary() {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error(
    'Go is needed to fetch the Kubernetes OpenAPI documents: install it (.ci/run does)',
  );
}

/**
 * The api/openapi-spec/v3 folder of `release`, from the Go module cache (downloaded on first
 * use); throws when the module's sum differs from the pinned one.
 * @param {KubeRelease} release
 */
export function kubeOpenapiDir(release) {
  const out = execFileSync(
    goBinary(),
    ['mod', 'download', '-json', `k8s.io/kubernetes@${release.module}`],
    { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 20, cwd: '/' },
  );
  const info = JSON.parse(out);
  if (info.Error !== undefined)
    throw new Error(`k8s.io/kubernetes@${release.module}: ${info.Error}`);
  if (info.Sum !== release.sum) {
    throw new Error(
      `k8s.io/kubernetes@${release.module} has sum ${info.Sum}, pinned ${release.sum}: refusing it`,
    );
  }
  return join(info.Dir, 'api', 'openapi-spec', 'v3');
}
