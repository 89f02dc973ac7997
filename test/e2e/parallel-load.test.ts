/**
 * The two-thread reader of large inputs (loadManifestTextInParallel) must give exactly what the
 * one-thread reader gives: the same objects, lines and errors. Its worker only exists compiled,
 * so the parallel side is imported from dist/ (npm test builds first) and compared with the
 * sources' loadManifestText.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../src/check/report-json.js';
import { runCheck } from '../../src/check/run-check.js';
import { loadManifestText } from '../../src/manifest/load.js';
import type { SourceObject } from '../../src/manifest/source-object.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface DistLoad {
  loadManifestTextInParallel: (text: string, file: string) => Promise<SourceObject[]>;
  PARALLEL_MIN_BYTES: number;
}
interface DistWorker {
  canParseInWorker: () => boolean;
  parseInWorker: (texts: readonly string[]) => Promise<{ values: unknown[]; declined: number[] }>;
}

const dist = (path: string) => import(pathToFileURL(join(ROOT, 'dist', path)).href);

/** Documents of every shape the readers treat differently, repeated to pass the size limit. */
function documents(count: number): string[] {
  const shapes = [
    (i: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels: { app: web-${i} }\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: web:1.${i}\n          ports: [{ containerPort: 80 }]\n`,
    // An anchor: the thorough reader takes it.
    (i: number) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchored-${i}\n  labels: &l { app: a }\n  annotations: *l\ndata:\n  a: "1"\n`,
    // A List: expanded into items, by the thorough reader.
    (i: number) =>
      `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: svc-${i} }\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: svc-${i}-b }\n`,
    // Comments, a block scalar, YAML 1.1 booleans and a merge key.
    (i: number) =>
      `# leading comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  annotations:\n    on: yes\ndata:\n  config.yml: |\n    routes: ${i}\n    x: off\n`,
    // JSON.
    (i: number) => `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s-${i}"}}\n`,
    // An empty document.
    () => `# nothing here\n`,
  ];
  return Array.from({ length: count }, (_, i) => shapes[i % shapes.length]!(i));
}

function comparable(objects: readonly SourceObject[]) {
  return objects.map((o) => ({
    object: o.object,
    file: o.file,
    line: o.line,
    documentIndex: o.documentIndex,
    image: o.lineOf(['spec', 'template', 'spec', 'containers', 0, 'image']),
    name: o.lineOf(['metadata', 'name']),
    data: o.lineOf(['data', 'config.yml']),
  }));
}

describe('loadManifestTextInParallel', () => {
  it('should run where the tests run: two CPUs and the compiled worker', async () => {
    const worker = (await dist('manifest/parse-in-worker.js')) as DistWorker;
    expect(availableParallelism()).toBeGreaterThan(1);
    expect(worker.canParseInWorker()).toBe(true);
  });

  it('should give the objects, lines and fields of the one-thread reader', async () => {
    const { loadManifestTextInParallel, PARALLEL_MIN_BYTES } = (await dist(
      'manifest/load.js',
    )) as DistLoad;
    const text = documents(6000).join('---\n');
    expect(text.length).toBeGreaterThan(PARALLEL_MIN_BYTES);
    const parallel = await loadManifestTextInParallel(text, 'big.yaml');
    const serial = loadManifestText(text, 'big.yaml');
    expect(parallel.length).toBe(6000);
    expect(comparable(parallel)).toEqual(comparable(serial));
  });

  it('should report a syntax error in the worker half exactly as the one-thread reader', async () => {
    const { loadManifestTextInParallel } = (await dist('manifest/load.js')) as DistLoad;
    const docs = documents(6000);
    docs[5000] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  name: twice\n';
    const text = docs.join('---\n');
    const serial = (() => {
      try {
        loadManifestText(text, 'big.yaml');
      } catch (error) {
        return error as Error;
      }
      throw new Error('the one-thread reader accepted a duplicate key');
    })();
    await expect(loadManifestTextInParallel(text, 'big.yaml')).rejects.toThrow(serial.message);
    expect(serial.message).toMatch(/^big\.yaml:\d+:\d+: /);
  });
});

describe('parseInWorker', () => {
  it('should answer values and decline anchors, Lists and what js-yaml refuses', async () => {
    const { parseInWorker } = (await dist('manifest/parse-in-worker.js')) as DistWorker;
    const answer = await parseInWorker([
      'kind: A\nbig: .inf\nunknown: .nan\n',
      'a: &x 1\nb: *x\n',
      'kind: List\nitems: []\n',
      'a: [1\n',
      'flag: yes\n',
    ]);
    expect(answer.declined).toEqual([1, 2, 3]);
    // Structured clone keeps what JSON would lose.
    expect(answer.values[0]).toEqual({ kind: 'A', big: Infinity, unknown: NaN });
    expect(answer.values[4]).toEqual({ flag: true });
  });
});

describe('kprod check on a large file', () => {
  function kprodCheck(path: string) {
    return spawnSync(
      process.execPath,
      [join(ROOT, 'dist/cli/main.js'), 'check', path, '-o', 'json', '--fail-on', 'never'],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
  }

  function largeFile(docs: readonly string[]): string {
    const path = join(mkdtempSync(join(tmpdir(), 'kprod-large-')), 'big.yaml');
    writeFileSync(path, docs.join('---\n'));
    return path;
  }

  it('should print the report the one-thread engine computes', () => {
    const path = largeFile(documents(6000));
    const result = kprodCheck(path);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const objects = loadManifestText(readText(path), path);
    const findings = runCheck({ objects, options: { kubeVersion: '1.36', profile: 'default' } });
    expect(result.stdout).toBe(
      renderJsonReport(findings, { objects: objects.length, kubeVersion: '1.36' }),
    );
  });

  it('should exit 2 with the file and line of a duplicate key in the second half', () => {
    const docs = documents(6000);
    docs[5000] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  name: twice\n';
    const path = largeFile(docs);
    const result = kprodCheck(path);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    // The lines of the first 5000 documents, the `---` line, then the fifth line of the document.
    const line = docs.slice(0, 5000).join('---\n').split('\n').length + 5;
    expect(result.stderr).toContain(`MANIFEST_INVALID: ${path}:${line}:3: Map keys must be unique`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
