import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LayerEntry, normaliseEntries, writeLayer } from './layer-tar.js';

describe('normaliseEntries', () => {
  it('should add missing parent directories and sort parents before children', () => {
    const entries: LayerEntry[] = [
      {
        path: 'app/node_modules/@scope/pkg/index.js',
        type: 'file',
        source: '/x',
        size: 1,
        executable: false,
      },
      { path: 'app/a-b', type: 'symlink', target: 'a' },
      { path: 'app/a/x', type: 'file', source: '/y', size: 1, executable: true },
    ];
    expect(normaliseEntries(entries).map((e) => `${e.type} ${e.path}`)).toEqual([
      'directory app',
      'directory app/a',
      'symlink app/a-b',
      'file app/a/x',
      'directory app/node_modules',
      'directory app/node_modules/@scope',
      'directory app/node_modules/@scope/pkg',
      'file app/node_modules/@scope/pkg/index.js',
    ]);
  });
});

describe('writeLayer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-layer-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, content: string, mtime: number): LayerEntry {
    const source = join(dir, name);
    writeFileSync(source, content);
    utimesSync(source, mtime, mtime);
    return {
      path: `app/${name}`,
      type: 'file',
      source,
      size: Buffer.byteLength(content),
      executable: false,
    };
  }

  it('should give the same digests for the same contents whatever the file times and order', async () => {
    const a = await writeLayer(
      'x',
      [file('one', 'hello', 1e9), file('two', 'world', 1e9)],
      join(dir, 'a.tgz'),
    );
    const b = await writeLayer(
      'x',
      [file('two', 'world', 2e9), file('one', 'hello', 3e9)],
      join(dir, 'b.tgz'),
    );
    expect(b).toEqual(a);
    const c = await writeLayer(
      'x',
      [file('one', 'hellO', 1e9), file('two', 'world', 1e9)],
      join(dir, 'c.tgz'),
    );
    expect(c.digest).not.toBe(a.digest);
    expect(c.diffId).not.toBe(a.diffId);
  });

  it('should fail when a file changed size after it was listed', async () => {
    const entry = file('three', 'abc', 1e9);
    writeFileSync(join(dir, 'three'), 'abcdef');
    await expect(writeLayer('x', [entry], join(dir, 'd.tgz'))).rejects.toThrow(
      `${join(dir, 'three')} changed size while the layer was written`,
    );
  });
});
