import { describe, expect, it } from 'vitest';
import { compareQuantities, formatQuantity, parseQuantity, quantitySign } from './quantity.js';

describe('formatQuantity', () => {
  it.each([
    ['100m', '100m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500', '1500'],
    ['1.5k', '1500'],
    ['1000', '1k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['512', '512'],
    ['-1Gi', '-1Gi'],
    ['2e3', '2e3'],
    ['0', '0'],
  ])('should print %s as %s, as the API server does', (text, printed) => {
    const q = parseQuantity(text);
    expect(q === undefined ? undefined : formatQuantity(q)).toBe(printed);
  });

  it('should compare across notations and refuse what is not a quantity', () => {
    const a = parseQuantity('1Gi');
    const b = parseQuantity('1073741824');
    const c = parseQuantity('1G');
    if (a === undefined || b === undefined || c === undefined) throw new Error('unparsed');
    expect(compareQuantities(a, b)).toBe(0);
    expect(compareQuantities(c, a)).toBe(-1);
    expect(parseQuantity('1 Gi')).toBeUndefined();
    expect(parseQuantity('1Gb')).toBeUndefined();
  });
});

describe('quantitySign', () => {
  const rows: [unknown, number | undefined][] = [
    ['500m', 1],
    [2, 1],
    ['-2Gi', -1],
    ['0', 0],
    ['-0.0', 0],
    ['.5', 1],
    ['1e3', 1],
    ['1xyz', undefined],
    ['lots', undefined],
    [null, undefined],
  ];
  it.each(rows)('should give the sign of %j as %s', (value, expected) => {
    expect(quantitySign(value)).toBe(expected);
  });
});

describe('parseQuantity', () => {
  it('should give the same reading of a text asked again, as a number or a string', () => {
    const first = parseQuantity('250m');
    expect(first).toEqual({ nanos: 250_000_000n, format: 'decimalSI' });
    expect(parseQuantity('250m')).toEqual(first);
    expect(parseQuantity(2)).toEqual({ nanos: 2_000_000_000n, format: 'decimalSI' });
    expect(parseQuantity('2')).toEqual(parseQuantity(2));
    expect(parseQuantity('2 Gi')).toBeUndefined();
    expect(parseQuantity('2 Gi')).toBeUndefined();
  });
});
