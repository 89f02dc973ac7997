import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { indexLines, scanFieldLine } from './line-scan.js';

/** Every field path of a YAML node with the 0-based line yaml gives it. */
function fieldLines(node: unknown, counter: LineCounter, prefix: (string | number)[] = []) {
  const out: [(string | number)[], number][] = [];
  const lineOf = (n: Node): number => counter.linePos(n.range?.[0] ?? 0).line - 1;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const path = [...prefix, String(pair.key.value)];
      out.push([path, lineOf(pair.key)], ...fieldLines(pair.value, counter, path));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = [...prefix, i];
      out.push([path, lineOf(item as Node)], ...fieldLines(item, counter, path));
    });
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('scanFieldLine', () => {
  it.each([
    ['a key', ['kind'], 1],
    ['a nested key', ['metadata', 'name'], 3],
    ['a list item', ['spec', 'containers', 1], 10],
    ['a key in a list item', ['spec', 'containers', 1, 'image'], 11],
    ['a list at its key indent', ['spec', 'containers', 0, 'args', 1], 9],
    ['a key after a block scalar', ['data', 'b'], 16],
    ['an absent key', ['metadata', 'labels'], undefined],
    ['an absent item', ['spec', 'containers', 2], undefined],
    ['a path into a flow mapping', ['spec', 'containers', 1, 'ports', 0], null],
  ] as const)('should find %s', (_name, path, expected) => {
    const lines = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '    - name: a',
      '      args:',
      '      - x',
      '      - y',
      '    - name: b',
      '      image: nginx',
      '      ports: [{ containerPort: 80 }]',
      'data:',
      '  a: |',
      '    b: not a key',
      '  b: 2',
    ];
    expect(scanFieldLine(indexLines(lines), path)).toBe(expected);
  });

  it('should agree with the yaml document model on every field of the repository manifests', () => {
    const dirs = [
      join(ROOT, 'deploy'),
      join(ROOT, 'test/fixtures'),
      join(ROOT, 'test/fixtures/check/guide'),
    ];
    let answered = 0;
    let total = 0;
    for (const file of dirs.flatMap(yamlFiles)) {
      const text = readFileSync(file, 'utf8');
      const counter = new LineCounter();
      const docs = parseAllDocuments(text, { lineCounter: counter });
      if (!Array.isArray(docs)) continue;
      const allLines = text.split('\n');
      for (const doc of docs) {
        const [start, end] = doc.range;
        const startLine = counter.linePos(start).line - 1;
        const endLine = counter.linePos(end).line;
        const index = indexLines(allLines.slice(startLine, endLine));
        for (const [path, line] of fieldLines(doc.contents, counter)) {
          total += 1;
          const scanned = scanFieldLine(index, path);
          if (scanned === null) continue;
          answered += 1;
          expect({
            file,
            path,
            line: scanned === undefined ? undefined : scanned + startLine,
          }).toEqual({ file, path, line });
        }
      }
    }
    expect(total).toBeGreaterThan(1000);
    expect(answered / total).toBeGreaterThan(0.8);
  });
});
