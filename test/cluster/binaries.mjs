// Builds the local control plane's programs from their Go modules with an ordinary `go build`:
// etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kubectl of one pinned
// Kubernetes release (./go.mod), and kwok (./kwok/go.mod, its own module so its newer
// dependencies do not change what Kubernetes is built with), and stern (./stern/go.mod), the
// peer kprod logs is compared with. A stamp of the go.mod/go.sum files
// skips the build when nothing changed; Go's own build cache makes a rebuild after a change fast.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const CLUSTER_DIR = dirname(fileURLToPath(import.meta.url));
export const BIN_DIR = join(CLUSTER_DIR, 'bin');

/** The Kubernetes release the control plane runs; must match ./go.mod's k8s.io/kubernetes. */
export const KUBERNETES_VERSION = 'v1.36.3';

/** Binary name → [module directory, package]. */
const PROGRAMS = {
  etcd: ['.', 'go.etcd.io/etcd/server/v3'],
  'kube-apiserver': ['.', 'k8s.io/kubernetes/cmd/kube-apiserver'],
  'kube-controller-manager': ['.', 'k8s.io/kubernetes/cmd/kube-controller-manager'],
  'kube-scheduler': ['.', 'k8s.io/kubernetes/cmd/kube-scheduler'],
  kubectl: ['.', 'k8s.io/kubernetes/cmd/kubectl'],
  kwok: ['kwok', 'sigs.k8s.io/kwok/cmd/kwok'],
  // The peer `kprod logs` is compared with, in its own module as well.
  stern: ['stern', 'github.com/stern/stern'],
};

/** Path of a built program. */
export function binary(name) {
  return join(BIN_DIR, name);
}

function kubernetesLdflags() {
  // What the release build stamps in, so /version, kubectl's skew check and the compatibility
  // version report the release rather than v0.0.0.
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const pkg = 'k8s.io/component-base/version';
  return [
    '-s',
    '-w',
    `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
    `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
  ].join(' ');
}

function stampOf(moduleDir, ldflags) {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) {
    hash.update(readFileSync(join(CLUSTER_DIR, moduleDir, file)));
  }
  hash.update(ldflags);
  return hash.digest('hex');
}

/**
 * Builds whatever is missing or stale, printing one line per module. Throws with Go's output
 * when a build fails.
 */
export function ensureBinaries(log = (line) => process.stderr.write(`${line}\n`)) {
  mkdirSync(BIN_DIR, { recursive: true });
  const byModule = new Map();
  for (const [name, [moduleDir, pkg]] of Object.entries(PROGRAMS)) {
    const list = byModule.get(moduleDir) ?? [];
    list.push([name, pkg]);
    byModule.set(moduleDir, list);
  }
  for (const [moduleDir, programs] of byModule) {
    const ldflags = moduleDir === '.' ? kubernetesLdflags() : '-s -w';
    const stamp = stampOf(moduleDir, ldflags);
    const stampFile = join(BIN_DIR, `.stamp-${moduleDir === '.' ? 'kubernetes' : moduleDir}`);
    const fresh =
      existsSync(stampFile) &&
      readFileSync(stampFile, 'utf8') === stamp &&
      programs.every(([name]) => existsSync(binary(name)));
    if (fresh) continue;
    const started = Date.now();
    log(
      `building ${programs.map(([name]) => name).join(', ')} (go build; first time takes minutes)`,
    );
    const goBuild = (pkg, out) =>
      execFileSync(
        'go',
        ['build', '-mod=readonly', '-trimpath', `-ldflags=${ldflags}`, '-o', out, pkg],
        {
          cwd: join(CLUSTER_DIR, moduleDir),
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
        },
      );
    // One `go build` per program: `-o DIR` with several packages names each binary after its
    // package's last path element, which for etcd is "v3".
    for (const [name, pkg] of programs) goBuild(pkg, binary(name));
    writeFileSync(stampFile, stamp);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBinaries();
}
