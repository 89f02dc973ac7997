import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestBaseImage, pushTestBaseImage } from '../support/base-image.js';
import { getBlob, getManifest, readTar, unpackLayers } from '../support/image-pull.js';
import { freePort } from '../support/prometheus.js';
import { REGISTRY_USER, type TestRegistry, startRegistry } from '../support/registry.js';
import { runKprod } from '../support/run-kprod.js';
import { spawnProgram } from '../support/service-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const SOURCE = ['--source', 'https://example.com/shop/multiroute'];
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  description: string;
};

interface BuildResult {
  reference: string;
  digest: string;
  mediaType: string;
  pinned: string;
  revision: string;
  created: string;
  base: { name: string; digest: string };
  platforms: { platform: string; digest: string; config: string }[];
  layers: { name: string; digest: string; diffId: string; size: number }[];
  blobs: { present: number; mounted: number; uploaded: number };
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', timeout: 60_000 }).trim();
}

/**
 * A clean copy of the built project: a git clone at the same commit, with dist/ and node_modules
 * copied in. The second variant keeps the original file times and loosens dist's modes, so the
 * two copies differ in everything but content.
 */
function cleanCopy(parent: string, name: string, variant: 'fresh' | 'preserved'): string {
  const dir = join(parent, name);
  git(['clone', '--quiet', '--no-checkout', ROOT, dir], parent);
  git(['checkout', '--quiet', '--detach', git(['rev-parse', 'HEAD'])], dir);
  for (const folder of ['dist', 'node_modules']) {
    cpSync(join(ROOT, folder), join(dir, folder), {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: variant === 'preserved',
    });
  }
  if (variant === 'preserved') {
    chmodSync(join(dir, 'dist/service/main.js'), 0o664);
    chmodSync(join(dir, 'dist/clients/probe-client.js'), 0o600);
  }
  return dir;
}

function dockerConfigDir(parent: string, registries: TestRegistry[]): string {
  const dir = join(parent, `docker-${registries.map((r) => r.host.split(':')[1]).join('-')}`);
  mkdirSync(dir, { recursive: true });
  const auth = Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString(
    'base64',
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: Object.fromEntries(registries.map((r) => [r.host, { auth }])) }),
  );
  return dir;
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

async function build(
  cwd: string,
  args: string[],
  docker: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runKprod(['image', 'build', ...args], {
    cwd,
    env: { DOCKER_CONFIG: docker, PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
  });
}

async function buildJson(cwd: string, args: string[], docker: string): Promise<BuildResult> {
  const run = await build(cwd, [...args, '-o', 'json'], docker);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as BuildResult;
}

describe('kprod image build', () => {
  let registry: TestRegistry;
  let base: TestBaseImage;
  let work: string;
  let docker: string;
  let copyA: string;
  let copyB: string;
  let first: BuildResult;
  const revision = git(['rev-parse', 'HEAD']);
  const created = new Date(Number(git(['log', '-1', '--format=%ct'])) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/service/main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does) before this test');
    }
    // Bearer tokens for every scope asked for: pushes, and pulls from the base repository.
    registry = await startRegistry('bearer', 'requested');
    base = await pushTestBaseImage(registry, 'base/node', '1');
    work = mkdtempSync(join(tmpdir(), 'kprod-image-build-'));
    docker = dockerConfigDir(work, [registry]);
    copyA = cleanCopy(work, 'a', 'fresh');
    copyB = cleanCopy(work, 'b', 'preserved');
    first = await buildJson(
      copyA,
      [`${registry.host}/shop/multiroute:1.0.0`, '--base', base.reference, ...SOURCE],
      docker,
    );
  }, 240_000);

  afterAll(async () => {
    await registry.stop();
    rmSync(work, { recursive: true, force: true });
  }, 120_000);

  it('should push a manifest whose config and layers are read back field by field', async () => {
    const amd64 = base.platforms['amd64']!;
    const manifest = await getManifest(registry, 'shop/multiroute', '1.0.0');
    const configBytes = await getBlob(registry, 'shop/multiroute', first.platforms[0]!.config);
    expect(manifest.mediaType).toBe(OCI_MANIFEST);
    expect(manifest.digest).toBe(first.digest);
    expect(first.pinned).toBe(`${registry.host}/shop/multiroute:1.0.0@${first.digest}`);
    const [dependencies, application] = first.layers;
    expect(first.layers.map((l) => l.name)).toEqual(['dependencies', 'application']);
    expect(manifest.body).toEqual({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: OCI_CONFIG,
        digest: first.platforms[0]!.config,
        size: configBytes.length,
      },
      layers: [
        { mediaType: OCI_LAYER, digest: amd64.layer.digest, size: amd64.layer.size },
        { mediaType: OCI_LAYER, digest: dependencies!.digest, size: dependencies!.size },
        { mediaType: OCI_LAYER, digest: application!.digest, size: application!.size },
      ],
      annotations: {
        'org.opencontainers.image.base.digest': base.digest,
        'org.opencontainers.image.base.name': `${registry.host}/base/node:1`,
      },
    });
    const config = JSON.parse(configBytes.toString('utf8')) as Record<string, unknown>;
    expect(config).toEqual({
      architecture: 'amd64',
      os: 'linux',
      created,
      config: {
        User: '65532:65532',
        Env: [
          'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
          'PATH=/nodejs/bin:/usr/local/bin:/usr/bin:/bin',
          'NODE_ENV=production',
          `GIT_COMMIT=${revision}`,
        ],
        Entrypoint: ['node', '/app/dist/service/main.js'],
        WorkingDir: '/app',
        Labels: {
          'org.example.base': 'kprod-test',
          'org.opencontainers.image.created': created,
          'org.opencontainers.image.description': PACKAGE.description,
          'org.opencontainers.image.licenses': 'Apache-2.0',
          'org.opencontainers.image.revision': revision,
          'org.opencontainers.image.source': 'https://example.com/shop/multiroute',
          'org.opencontainers.image.title': 'multiroute',
          'org.opencontainers.image.version': PACKAGE.version,
        },
        ExposedPorts: { '3000/tcp': {} },
      },
      rootfs: {
        type: 'layers',
        diff_ids: [amd64.layer.diffId, dependencies!.diffId, application!.diffId],
      },
      history: [
        { created: '2024-01-01T00:00:00Z', created_by: 'kprod test base' },
        { created, created_by: 'kprod image build (dependencies)' },
        { created, created_by: 'kprod image build (application)' },
      ],
    });
    expect(first.revision).toBe(revision);
    expect(first.base).toEqual({ name: `${registry.host}/base/node`, digest: base.digest });
    // The base layer came over by a cross-repository mount; the other three were uploaded.
    expect(first.blobs).toEqual({ present: 0, mounted: 1, uploaded: 3 });
  });

  it('should give the same digest when built again from another clean copy', async () => {
    const second = await buildJson(
      copyB,
      [`${registry.host}/shop/multiroute:again`, '--base', base.reference, ...SOURCE],
      docker,
    );
    expect(second.digest).toBe(first.digest);
    expect(second.layers).toEqual(first.layers);
    // Nothing is sent twice: every blob was already in the repository.
    expect(second.blobs).toEqual({ present: 4, mounted: 0, uploaded: 0 });
  }, 120_000);

  it('should write layers with sorted paths, root owner, fixed times and modes', async () => {
    const [dependencies, application] = first.layers;
    const appGz = await getBlob(registry, 'shop/multiroute', application!.digest);
    // gzip header: no file time, OS byte 3 (Unix).
    expect([...appGz.subarray(4, 10)]).toEqual([0, 0, 0, 0, 0, 3]);
    const app = await readTar(gunzipSync(appGz));
    const names = app.map((h) => h.name);
    // Sorted by path (a directory's trailing slash aside), so a parent precedes its children.
    const paths = names.map((n) => n.replace(/\/$/, ''));
    expect(paths).toEqual([...paths].sort());
    expect(names.slice(0, 3)).toEqual(['app/', 'app/dist/', 'app/dist/check/']);
    expect(names).toContain('app/dist/service/main.js');
    expect(names).toContain('app/dist/clients/two-port-server.js');
    expect(names).toContain('app/package.json');
    expect(names.filter((n) => /\.test\.|\.bench/.test(n))).toEqual([]);
    const main = app.find((h) => h.name === 'app/dist/service/main.js');
    expect(main).toMatchObject({
      type: 'file',
      mode: 0o644,
      uid: 0,
      gid: 0,
      uname: '',
      mtime: 1000,
    });
    expect(new Set(app.map((h) => `${h.uid}:${h.gid}:${h.uname}:${h.gname}:${h.mtime}`))).toEqual(
      new Set(['0:0:::1000']),
    );
    expect(new Set(app.map((h) => h.mode))).toEqual(new Set([0o755, 0o644]));

    const deps = await readTar(
      gunzipSync(await getBlob(registry, 'shop/multiroute', dependencies!.digest)),
    );
    const depNames = deps.map((h) => h.name);
    expect(depNames).toContain('app/node_modules/yaml/package.json');
    expect(depNames).toContain('app/node_modules/tar-stream/pack.js');
    // dev dependencies and npm's bookkeeping stay out
    expect(
      depNames.filter((n) => /node_modules\/(vitest|typescript-eslint|esbuild)\//.test(n)),
    ).toEqual([]);
    expect(depNames.filter((n) => /\/\.bin\/|\.package-lock\.json$/.test(n))).toEqual([]);
    const depPaths = depNames.map((n) => n.replace(/\/$/, ''));
    expect(depPaths).toEqual([...depPaths].sort());
  });

  it('should run the service from the unpacked layers and answer /readyz', async () => {
    const manifest = await getManifest(registry, 'shop/multiroute', first.digest);
    const layers = manifest.body['layers'] as { digest: string }[];
    const root = join(work, 'rootfs');
    const blobs = await Promise.all(
      layers.map((l) => getBlob(registry, 'shop/multiroute', l.digest)),
    );
    const diffIds = await unpackLayers(blobs, root);
    expect(diffIds).toEqual([
      base.platforms['amd64']!.layer.diffId,
      ...first.layers.map((l) => l.diffId),
    ]);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toContain('nonroot:x:65532:65532');
    const port = await freePort();
    const service = spawnProgram(join(root, 'app/dist/service/main.js'), [], {
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      GIT_COMMIT: revision,
    });
    try {
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (status !== 200) {
        if (Date.now() > deadline) {
          throw new Error(`no 200 on /readyz within 20 s: ${service.stdout()} ${service.stderr()}`);
        }
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain(revision);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 60_000);

  it('should make the probe client the entrypoint with --program, on the same layers', async () => {
    const probe = await buildJson(
      copyA,
      [
        `${registry.host}/shop/multiroute-probe:1.0.0`,
        '--base',
        base.reference,
        '--program',
        'multiroute-probe',
        ...SOURCE,
      ],
      docker,
    );
    expect(probe.layers).toEqual(first.layers);
    // Another repository: the base layer is mounted, kprod's layers and the config uploaded.
    expect(probe.blobs).toEqual({ present: 0, mounted: 1, uploaded: 3 });
    const config = JSON.parse(
      (await getBlob(registry, 'shop/multiroute-probe', probe.platforms[0]!.config)).toString(),
    ) as { config: { Entrypoint: string[]; Labels: Record<string, string> } };
    expect(config.config.Entrypoint).toEqual(['node', '/app/dist/clients/probe-client.js']);
    expect(config.config.Labels['org.opencontainers.image.title']).toBe('multiroute-probe');
  }, 120_000);

  it('should push an OCI index over one manifest per platform', async () => {
    const multi = await buildJson(
      copyA,
      [
        `${registry.host}/shop/multiroute:multi`,
        '--base',
        base.reference,
        '--platform',
        'linux/amd64,linux/arm64',
        ...SOURCE,
      ],
      docker,
    );
    expect(multi.mediaType).toBe(OCI_INDEX);
    const index = await getManifest(registry, 'shop/multiroute', 'multi');
    expect(index.digest).toBe(multi.digest);
    const sizes = await Promise.all(
      multi.platforms.map(
        async (p) => (await getManifest(registry, 'shop/multiroute', p.digest)).size,
      ),
    );
    expect(index.body['manifests']).toEqual(
      multi.platforms.map((p, i) => ({
        mediaType: OCI_MANIFEST,
        digest: p.digest,
        size: sizes[i],
        platform: { os: 'linux', architecture: p.platform.split('/')[1] },
      })),
    );
    expect(multi.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    // The amd64 image is the single-platform one; arm64 has its own base layer under ours.
    expect(multi.platforms[0]!.digest).toBe(first.digest);
    const arm = await getManifest(registry, 'shop/multiroute', multi.platforms[1]!.digest);
    expect((arm.body['layers'] as { digest: string }[]).map((l) => l.digest)).toEqual([
      base.platforms['arm64']!.layer.digest,
      ...first.layers.map((l) => l.digest),
    ]);
  }, 120_000);

  it('should copy the base from another registry and tag <git hash>-<build> when no tag is given', async () => {
    const other = await startRegistry('basic');
    try {
      const both = dockerConfigDir(work, [registry, other]);
      const run = await build(
        copyA,
        [
          `${other.host}/shop/multiroute`,
          '--base',
          base.reference,
          '--build-number',
          '42',
          ...SOURCE,
        ],
        both,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const tag = `${git(['rev-parse', '--short=7', 'HEAD'])}-42`;
      const lines = run.stdout.trimEnd().split('\n');
      expect(
        lines.map((l) =>
          l.replace(/sha256:[0-9a-f]{64}/g, 'D').replace(/\d+\.\d MB \(\d+ files/, 'N'),
        ),
      ).toEqual([
        `base ${registry.host}/base/node@D (linux/amd64)`,
        // copyA built before: both layers come from its layer cache
        'layer dependencies D N, cached)',
        'layer application D N, cached)',
        'blobs 4 uploaded, 0 mounted, 0 already there',
        `${other.host}/shop/multiroute:${tag}@D`,
      ]);
      expect(lastLine(run.stdout)).toBe(`${other.host}/shop/multiroute:${tag}@${first.digest}`);
      const manifest = await getManifest(other, 'shop/multiroute', tag);
      expect(manifest.digest).toBe(first.digest);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('should stop before any registry request when the project is not built', async () => {
    const empty = join(work, 'not-built');
    mkdirSync(empty);
    git(['init', '--quiet'], empty);
    writeFileSync(
      join(empty, 'package.json'),
      '{"name":"x","version":"1.0.0","bin":{"x":"dist/x.js"}}',
    );
    writeFileSync(join(empty, 'package-lock.json'), '{"lockfileVersion":3,"packages":{"":{}}}');
    git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.'], empty);
    git(
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'x'],
      empty,
    );
    // Port 9 (discard) on loopback: a request there would fail with REGISTRY_UNREACHABLE.
    const run = await build(
      empty,
      ['127.0.0.1:9/x:1', '--base', '127.0.0.1:9/base:1', '--program', 'x'],
      docker,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `kprod: IMAGE_PROJECT_NOT_BUILT: ${empty}: dist/ does not exist\n  hint: Run \`npm ci\` (it builds dist/) in the project directory, then build the image again.\n`,
    );
  });

  it.each([
    [
      'a platform the base lacks',
      ['--platform', 'linux/s390x'],
      'IMAGE_BASE_UNSUITABLE: <base> has no linux/s390x image (it has: linux/amd64, linux/arm64)',
    ],
    [
      'a malformed platform',
      ['--platform', 'amd64'],
      'KPROD_USAGE: --platform "amd64" is not os/arch[/variant] (e.g. linux/amd64)',
    ],
    [
      'an unknown program',
      ['--program', 'kprodd'],
      'KPROD_USAGE: --program kprodd is not a program of package.json "bin" (kprod, multiroute, multiroute-probe, multiroute-two-port)',
    ],
  ])('should exit 2 for %s', async (_what, args, message) => {
    const run = await build(
      copyA,
      [`${registry.host}/shop/multiroute:bad`, '--base', base.reference, ...args],
      docker,
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      `kprod: ${message.replace('<base>', `${registry.host}/base/node:1`)}`,
    );
    expect(run.stdout).toBe('');
  });
});
