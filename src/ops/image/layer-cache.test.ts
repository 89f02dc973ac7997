import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerCacheKey, writeLayerCached } from './layer-cache.js';
import type { LayerEntry } from './layer-tar.js';

describe('writeLayerCached', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-layer-cache-'));
  const cache = join(dir, 'cache');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function entry(name: string): Promise<LayerEntry> {
    const source = join(dir, name);
    const stats = await lstat(source, { bigint: true });
    return {
      path: `app/${name}`,
      type: 'file',
      source,
      size: Number(stats.size),
      executable: false,
      stamp: `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`,
    };
  }

  it('should reuse a layer whose files are unchanged and write it again when one changed', async () => {
    writeFileSync(join(dir, 'a.js'), 'one');
    const first = await writeLayerCached('x', [await entry('a.js')], join(dir, '1.tgz'), cache);
    const again = await writeLayerCached('x', [await entry('a.js')], join(dir, '2.tgz'), cache);
    expect(first.fromCache).toBe(false);
    expect(again).toEqual({ layer: first.layer, fromCache: true });

    writeFileSync(join(dir, 'a.js'), 'two');
    const changed = await writeLayerCached('x', [await entry('a.js')], join(dir, '3.tgz'), cache);
    expect(changed.fromCache).toBe(false);
    expect(changed.layer.digest).not.toBe(first.layer.digest);
  });

  it('should write the layer anew when the cached bytes no longer match their digest', async () => {
    writeFileSync(join(dir, 'b.js'), 'three');
    const entries = [await entry('b.js')];
    const first = await writeLayerCached('y', entries, join(dir, '4.tgz'), cache);
    writeFileSync(join(cache, `y-${layerCacheKey(entries) ?? ''}.tar.gz`), 'garbage');
    const again = await writeLayerCached('y', entries, join(dir, '5.tgz'), cache);
    expect(again).toEqual({ layer: first.layer, fromCache: false });
  });

  it('should keep three layers per name', async () => {
    for (const content of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      writeFileSync(join(dir, 'c.js'), content);
      await writeLayerCached('z', [await entry('c.js')], join(dir, 'c.tgz'), cache);
    }
    expect(readdirSync(cache).filter((f) => f.startsWith('z-')).length).toBe(6);
  });

  it('should write the layer anew when its cache record lacks a field', async () => {
    writeFileSync(join(dir, 'd.js'), 'four');
    const entries = [await entry('d.js')];
    const first = await writeLayerCached('v', entries, join(dir, '6.tgz'), cache);
    const partial: Record<string, unknown> = { ...first.layer };
    delete partial['diffId'];
    writeFileSync(join(cache, `v-${layerCacheKey(entries) ?? ''}.json`), JSON.stringify(partial));
    const again = await writeLayerCached('v', entries, join(dir, '7.tgz'), cache);
    expect(again).toEqual({ layer: first.layer, fromCache: false });
  });

  it('should prune past a cache record that is not JSON, as the oldest', async () => {
    writeFileSync(join(cache, 'w-broken.json'), '{not json');
    writeFileSync(join(cache, 'w-broken.tar.gz'), 'garbage');
    for (const content of ['w1', 'w2', 'w3', 'w4']) {
      writeFileSync(join(dir, 'w.js'), content);
      await writeLayerCached('w', [await entry('w.js')], join(dir, 'w.tgz'), cache);
    }
    const kept = readdirSync(cache).filter((f) => f.startsWith('w-'));
    expect(kept.length).toBe(6);
    expect(kept).not.toContain('w-broken.json');
  });

  it('should not cache entries without stamps', () => {
    expect(
      layerCacheKey([{ path: 'a', type: 'file', source: '/a', size: 1, executable: false }]),
    ).toBeUndefined();
  });
});
