/**
 * Keeps the architecture by a test instead of by memory: every import in src/ must point down the
 * layers `cli → service | clients | check | ops → kube → manifest → errors`, and no module may
 * reach itself through its imports. Test files may also import the helpers in test/ and scripts/,
 * and a sibling area to judge their output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** The rank of each top-level area: an import must go to a lower rank or stay in its area. */
const LAYERS: Readonly<Record<string, number>> = {
  cli: 5,
  service: 4,
  clients: 4,
  check: 4,
  ops: 4,
  kube: 3,
  manifest: 2,
  errors: 1,
};

/** One relative import: the importing file and the file it names (paths relative to src/). */
interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `src/a/b.ts` → `a/b.ts`, with forward slashes on every platform. */
function srcPath(path: string): string {
  return relative(SRC, path).split(sep).join('/');
}

/** Every relative import, re-export and dynamic import() of every .ts file below src/. */
function importEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return info.importedFiles
      .map((ref) => ref.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => ({
        from: srcPath(file),
        to: relative(SRC, resolve(dirname(file), name.replace(/\.js$/, '.ts')))
          .split(sep)
          .join('/'),
      }));
  });
}

/** The area of a path below src/: its first folder, or the file name without `.test.ts`/`.ts`. */
function areaOf(path: string): string {
  const first = path.split('/')[0] ?? path;
  return first.replace(/(?:\.test)?\.ts$/, '');
}

/** The imports that break the layering, as `from → to` lines. */
function layeringViolations(edges: readonly Edge[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const test = from.endsWith('.test.ts');
      // Tests may use the test helpers, and check generated files against the generators.
      if (to.startsWith('../test/') || to.startsWith('../scripts/')) return !test;
      if (to.startsWith('../')) return true;
      const [a, b] = [areaOf(from), areaOf(to)];
      if (a === b) return false;
      const [rankA, rankB] = [LAYERS[a], LAYERS[b]];
      if (rankA === undefined || rankB === undefined) return true;
      // A test may judge its output with a sibling area (release manifests with kprod check).
      return test ? rankA < rankB : rankA <= rankB;
    })
    .map(({ from, to }) => `${from} → ${to}`);
}

/** Each import cycle (a strongly connected set of files, Tarjan's algorithm), sorted. */
function importCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member !== undefined) {
        onStack.delete(member);
        group.push(member);
      }
    } while (member !== undefined && member !== node);
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (group.length > 1 || selfLoop) cycles.push(group.sort());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('layeringViolations', () => {
  it('should flag an import up the layers, across sibling areas and out of src', () => {
    expect(
      layeringViolations([
        { from: 'cli/set.ts', to: 'ops/kube.ts' },
        { from: 'ops/rollout/apply.ts', to: 'kube/field-access.ts' },
        { from: 'check/run-check.ts', to: 'check/finding.ts' },
        { from: 'manifest/load.ts', to: 'errors.ts' },
        { from: 'ops/kube.ts', to: 'cli/main.ts' },
        { from: 'check/finding.ts', to: 'ops/kube.ts' },
        { from: 'kube/duration.ts', to: 'ops/kube.ts' },
        { from: 'ops/kube.test.ts', to: '../test/support/kube-double.ts' },
        { from: 'ops/kube.ts', to: '../test/support/kube-double.ts' },
        { from: 'ops/release/traffic/traffic.test.ts', to: 'check/run-check.ts' },
        { from: 'kube/duration.test.ts', to: 'ops/kube.ts' },
        { from: 'errors.test.ts', to: 'errors.ts' },
      ]),
    ).toEqual([
      'ops/kube.ts → cli/main.ts',
      'check/finding.ts → ops/kube.ts',
      'kube/duration.ts → ops/kube.ts',
      'ops/kube.ts → ../test/support/kube-double.ts',
      'kube/duration.test.ts → ops/kube.ts',
    ]);
  });
});

describe('importCycles', () => {
  it('should find each cycle once and no acyclic chain', () => {
    expect(
      importCycles([
        { from: 'a.ts', to: 'b.ts' },
        { from: 'b.ts', to: 'c.ts' },
        { from: 'c.ts', to: 'a.ts' },
        { from: 'c.ts', to: 'd.ts' },
        { from: 'd.ts', to: 'e.ts' },
        { from: 'f.ts', to: 'f.ts' },
      ]),
    ).toEqual([['a.ts', 'b.ts', 'c.ts'], ['f.ts']]);
  });
});

describe('the imports of src/', () => {
  const edges = importEdges();

  it('should be read from the sources', () => {
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/run-cli.ts' });
    expect(edges).toContainEqual({ from: 'cli/commands.ts', to: 'cli/check.ts' });
  });

  it('should follow the layering cli → service | clients | check | ops → kube → manifest → errors', () => {
    expect(layeringViolations(edges)).toEqual([]);
  });

  it('should form no cycle', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it('should leave re-exports of our own modules to index.ts files', () => {
    const reExporting = sourceFiles(SRC)
      .filter((file) => !file.endsWith(`${sep}index.ts`))
      .filter((file) =>
        /^export\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+'\./m.test(readFileSync(file, 'utf8')),
      )
      .map(srcPath);
    expect(reExporting).toEqual([]);
  });
});
