import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import {
  OCI_CONFIG,
  OCI_INDEX,
  OCI_LAYER,
  OCI_MANIFEST,
  type TestRegistry,
  pushBlob,
  pushManifest,
} from './registry.js';

/**
 * A small base image made here, standing in for distroless (no registry on the internet is
 * reachable from tests): one layer with /etc/passwd (user nonroot 65532), /etc/os-release and an
 * empty /nodejs/bin, a config with distroless's environment, entrypoint and Cmd, pushed for
 * linux/amd64 and linux/arm64 under an OCI index.
 */

/** What was pushed. */
export interface TestBaseImage {
  /** `host/repository:tag`. */
  reference: string;
  /** Digest of the index. */
  digest: string;
  /** Per architecture: manifest digest, layer digest and diff id, config. */
  platforms: Record<
    string,
    { manifest: string; layer: { digest: string; size: number; diffId: string }; config: object }
  >;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function tarOf(files: Record<string, string>, directories: string[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const ended = new Promise<void>((resolve) => pack.on('end', resolve));
  const mtime = new Date(Date.UTC(2024, 0, 1));
  for (const name of directories) {
    pack.entry({ name, type: 'directory', mode: 0o755, mtime });
  }
  for (const [name, content] of Object.entries(files)) {
    pack.entry({ name, mode: 0o644, mtime }, content);
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** Pushes the base image to `repository:tag` and returns its digests. */
export async function pushTestBaseImage(
  registry: TestRegistry,
  repository: string,
  tag: string,
): Promise<TestBaseImage> {
  const platforms: TestBaseImage['platforms'] = {};
  const entries: object[] = [];
  for (const architecture of ['amd64', 'arm64']) {
    const layerTar = await tarOf(
      {
        'etc/passwd':
          'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
        'etc/os-release': `NAME="kprod test base"\nID=kprod-test\nARCH=${architecture}\n`,
      },
      ['etc/', 'home/', 'home/nonroot/', 'nodejs/', 'nodejs/bin/'],
    );
    const layer = gzipSync(layerTar);
    const layerDigest = await pushBlob(registry, repository, layer);
    const config = {
      architecture,
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config: {
        User: '0',
        Env: [
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
        ],
        Entrypoint: ['/nodejs/bin/node'],
        Cmd: ['--version'],
        WorkingDir: '/home/nonroot',
        Labels: { 'org.example.base': 'kprod-test' },
      },
      rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
      history: [{ created: '2024-01-01T00:00:00Z', created_by: 'kprod test base' }],
    };
    const configBytes = Buffer.from(JSON.stringify(config));
    const configDigest = await pushBlob(registry, repository, configBytes);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_CONFIG, digest: configDigest, size: configBytes.length },
      layers: [{ mediaType: OCI_LAYER, digest: layerDigest, size: layer.length }],
    };
    const manifestDigest = await pushManifest(
      registry,
      repository,
      `${tag}-${architecture}`,
      OCI_MANIFEST,
      manifest,
    );
    platforms[architecture] = {
      manifest: manifestDigest,
      layer: { digest: layerDigest, size: layer.length, diffId: sha256(layerTar) },
      config,
    };
    entries.push({
      mediaType: OCI_MANIFEST,
      digest: manifestDigest,
      size: Buffer.byteLength(JSON.stringify(manifest)),
      platform: { architecture, os: 'linux' },
    });
  }
  const digest = await pushManifest(registry, repository, tag, OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: entries,
  });
  return { reference: `${registry.host}/${repository}:${tag}`, digest, platforms };
}
