import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { BuiltLayer } from './oci-image.js';

/**
 * Writes one image layer as a gzipped tar the same way every time: entries sorted by path,
 * every parent directory present, owner root (0:0) with no user or group names, modes reduced
 * to 0755/0644, one fixed modification time, and a gzip stream with a fixed header. Only the
 * files' contents and names change the digest.
 */

/** The modification time of every entry: 1970-01-01T00:00:01Z (0 reads as "unset" to some tools). */
export const LAYER_MTIME = new Date(1000);
/** Compression level, fixed because it changes the bytes and so the digest. */
export const GZIP_LEVEL = 6;
/** gzip header OS byte: 3 (Unix) on every machine, as zlib writes a different one on Windows. */
const GZIP_OS_UNIX = 3;

/** One entry of a layer: a path inside the image (no leading slash) and what it is. */
export type LayerEntry =
  | { path: string; type: 'directory' }
  | {
      path: string;
      type: 'file';
      source: string;
      size: number;
      executable: boolean;
      /** inode, size, mtime and ctime in ns: unchanged means the same content (layer cache). */
      stamp?: string;
    }
  | { path: string; type: 'symlink'; target: string };

/** Adds the missing parent directories and sorts by path, so parents come before children. */
export function normaliseEntries(entries: readonly LayerEntry[]): LayerEntry[] {
  const byPath = new Map<string, LayerEntry>();
  for (const entry of entries) {
    byPath.set(entry.path, entry);
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, type: 'directory' });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function headerOf(entry: LayerEntry): tar.Header {
  const header: tar.Header = {
    // Directories end in a slash, as tar and the container runtimes write them.
    name: entry.type === 'directory' ? `${entry.path}/` : entry.path,
    type: 'directory',
    mode: 0o755,
    size: 0,
    linkname: '',
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    devmajor: 0,
    devminor: 0,
    mtime: LAYER_MTIME,
  };
  if (entry.type === 'symlink')
    return { ...header, type: 'symlink', mode: 0o777, linkname: entry.target };
  if (entry.type === 'file') {
    return { ...header, type: 'file', mode: entry.executable ? 0o755 : 0o644, size: entry.size };
  }
  return header;
}

/** Hashes what passes through; `onFirst` may rewrite the first chunk before it is hashed. */
class HashTap extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private first = true;

  constructor(private readonly onFirst?: (chunk: Buffer) => Buffer) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = chunk;
    if (this.first && this.onFirst !== undefined) data = this.onFirst(chunk);
    this.first = false;
    this.hash.update(data);
    this.size += data.length;
    done(null, data);
  }
}

function fixGzipHeader(chunk: Buffer): Buffer {
  // The OS byte (offset 9) is outside the CRCs, so it can be set after compression.
  if (chunk.length < 10 || chunk[0] !== 0x1f || chunk[1] !== 0x8b) return chunk;
  const copy = Buffer.from(chunk);
  copy[9] = GZIP_OS_UNIX;
  return copy;
}

/**
 * Writes `entries` as a layer to `file` and returns its digests. A file whose size changed
 * since it was listed fails the build (tar-stream checks the size), so a layer never holds a
 * half-written file.
 */
export async function writeLayer(
  name: string,
  entries: readonly LayerEntry[],
  file: string,
): Promise<BuiltLayer> {
  const pack = tar.pack();
  const diff = new HashTap();
  const compressed = new HashTap(fixGzipHeader);
  const written = pipeline(
    pack,
    diff,
    createGzip({ level: GZIP_LEVEL }),
    compressed,
    createWriteStream(file),
  );
  const adding = (async () => {
    for (const entry of normaliseEntries(entries)) {
      const header = headerOf(entry);
      const body = entry.type === 'file' ? await readFile(entry.source) : undefined;
      if (entry.type === 'file' && body !== undefined && body.length !== entry.size) {
        throw new Error(`${entry.source} changed size while the layer was written`);
      }
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error | null): void => {
          if (error) reject(error);
          else resolve();
        };
        if (body === undefined) pack.entry(header, done);
        else pack.entry(header, body, done);
      });
    }
    pack.finalize();
  })();
  try {
    await Promise.all([adding, written]);
  } catch (error) {
    pack.destroy(error as Error);
    throw error;
  }
  return {
    name,
    diffId: `sha256:${diff.hash.digest('hex')}`,
    digest: `sha256:${compressed.hash.digest('hex')}`,
    size: compressed.size,
  };
}
