import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './text-diff.js';

/** What GNU diff -u prints for the same texts, without its timestamped header lines. */
function gnuDiff(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-diff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    let out = '';
    try {
      execFileSync('diff', ['-u', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
    } catch (error) {
      out = (error as { stdout: string }).stdout;
    }
    return out.split('\n').slice(2).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lines = (n: number, change: Record<number, string> = {}, drop: number[] = []): string =>
  Array.from({ length: n }, (_, i) => i + 1)
    .filter((i) => !drop.includes(i))
    .map((i) => change[i] ?? `line ${i}`)
    .join('\n') + '\n';

describe('unifiedDiff', () => {
  it('should print nothing for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { from: 'live', to: 'merged' })).toBe('');
  });

  it.each([
    ['one change in the middle', lines(10), lines(10, { 5: 'five' })],
    ['two changes far apart', lines(30), lines(30, { 3: 'three', 25: 'x' })],
    ['two changes close together', lines(20), lines(20, { 5: 'a', 10: 'b' })],
    ['a removal and an addition at the end', lines(8), lines(8, {}, [2]) + 'new\n'],
    ['from empty', '', 'a\nb\n'],
    ['to empty', 'a\nb\n', ''],
    // A ConfigMap may hold 1 MiB: tens of thousands of lines must diff in bounded memory.
    ['40,000 lines with two changes', lines(40_000), lines(40_000, { 7: 'seven', 39_000: 'x' })],
  ])('should print what diff -u prints: %s', (_, a, b) => {
    const ours = unifiedDiff(a, b, { from: 'a', to: 'b' });
    expect(ours.split('\n').slice(0, 2)).toEqual(['--- a', '+++ b']);
    expect(ours.split('\n').slice(2).join('\n')).toBe(gnuDiff(a, b));
  });
});
