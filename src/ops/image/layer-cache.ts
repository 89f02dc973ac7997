import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  GZIP_LEVEL,
  LAYER_MTIME,
  type LayerEntry,
  normaliseEntries,
  writeLayer,
} from './layer-tar.js';
import type { BuiltLayer } from './oci-image.js';
import { numberAt, stringAt } from '../../kube/field-access.js';

/**
 * Keeps the layers of earlier builds so a build whose files did not change (the dependencies
 * layer across most commits, everything on a rebuild) does not tar and compress them again. The
 * key is every entry's path and kind with, for files, the inode, size, modification and change
 * times in nanoseconds, as git's index decides a file is unchanged; a cached layer is used only
 * when its bytes still hash to the digest recorded with it.
 */

/** Layers kept per layer name (the newest by write time). */
const KEEP_PER_NAME = 3;
/** Changes when the layer format changes, so old entries are never reused. */
const FORMAT = `kprod-layer-1:${GZIP_LEVEL}:${LAYER_MTIME.getTime()}`;

/** The cache key of a layer's entries; undefined when a file has no stamp (never cached). */
export function layerCacheKey(entries: readonly LayerEntry[]): string | undefined {
  const hash = createHash('sha256').update(FORMAT);
  for (const entry of normaliseEntries(entries)) {
    let detail = '';
    if (entry.type === 'file') {
      if (entry.stamp === undefined) return undefined;
      detail = `${entry.executable ? 'x' : '-'}:${entry.source}:${entry.stamp}`;
    } else if (entry.type === 'symlink') {
      detail = entry.target;
    }
    hash.update(`${entry.type}\0${entry.path}\0${detail}\n`);
  }
  return hash.digest('hex');
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return `sha256:${hash.digest('hex')}`;
}

/** A cache record as written: the layer, or undefined when a field is missing or of a wrong type. */
function decodeCachedLayer(value: unknown): BuiltLayer | undefined {
  const name = stringAt(value, 'name');
  const digest = stringAt(value, 'digest');
  const diffId = stringAt(value, 'diffId');
  const size = numberAt(value, 'size');
  if (name === undefined || digest === undefined || diffId === undefined || size === undefined) {
    return undefined;
  }
  return { name, digest, diffId, size };
}

/** When a cache record was written (epoch ms); 0 for one that cannot be read, so it goes first. */
async function writtenAt(file: string): Promise<number> {
  try {
    return numberAt(JSON.parse(await readFile(file, 'utf8')), 'writtenAt') ?? 0;
  } catch {
    return 0;
  }
}

async function cached(dir: string, name: string, key: string): Promise<BuiltLayer | undefined> {
  try {
    const layer = decodeCachedLayer(
      JSON.parse(await readFile(join(dir, `${name}-${key}.json`), 'utf8')),
    );
    if (layer === undefined) return undefined;
    if ((await sha256File(join(dir, `${name}-${key}.tar.gz`))) === layer.digest) return layer;
  } catch {
    // no entry, or an unreadable one: the layer is written anew
  }
  return undefined;
}

async function prune(dir: string, name: string): Promise<void> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.startsWith(`${name}-`) && d.name.endsWith('.json'))
    .map((d) => d.name);
  const stamped = await Promise.all(
    files.map(async (file) => ({ file, time: await writtenAt(join(dir, file)) })),
  );
  stamped.sort((a, b) => b.time - a.time);
  for (const { file } of stamped.slice(KEEP_PER_NAME)) {
    const stem = file.slice(0, -'.json'.length);
    await rm(join(dir, `${stem}.json`), { force: true });
    await rm(join(dir, `${stem}.tar.gz`), { force: true });
  }
}

/**
 * Writes the layer to `file`, or copies it from `cacheDir` when the same entries were written
 * before. `cacheDir` undefined: no cache. Returns the layer and whether it came from the cache.
 */
export async function writeLayerCached(
  name: string,
  entries: readonly LayerEntry[],
  file: string,
  cacheDir: string | undefined,
): Promise<{ layer: BuiltLayer; fromCache: boolean }> {
  const key = cacheDir === undefined ? undefined : layerCacheKey(entries);
  if (cacheDir === undefined || key === undefined) {
    return { layer: await writeLayer(name, entries, file), fromCache: false };
  }
  const hit = await cached(cacheDir, name, key);
  if (hit !== undefined) {
    await copyFile(join(cacheDir, `${name}-${key}.tar.gz`), file);
    return {
      layer: { name, digest: hit.digest, diffId: hit.diffId, size: hit.size },
      fromCache: true,
    };
  }
  const layer = await writeLayer(name, entries, file);
  try {
    await mkdir(cacheDir, { recursive: true });
    // Written under a private name and renamed, so a concurrent build never reads half a file.
    const stem = join(cacheDir, `${name}-${key}`);
    const partial = `${stem}.${process.pid}.partial`;
    await copyFile(file, partial);
    await rename(partial, `${stem}.tar.gz`);
    await writeFile(partial, JSON.stringify({ ...layer, writtenAt: Date.now() }));
    await rename(partial, `${stem}.json`);
    await prune(cacheDir, name);
  } catch {
    // A cache that cannot be written (read-only checkout) only costs time on the next build.
  }
  return { layer, fromCache: false };
}
