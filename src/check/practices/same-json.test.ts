import { describe, expect, it } from 'vitest';
import { sameJson } from './same-json.js';

describe('sameJson', () => {
  it.each([
    ['equal records', { a: 1, b: { c: [1, 'x'] } }, { a: 1, b: { c: [1, 'x'] } }],
    ['records with their keys in another order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['a record with one more key', { a: 1 }, { a: 1, b: 2 }],
    ['a key that is undefined (left out of JSON)', { a: 1, b: undefined }, { a: 1 }],
    ['lists of different lengths', [1, 2], [1, 2, 3]],
    ['an undefined list entry (null in JSON)', [undefined], [null]],
    ['a number and its text', { port: 80 }, { port: '80' }],
    ['zero and minus zero', [0], [-0]],
    ['a non-finite number (null in JSON)', [Number.NaN], [null]],
    ['a date and its ISO text', [new Date(0)], ['1970-01-01T00:00:00.000Z']],
    ['a list and a record', [], {}],
    ['null and an empty record', null, {}],
    ['records without a prototype', Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
  ])('should agree with JSON.stringify for %s', (_, a, b) => {
    expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
    expect(sameJson(b, a)).toBe(JSON.stringify(b) === JSON.stringify(a));
  });

  it('should tell probes apart by a single setting', () => {
    const readiness = { httpGet: { path: '/ready', port: 'http' } };
    expect(sameJson(readiness, { httpGet: { path: '/ready', port: 'http' } })).toBe(true);
    expect(
      sameJson(readiness, { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5 }),
    ).toBe(false);
  });
});
