import { describe, expect, it } from 'vitest';
import { resolvePlainScalar } from './fast-schema.js';
import { goYamlNumber, isGoYamlInt } from './go-yaml-numbers.js';
import { loadManifestText } from './load.js';

/** A plain scalar and what kubectl's YAML reader (go-yaml) makes of it. */
const SCALARS: readonly [string, number | string][] = [
  ['420', 420],
  ['0644', 420],
  ['0777', 511],
  ['0o644', 420],
  ['0O644', 420],
  ['0x1A4', 420],
  ['0b110100100', 420],
  ['-0644', -420],
  ['+0x1F', 31],
  ['0_644', 420],
  ['1_000', 1000],
  ['0', 0],
  ['-0', 0],
  ['00', 0],
  ['08', 8],
  ['0_9', 9],
  ['1e3', 1000],
  ['1.5', 1.5],
  ['1.', 1],
  ['.5', 0.5],
  ['+.5', 0.5],
  ['.5_5', 0.55],
  ['9223372036854775807', 2 ** 63],
  ['18446744073709551615', 2 ** 64],
  ['99999999999999999999', 1e20],
  ['.inf', Infinity],
  ['-.Inf', -Infinity],
  ['.nan', NaN],
  // Strings there.
  ['1:20', '1:20'],
  ['190:20:30.15', '190:20:30.15'],
  ['0x', '0x'],
  ['0xFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFF'],
  ['+0xFFFFFFFFFFFFFFFF', '+0xFFFFFFFFFFFFFFFF'],
  ['1e400', '1e400'],
  ['.', '.'],
  ['._5', '._5'],
  ['_1', '_1'],
  ['1.2.3', '1.2.3'],
  ['100m', '100m'],
  ['2024-01-01', '2024-01-01'],
  ['-.NaN', '-.NaN'],
];

describe('numbers as kubectl reads them', () => {
  it.each(SCALARS)('should read %s as %s', (scalar, expected) => {
    expect(goYamlNumber(scalar) ?? scalar).toStrictEqual(expected);
    expect(resolvePlainScalar(scalar)).toStrictEqual(expected);
  });

  it.each(SCALARS)(
    'should read %s alike in both readers, with and without anchors',
    (scalar, expected) => {
      const text = (anchor: string) =>
        `apiVersion: v1\nkind: X\nmetadata: ${anchor}{ name: a }\nv: ${scalar}\nlist: [${scalar}]\n`;
      for (const anchor of ['', '&m ']) {
        const [read] = loadManifestText(text(anchor), 'n.yaml');
        expect([read?.object['v'], read?.object['list']]).toStrictEqual([expected, [expected]]);
      }
    },
  );

  it('should tell integers from floats as go-yaml does', () => {
    expect(['0644', '0x1F', '1_0', '-9223372036854775808'].map(isGoYamlInt)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['08', '1e3', '1.', '.5', '-9223372036854775809', 'a1'].map(isGoYamlInt)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
