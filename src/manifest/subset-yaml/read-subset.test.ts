import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FAST_SCHEMA } from '../fast-schema.js';
import { readSubset } from './read-subset.js';

/** Reads `text`, checks js-yaml reads the same, and returns the value. */
function read(text: string): unknown {
  const result = readSubset(text);
  expect(result.declined).toBeUndefined();
  const value = result.declined === undefined ? result.value : undefined;
  expect(value).toStrictEqual(jsyaml.load(text, { schema: FAST_SCHEMA }));
  return value;
}

describe('readSubset', () => {
  it.each([
    ['a: 1\nb:\n  c: x\n  d: [1, 2]\n', { a: 1, b: { c: 'x', d: [1, 2] } }],
    ['- a\n- b: 1\n  c: 2\n- - x\n  - w\n', ['a', { b: 1, c: 2 }, ['x', 'w']]],
    ['a:\n- x\n- w\nb: 2', { a: ['x', 'w'], b: 2 }],
    ['a:\n  - x\n  -   k: 1\n      z: 2\n', { a: ['x', { k: 1, z: 2 }] }],
    ['a:\nb: ""\nc: \'\'\n-\n'.replace('-\n', 'd:\n  -\n'), { a: null, b: '', c: '', d: [null] }],
    ['---\na: 1\n', { a: 1 }],
    ['--- # first\n# note\na: 1 # one\n\n  # indented comment\nb: 2\n', { a: 1, b: 2 }],
    ['  a: 1\n  b: 2\n', { a: 1, b: 2 }],
    ['a: 1\r\nb:\r\n  c: "x"\r\n', { a: 1, b: { c: 'x' } }],
    ['a: x  \nb: w   # c\n', { a: 'x', b: 'w' }],
  ])('should read the block structure of %j', (text, expected) => {
    expect(read(text)).toStrictEqual(expected);
  });

  it.each([
    ['yes', true],
    ['Yes', true],
    ['on', true],
    ['ON', true],
    ['y', true],
    ['n', false],
    ['off', false],
    ['False', false],
    ['yEs', 'yEs'],
    ['~', null],
    ['null', null],
    ['Null', null],
    ['nULL', 'nULL'],
    ['0x1F', 31],
    ['0o17', 15],
    // kubectl reads a leading zero as octal, and drops underscores.
    ['017', 15],
    ['0b101', 5],
    ['-0x10', -16],
    ['0x', '0x'],
    ['1e3', 1000],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['-0', 0],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.NaN', NaN],
    ['-.NaN', '-.NaN'],
    ['+1', 1],
    ['1_000', 1000],
    ['1e400', '1e400'],
    ['99999999999999999999', 1e20],
    ['12:30', '12:30'],
    ['2024-01-01', '2024-01-01'],
    ['100m', '100m'],
    ['-Xmx512m', '-Xmx512m'],
    ['a b', 'a b'],
    ['a#b', 'a#b'],
    ['a:b', 'a:b'],
    ['http://x:80/y?q=1', 'http://x:80/y?q=1'],
    ['<<', '<<'],
    ['"1"', '1'],
    ["'it''s'", "it's"],
    ['"\\u00e9\\t"', 'é\t'],
    ['"a\\"b\\\\c\\x41\\U0001F600\\n"', 'a"b\\cA😀\n'],
    ['"a # b"', 'a # b'],
    ["'a: b'", 'a: b'],
    ['[]', []],
    ['{}', {}],
    ['[a, [b, c], {d: 1}]', ['a', ['b', 'c'], { d: 1 }]],
    ['{ a: [1, 2], "b": c, \'d\': yes }', { a: [1, 2], b: 'c', d: true }],
    ['[-1, -a, "x, y"]', [-1, '-a', 'x, y']],
    ['{ path: /ready, port: http }', { path: '/ready', port: 'http' }],
  ])('should resolve the value %s as js-yaml does', (scalar, expected) => {
    expect(read(`v: ${scalar}\n`)).toStrictEqual({ v: expected });
  });

  it.each([
    ['on', 'true'],
    ['1', '1'],
    ['0x10', '16'],
    ['~', 'null'],
    ['1.0', '1'],
    ['"a: b"', 'a: b'],
    ["'#x'", '#x'],
    ['a#b', 'a#b'],
    ['/route1', '/route1'],
  ])('should read the key %s as the string %s', (key, expected) => {
    expect(read(`${key}: v\n`)).toStrictEqual({ [expected]: 'v' });
  });

  it.each([
    ['|\n  a\n   b\n\n  c\n', 'a\n b\n\nc\n'],
    ['|-\n  a\n\n', 'a'],
    ['|+\n  a\n\n\n', 'a\n\n\n'],
    ['|2\n   a\n', ' a\n'],
    ['|1-\n  a\n', ' a'],
    ['>\n  a\n  b\n\n  c\n   d\n  e\n', 'a b\nc\n d\ne\n'],
    ['>-\n  a\n\n\n  b\n', 'a\n\nb'],
    ['| # note\n  # not a comment\n', '# not a comment\n'],
    ['|\n\n\n  a\n', '\n\na\n'],
    ['|\n  a', 'a\n'],
    ['|\n  a\r\n  b\r\n', 'a\nb\n'],
  ])('should read the block scalar %j', (scalar, expected) => {
    expect(read(`v: ${scalar}`)).toStrictEqual({ v: expected });
  });

  it('should read a document longer than its line index had room for', () => {
    // Over 65,536 lines: the index is given back after such a document, so the next one this
    // long starts small again and must grow while it is read.
    const entry = (i: number): string => `k${i}:\n  - name: n${i} # c\n    v: [${i}, x]\n`;
    const text = Array.from({ length: 25_000 }, (_, i) => entry(i)).join('');
    for (let pass = 0; pass < 2; pass += 1) {
      const value = read(text) as Record<string, unknown>;
      expect(Object.keys(value)).toHaveLength(25_000);
      expect(value['k24999']).toStrictEqual([{ name: 'n24999', v: [24999, 'x'] }]);
    }
  });

  it('should decline a document nested deeper than the stack', () => {
    const depth = 100_000;
    expect(readSubset(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)).toStrictEqual({
      declined: 'too-deep',
    });
  });

  it('should end a block scalar at a less indented line and read on', () => {
    expect(read('a: |\n    x\n  # c\nb: 1\n')).toStrictEqual({ a: 'x\n', b: 1 });
    expect(read('- |\n x\n- >\n y\n')).toStrictEqual(['x\n', 'y\n']);
  });

  it.each([
    ['a: &x 1\nb: *x\n', 'anchor-alias-tag'],
    ['a: !!str 1\n', 'anchor-alias-tag'],
    ['a: 1\na: 2\n', 'duplicate-key'],
    ['1: a\n"1": b\n', 'duplicate-key'],
    ['{ a: 1, a: 2 }', 'syntax'],
    ['v: { a: 1, a: 2 }\n', 'duplicate-key'],
    ['<<: { a: 1 }\n', 'merge-key'],
    ['? a\n: b\n', 'complex-key'],
    ['[a]: b\n', 'syntax'],
    ['%YAML 1.1\n---\na: 1\n', 'directive-or-marker'],
    ['a: 1\n...\n', 'directive-or-marker'],
    ['--- a: 1\n', 'directive-or-marker'],
    ['a:\n\tb: 1\n', 'character'],
    ['a: "x\ty"\n', 'character'],
    ['a: 1\rb: 2\n', 'character'],
    ['a: x\n  y\n', 'multi-line-scalar'],
    ['a: "x\n  y"\n', 'multi-line-scalar'],
    ['a: [x,\n  y]\n', 'flow-multi-line'],
    ['a: [x, ]\n', 'syntax'],
    ['a: {b}\n', 'syntax'],
    ['a: "\\/"\n', 'escape'],
    ['a: "\\\'"\n', 'escape'],
    ['a: b: c\n', 'syntax'],
    ['a : b\n', 'syntax'],
    ['a: - b\n', 'syntax'],
    ['a:\n    b: 1\n  c: 2\n', 'indentation'],
    ['a: |\nx\n', 'syntax'],
    // js-yaml reads `[[null, null]]` here: the outer item joins the inner sequence.
    ['-\n  -\n-\n', 'indentation'],
    ['- - \n- x\n', 'indentation'],
    ['- a\n b\n', 'multi-line-scalar'],
    ['plain\n', 'syntax'],
    ['', 'not-a-collection'],
    ['# only\n', 'not-a-collection'],
    ['__proto__: 1\n', 'syntax'],
  ])('should decline %j (%s)', (text, reason) => {
    expect(readSubset(text)).toStrictEqual({ declined: reason });
  });
});
