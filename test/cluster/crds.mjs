// The CustomResourceDefinitions that kprod's manifests use, installed from their projects' own
// CRD YAML as shipped in their Go modules, at the versions pinned in ./crds/go.mod (and
// verified against its go.sum by `go mod download`).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR } from './binaries.mjs';

/** Module → the CRD files inside it that get installed. */
const SOURCES = {
  'sigs.k8s.io/gateway-api': (dir) => yamlFiles(join(dir, 'config', 'crd', 'standard')),
  'istio.io/api': (dir) => [join(dir, 'kubernetes', 'customresourcedefinitions.gen.yaml')],
  'github.com/prometheus-operator/prometheus-operator': (dir) =>
    yamlFiles(join(dir, 'example', 'prometheus-operator-crd')),
};

function yamlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * kwok's own Logs and ClusterLogs kinds (from the kwok module the control plane runs), so a
 * test can point a pod's container logs at a file of its own while the cluster runs.
 */
const KWOK_SOURCES = {
  'sigs.k8s.io/kwok': (dir) =>
    ['logs', 'clusterlogs'].map((kind) =>
      join(dir, 'kustomize', 'crd', 'bases', `kwok.x-k8s.io_${kind}.yaml`),
    ),
};

/** Directory of each pinned module, downloaded (or found in the module cache) by Go. */
function moduleDirs(moduleDir, modules) {
  const out = execFileSync('go', ['mod', 'download', '-json', ...modules], {
    cwd: join(CLUSTER_DIR, moduleDir),
    encoding: 'utf8',
    timeout: 600_000,
  });
  // `go mod download -json` prints one JSON object per module, back to back.
  const dirs = {};
  for (const match of out.matchAll(/"Path": "([^"]+)",[\s\S]*?"Dir": "([^"]+)"/g)) {
    dirs[match[1]] = match[2];
  }
  return dirs;
}

function filesOf(moduleDir, sources) {
  const dirs = moduleDirs(moduleDir, Object.keys(sources));
  return Object.entries(sources).flatMap(([module, files]) => {
    const dir = dirs[module];
    if (dir === undefined) throw new Error(`go mod download did not report ${module}`);
    return files(dir);
  });
}

/** The CRD files to install, in a stable order. */
export function crdFiles() {
  return [...filesOf('crds', SOURCES), ...filesOf('kwok', KWOK_SOURCES)];
}

/**
 * Installs every CRD with server-side apply (Istio's and prometheus-operator's are too large for
 * client-side apply's annotation) and waits until all are Established.
 */
export function installCrds(kubectl, log) {
  const files = crdFiles();
  for (const file of files) {
    kubectl(['apply', '--server-side', '--force-conflicts', '-f', file]);
  }
  kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=120s']);
  // Istio's own install makes istio-system, where the mesh's ingress Gateway objects live.
  kubectl(
    ['apply', '-f', '-'],
    '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"istio-system"}}',
  );
  log(
    `installed the CRDs of ${files.length} files (Gateway API, Istio, prometheus-operator, kwok logs)`,
  );
}
