import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KprodError } from '../errors.js';
import { decodeManifestBytes, loadManifestPaths, streamManifestPaths } from './load-paths.js';
import type { SourceObject } from './source-object.js';

describe('decodeManifestBytes', () => {
  it('should refuse binary content with the line of the first NUL byte', () => {
    expect(() => decodeManifestBytes(Buffer.from('a: 1\nb: \u0000\n'), 'x.yaml')).toThrow(
      'x.yaml:2: binary content, not UTF-8 YAML or JSON',
    );
  });

  it('should refuse invalid UTF-8', () => {
    expect(() => decodeManifestBytes(Buffer.from([0x61, 0xff, 0xfe]), 'x.yaml')).toThrow(
      'x.yaml: binary content, not UTF-8 YAML or JSON',
    );
  });

  it('should refuse content over the size limit', () => {
    const error = (() => {
      try {
        decodeManifestBytes(new Uint8Array(32 * 1024 * 1024 + 1), 'big.yaml');
      } catch (e) {
        return e as KprodError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('MANIFEST_NOT_TEXT');
    expect(error?.message).toBe(
      'big.yaml: 33554433 bytes is more than the 33554432 bytes kprod reads',
    );
  });
});

describe('loadManifestPaths', () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('should walk directories recursively in sorted order, reading only manifest files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-load-'));
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, '.hidden'));
    writeFileSync(join(dir, 'b.yaml'), cm('b'));
    writeFileSync(join(dir, 'a.yml'), cm('a'));
    writeFileSync(
      join(dir, 'sub', 'c.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [a.yml]\n');
    writeFileSync(join(dir, '.kprod.yaml'), 'severity: {}\n');
    writeFileSync(join(dir, '.hidden', 'd.yaml'), cm('d'));
    writeFileSync(join(dir, 'config.yml'), 'routes:\n  /a: { response: x }\n');
    const skipped: string[] = [];
    const objects = await loadManifestPaths([dir], { onSkip: (file) => skipped.push(file) });
    expect(skipped).toEqual([join(dir, 'config.yml')]);
    await expect(loadManifestPaths([join(dir, 'config.yml')])).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
    });
    expect(objects.map((o) => [o.object.metadata?.name, o.file])).toEqual([
      ['a', join(dir, 'a.yml')],
      ['b', join(dir, 'b.yaml')],
      ['c', join(dir, 'sub', 'c.json')],
    ]);
  });

  it('should read "-" from stdin as <stdin>', async () => {
    const stdin = new PassThrough();
    stdin.end(cm('from-stdin'));
    const objects = await loadManifestPaths(['-'], { stdin });
    expect(objects.map((o) => [o.object.metadata?.name, o.file, o.line])).toEqual([
      ['from-stdin', '<stdin>', 1],
    ]);
  });

  it('should report a missing path as KPROD_INPUT_UNREADABLE', async () => {
    await expect(loadManifestPaths(['/nonexistent/x.yaml'])).rejects.toMatchObject({
      code: 'KPROD_INPUT_UNREADABLE',
      message: '/nonexistent/x.yaml: no such file or directory',
      exitCode: 2,
    });
  });
});

const PATHS = [['metadata', 'name'], ['data'], ['data', 'key-2'], ['data', 'key-1999']];

/**
 * Writes `files` into `dir` and streams it: the detached copy of each object, in reading order,
 * with the lines of {@link PATHS} that the object found when it was read.
 */
async function linesReadAndDetached(
  dir: string,
  files: Record<string, string>,
): Promise<Map<SourceObject, (number | undefined)[]>> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const expected = new Map<SourceObject, (number | undefined)[]>();
  await streamManifestPaths(
    [dir],
    (source) => {
      const lines = PATHS.map((path) => source.lineOf(path));
      expected.set(source.detach!({ kind: 'ConfigMap', metadata: {} }), lines);
    },
    { cwd: dir },
  );
  return expected;
}

/** Looks the detached copies up again in `order`: each finds the lines found when read. */
function expectLinesAgain(
  expected: Map<SourceObject, (number | undefined)[]>,
  order: readonly number[],
): void {
  const detached = [...expected.keys()];
  for (const i of order) {
    const source = detached[i]!;
    expect([source.file, PATHS.map((path) => source.lineOf(path))]).toEqual([
      source.file,
      expected.get(source),
    ]);
  }
}

describe('streamManifestPaths', () => {
  it('should hand over objects one by one, whose detached copies find lines in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-stream-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      '\uFEFF# first\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  k: v\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: two\nspec:\n  ports:\n    - port: 80\n',
    );
    const seen: string[] = [];
    const detached: SourceObject[] = [];
    const count = await streamManifestPaths(
      [dir],
      (source) => {
        seen.push(`${String(source.object.kind)}:${source.line}`);
        detached.push(source.detach!({ kind: 'x', metadata: {} }));
      },
      { cwd: dir },
    );
    expect(count).toBe(2);
    expect(seen).toEqual(['ConfigMap:2', 'Service:9']);
    expect(detached.map((d) => [d.object.kind, d.line, d.lineOf(['metadata', 'name'])])).toEqual([
      ['x', 2, 5],
      ['x', 9, 12],
    ]);
    expect(detached[1]!.lineOf(['spec', 'ports', 0, 'port'])).toBe(15);
    expect(detached[0]!.lineOf(['data', 'missing'])).toBeUndefined();
  });

  it('should find the same lines in detached copies when lookups go from file to file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-reread-'));
    const doc = (name: string, keys: number, note = ''): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations: { note: "${note}" }\ndata:\n${Array.from({ length: keys }, (_, k) => `  key-${k}: value ${k}\n`).join('')}`;
    const files = {
      // ASCII, then ASCII after a byte order mark (read in pieces), then wider characters
      // (read whole); one document of the first longer than the first piece read.
      'a.yaml': ['a-0', 'a-1', 'a-2'].map((n, i) => doc(n, i === 1 ? 2_000 : 3)).join('---\n'),
      'b.yaml': `\uFEFF${['b-0', 'b-1', 'b-2'].map((n) => doc(n, 4)).join('--- # next\n')}`,
      'c.yaml': ['c-0', 'c-1'].map((n) => doc(n, 5, 'café ✓')).join('---\n\n'),
    };
    const expected = await linesReadAndDetached(dir, files);
    const detached = [...expected.keys()];
    expect(detached).toHaveLength(8);
    // Every lookup goes to another file than the one before.
    expectLinesAgain(expected, [0, 3, 6, 1, 4, 7, 2, 5, 0, 6, 3, 1, 7, 4]);
    expect(expected.get(detached[1]!)).toEqual([14, 16, 19, 2016]);
  });

  it('should find the lines of detached List items in the items read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-reread-list-'));
    const item = (name: string, keys: number): string =>
      `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n${Array.from({ length: keys }, (_, k) => `    key-${k}: value ${k}\n`).join('')}`;
    const configMap = (name: string, keys: number) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data: Object.fromEntries(Array.from({ length: keys }, (_, k) => [`key-${k}`, `value ${k}`])),
    });
    const files = {
      // The second item is longer than the first piece read; items after it end the pieces.
      'a.yaml': `apiVersion: v1\nitems:\n${item('a-0', 3)}${item('a-1', 2_000)}${item('a-2', 3)}kind: List\nmetadata: {}\n`,
      'b.json': JSON.stringify(
        { apiVersion: 'v1', kind: 'List', items: [configMap('b-0', 3), configMap('b-1', 2_000)] },
        null,
        4,
      ),
    };
    const expected = await linesReadAndDetached(dir, files);
    expectLinesAgain(expected, [0, 3, 1, 4, 2, 0, 4]);
    expect([...expected.values()]).toEqual([
      [6, 7, 10, undefined],
      [14, 15, 18, 2015],
      [2019, 2020, 2023, undefined],
      [9, 11, 14, undefined],
      [21, 23, 26, 2023],
    ]);
  });
});
