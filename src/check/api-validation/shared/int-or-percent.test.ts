import { describe, expect, it } from 'vitest';
import { intOrPercentValue, validateIntOrPercent } from './int-or-percent.js';

describe('validateIntOrPercent', () => {
  const rows: [unknown, string[]][] = [
    [2, []],
    [0, []],
    [-1, ['must be greater than or equal to 0']],
    ['50%', []],
    ['100%', []],
    ['101%', ['must not be greater than 100%']],
    [
      '5',
      [
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ],
    ],
    [true, []],
  ];
  it.each(rows)('should judge %j', (value, details) => {
    expect(validateIntOrPercent(value, ['spec', 'maxUnavailable']).map((e) => e.detail)).toEqual(
      details,
    );
  });
});

describe('intOrPercentValue', () => {
  it.each([
    [3, 3],
    ['25%', 25],
    ['7', 7],
    ['x%', 0],
    [null, 0],
  ])('should read %j as %d', (value, expected) => {
    expect(intOrPercentValue(value)).toBe(expected);
  });
});
