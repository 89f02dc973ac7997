import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { KprodError } from '../../errors.js';
import { readBodyHead } from '../../kube/read-bounded-body.js';
import { sha256Digest } from './oci-image.js';
import type { RegistryClient } from './registry-client.js';

/**
 * Pushing through the distribution API: a blob is first looked for (HEAD), then mounted from
 * the base image's repository when both live in the same registry, and only then uploaded
 * (POST for an upload session, PUT with the digest). Manifests go last, so a tag never points
 * at missing blobs.
 */

/** How a blob reached the target repository. */
export type BlobOutcome = 'present' | 'mounted' | 'uploaded';

/** Where a blob's bytes come from when it must be uploaded. */
export type BlobSource =
  | { kind: 'file'; path: string }
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'registry'; client: RegistryClient; repository: string };

/** Bytes of an error answer read for its message; the message quotes the first 200 characters. */
const ERROR_BODY_BYTES = 4 << 10;

async function unexpected(res: Response, client: RegistryClient, what: string): Promise<never> {
  // An error page is quoted, not required: a long one is cut, never a reason to fail differently.
  const head = await readBodyHead(res, ERROR_BODY_BYTES);
  const text = head.length > 200 ? `${head.slice(0, 200)}…` : head;
  throw new KprodError(
    'REGISTRY_UNREACHABLE',
    `${client.registry} answered ${res.status} for ${what}${text === '' ? '' : `: ${text.replace(/\p{Cc}/gu, ' ')}`}`,
  );
}

/** True when `repository` already has the blob. */
export async function blobExists(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<boolean> {
  const what = `the blob ${digest} in ${repository}`;
  const res = await client.send({ method: 'HEAD', path: `${repository}/blobs/${digest}`, what });
  await res.body?.cancel();
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  return unexpected(res, client, what);
}

async function bodyOf(
  source: BlobSource,
  digest: string,
  size: number,
): Promise<Buffer | ReadableStream<Uint8Array>> {
  switch (source.kind) {
    case 'bytes':
      return source.bytes;
    case 'file':
      // Type only: @types/node gives toWeb's stream `any` chunks; a file stream yields Buffers.
      return Readable.toWeb(createReadStream(source.path)) as ReadableStream<Uint8Array>;
    case 'registry': {
      const what = `the blob ${digest} of ${source.repository}`;
      const res = await source.client.send({
        method: 'GET',
        path: `${source.repository}/blobs/${digest}`,
        large: true,
        what,
      });
      if (!res.ok || res.body === null) return unexpected(res, source.client, what);
      const declared = Number(res.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared !== size) {
        await res.body.cancel();
        throw new KprodError(
          'REGISTRY_UNREACHABLE',
          `${source.client.registry} sent ${declared} bytes for ${what}, its manifest says ${size}`,
        );
      }
      // The target registry checks the digest of what it receives, which bounds the size too.
      return res.body;
    }
  }
}

/**
 * Makes sure `repository` has the blob: present already, mounted from `mountFrom` (same
 * registry), or uploaded from `source`.
 */
export async function pushBlob(
  client: RegistryClient,
  repository: string,
  blob: { digest: string; size: number },
  source: BlobSource,
  mountFrom?: string,
): Promise<BlobOutcome> {
  if (await blobExists(client, repository, blob.digest)) return 'present';
  const query =
    mountFrom === undefined || mountFrom === repository
      ? ''
      : `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}`;
  const what = `an upload of ${blob.digest} to ${repository}`;
  const start = await client.send({
    method: 'POST',
    path: `${repository}/blobs/uploads/${query}`,
    what,
  });
  await start.body?.cancel();
  if (start.status === 201) return 'mounted';
  if (start.status !== 202) return unexpected(start, client, what);
  const location = start.headers.get('location');
  if (location === null) {
    throw new KprodError('REGISTRY_UNREACHABLE', `${client.registry} gave no upload location`);
  }
  const url = new URL(location, `${client.origin}/v2/`);
  url.searchParams.set('digest', blob.digest);
  const put = await client.send({
    method: 'PUT',
    path: url.href,
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(blob.size),
    },
    body: await bodyOf(source, blob.digest, blob.size),
    large: true,
    what,
  });
  await (put.status === 201 ? put.body?.cancel() : unexpected(put, client, what));
  return 'uploaded';
}

/** Puts a manifest or index under a tag or digest and checks the digest the registry computed. */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
): Promise<string> {
  const what = `the manifest ${repository}:${reference}`;
  const res = await client.send({
    method: 'PUT',
    path: `${repository}/manifests/${reference}`,
    headers: { 'Content-Type': mediaType },
    body: bytes,
    what,
  });
  if (res.status !== 201) return unexpected(res, client, what);
  await res.body?.cancel();
  const digest = sha256Digest(bytes);
  const answered = res.headers.get('docker-content-digest');
  if (answered !== null && answered !== digest) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `${client.registry} stored ${what} as ${answered}, not ${digest}`,
    );
  }
  return digest;
}
