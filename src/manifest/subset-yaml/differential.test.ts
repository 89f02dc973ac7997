import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareDocument, newTally, tallyFile } from './differential.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'coverage', '.run', 'bin']);

function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** A small deterministic generator (mulberry32), so every run tries the same documents. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'a',
  'b',
  'name',
  'on',
  '1',
  '~',
  '"q"',
  "'s'",
  'a#b',
  'x y',
  '-k',
  '0x10',
  '/p',
  '"a\\"b"',
  "'a''b'",
  '"1"',
  'yes',
  '1e3',
  'a b ',
  '"a"b',
  '<<',
  '? a',
  'a:b',
];
const SCALARS = [
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'true',
  'TRUE',
  '~',
  'null',
  'NULL',
  '0x1F',
  '0o17',
  '017',
  '0b11',
  '1e3',
  '1.5',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.NaN',
  '-.NaN',
  '+1',
  '-0',
  '1_000',
  '1e400',
  '12:30',
  '2024-01-01',
  'a b',
  'a#b',
  'a #b',
  'a:b',
  'a: b',
  'http://x:1/y',
  '-1',
  '-a',
  '- a',
  '<<',
  '"1"',
  "'it''s'",
  '"\\u00e9\\t"',
  '"a\\"b"',
  '"\\x41"',
  '""',
  "''",
  '"a #b"',
  "'a: b'",
  '[a, b]',
  '[]',
  '{}',
  '{ a: 1, b: [x, y] }',
  '[a, ]',
  '{a}',
  '[a: b]',
  '{ "k": v }',
  '[a, [b, {c: d}]]',
  '&x a',
  '*x',
  '!t a',
  '?a',
  ':a',
  '%a',
  '@a',
  '"a',
  "'a",
  'a\tb',
  '"\\/"',
  '|',
  '>',
  '|-',
  '>+',
  '|2',
  '>1-',
  '| # c',
  '|x',
];
const BLOCK_LINES = ['text', '  more', '', '   ', '# hash', 'a: b', '   deep'];

/** One small document made of the constructs above, at random, with random slips of indent. */
function generate(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const lines: string[] = [];
  const node = (indent: number, depth: number, dash: boolean): void => {
    const pad = ' '.repeat(indent);
    const entries = 1 + Math.floor(next() * 3);
    for (let i = 0; i < entries; i += 1) {
      const head = dash ? `${pad}- ` : `${pad}${pick(KEYS)}:`;
      const shape = next();
      if (shape < 0.5 || depth > 2) {
        const value = pick(SCALARS);
        lines.push(dash ? `${head}${value}` : `${head} ${value}`);
        if (value.startsWith('|') || value.startsWith('>')) {
          const count = Math.floor(next() * 4);
          for (let j = 0; j < count; j += 1) lines.push(`${pad}  ${pick(BLOCK_LINES)}`);
        }
      } else if (shape < 0.6) {
        lines.push(head.trimEnd());
      } else if (shape < 0.8) {
        lines.push(head.trimEnd());
        node(indent + (next() < 0.2 ? 0 : 2), depth + 1, true);
      } else {
        lines.push(head.trimEnd());
        node(indent + 2, depth + 1, false);
      }
      if (next() < 0.1) lines.push(`${pad}# comment`);
      if (next() < 0.05) lines.push('');
    }
  };
  node(0, 0, next() < 0.2);
  const slipped = lines.map((line) => {
    const r = next();
    if (r < 0.03) return ` ${line}`;
    if (r < 0.05) return `${line}  `;
    if (r < 0.06) return `${line} # c`;
    return line;
  });
  const text = `${next() < 0.2 ? '---\n' : ''}${slipped.join('\n')}\n`;
  return next() < 0.1 ? text.replaceAll('\n', '\r\n') : text;
}

describe('compareDocument', () => {
  it('should find the subset reader equal to js-yaml on every YAML file of the repository', () => {
    const tally = newTally();
    const files = yamlFiles(ROOT);
    for (const file of files) tallyFile(tally, file, readFileSync(file, 'utf8'));
    expect(tally.mismatches).toStrictEqual([]);
    expect(files.some((file) => file.endsWith('bench-objects.yaml'))).toBe(true);
    // Most of the repository's manifests are within the subset.
    expect(tally.accepted).toBeGreaterThan(tally.documents * 0.8);
  });

  it('should find the subset reader equal to js-yaml on 4,000 generated documents', () => {
    const next = random(20261206);
    const outcomes: Record<string, number> = {};
    const mismatches: string[] = [];
    for (let i = 0; i < 4000; i += 1) {
      const text = generate(next);
      const result = compareDocument(text);
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome === 'mismatch') mismatches.push(text);
    }
    expect(mismatches).toStrictEqual([]);
    // Both sides of the line are exercised: many accepted, many declined.
    expect(outcomes['equal']).toBeGreaterThan(400);
    expect(outcomes['declined']).toBeGreaterThan(400);
  });
});
