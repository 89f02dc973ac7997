import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import type { TestRegistry } from './registry.js';

/**
 * Reading an image back from the test registry as a container runtime would: the manifest or
 * index by reference, blobs by digest (each checked against its digest), and the layers
 * unpacked in order into a root directory.
 */

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function auth(registry: TestRegistry, repository: string): Record<string, string> {
  const value = registry.adminAuthorization(repository);
  return value === undefined ? {} : { Authorization: value };
}

/** GETs a manifest or index; returns its parsed body, media type and digest of its bytes. */
export async function getManifest(
  registry: TestRegistry,
  repository: string,
  reference: string,
): Promise<{ body: Record<string, unknown>; mediaType: string; digest: string; size: number }> {
  const res = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
    headers: {
      ...auth(registry, repository),
      Accept: 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  if (res.status !== 200) throw new Error(`manifest ${reference}: ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    body: JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
    mediaType: res.headers.get('content-type') ?? '',
    digest: sha256(bytes),
    size: bytes.length,
  };
}

/** GETs a blob and checks that its bytes have the digest asked for. */
export async function getBlob(
  registry: TestRegistry,
  repository: string,
  digest: string,
): Promise<Buffer> {
  const res = await fetch(`${registry.url}/v2/${repository}/blobs/${digest}`, {
    headers: auth(registry, repository),
  });
  if (res.status !== 200) throw new Error(`blob ${digest}: ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (sha256(bytes) !== digest) throw new Error(`blob ${digest} has digest ${sha256(bytes)}`);
  return bytes;
}

/** One tar entry's header, as read back. */
export interface TarHeader {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  size: number;
  linkname: string;
}

/** Lists a tar's entries in order and, when `root` is given, writes them below it. */
export async function readTar(bytes: Buffer, root?: string): Promise<TarHeader[]> {
  const extract = tar.extract();
  const headers: TarHeader[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      headers.push({
        name: header.name,
        type: header.type,
        mode: header.mode,
        uid: header.uid,
        gid: header.gid,
        uname: header.uname,
        gname: header.gname,
        mtime: header.mtime.getTime(),
        size: header.size,
        linkname: header.linkname,
      });
      if (root !== undefined) {
        const path = normalize(join(root, header.name));
        if (!path.startsWith(root)) throw new Error(`${header.name} leaves the root`);
        if (header.type === 'directory') mkdirSync(path, { recursive: true });
        else if (header.type === 'symlink') {
          mkdirSync(dirname(path), { recursive: true });
          symlinkSync(header.linkname, path);
        } else {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, Buffer.concat(chunks), { mode: header.mode });
        }
      }
      next();
    });
  });
  extract.end(bytes);
  await done;
  return headers;
}

/** Unpacks gzipped layers in order into `root`; returns each layer's uncompressed digest. */
export async function unpackLayers(layers: readonly Buffer[], root: string): Promise<string[]> {
  const diffIds: string[] = [];
  for (const layer of layers) {
    const tarBytes = gunzipSync(layer);
    diffIds.push(sha256(tarBytes));
    await readTar(tarBytes, root);
  }
  return diffIds;
}
