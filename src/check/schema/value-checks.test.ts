import { describe, expect, it } from 'vitest';
import { type ValueConstraint, compileValueCheck, isDateTime, isQuantity } from './value-checks.js';

// Istio's way of saying "at most one of simple and consistentHash".
const AT_MOST_ONE: ValueConstraint = {
  oneOf: [
    { not: { anyOf: [{ required: ['simple'] }, { required: ['consistentHash'] }] } },
    { required: ['simple'] },
    { required: ['consistentHash'] },
  ],
};

// Gateway API's address: an IPAddress (the default type) must hold an IP.
const ADDRESS: ValueConstraint = {
  oneOf: [
    {
      properties: {
        type: { enum: ['IPAddress'] },
        value: { anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] },
      },
      defaults: { type: 'IPAddress' },
    },
    { properties: { type: { not: { enum: ['IPAddress'] } } }, defaults: { type: 'IPAddress' } },
  ],
};

describe('compileValueCheck', () => {
  it.each<[string, ValueConstraint, unknown, string | undefined]>([
    ['an int32 in range', { format: 'int32' }, 2_147_483_647, undefined],
    ['an int32 out of range', { format: 'int32' }, 2_147_483_648, 'must be a valid int32'],
    ['an int32 below range', { format: 'int32' }, -2_147_483_649, 'must be a valid int32'],
    ['base64', { format: 'byte' }, 'aGVsbG8=', undefined],
    ['empty base64', { format: 'byte' }, '', undefined],
    ['base64 without padding', { format: 'byte' }, 'aGVsbG8', 'must be a valid byte'],
    ['an IPv4 address', { format: 'ipv4' }, '10.0.0.1', undefined],
    ['an IPv6 address as IPv4', { format: 'ipv4' }, '::1', 'must be a valid ipv4'],
    ['an enum member', { enum: ['TCP', 'UDP'] }, 'UDP', undefined],
    ['an enum non-member', { enum: ['TCP', 'UDP'] }, 'tcp', 'must be one of "TCP", "UDP"'],
    ['an empty string not in an enum', { enum: ['TCP'] }, '', 'must be one of "TCP"'],
    ['a pattern match', { pattern: '^[a-z]+$' }, 'web', undefined],
    ['a pattern mismatch', { pattern: '^[a-z]+$' }, 'Web', 'must match pattern "^[a-z]+$"'],
    ['a maximum', { maximum: 10 }, 11, 'must be <= 10'],
    ['an exclusive minimum', { minimum: 0, exclusiveMinimum: true }, 0, 'must be > 0'],
    ['a minimum', { minimum: 1 }, 1, undefined],
    ['a multiple', { multipleOf: 5 }, 12, 'must be multiple of 5'],
    ['a long string', { maxLength: 3 }, 'abcd', 'must NOT be longer than 3 characters'],
    ['a short string', { minLength: 1 }, '', 'must NOT be shorter than 1 character'],
    ['code points, not UTF-16 units', { maxLength: 1 }, '😀', undefined],
    ['too many items', { maxItems: 1 }, [1, 2], 'must NOT have more than 1 item'],
    ['too few items', { minItems: 2 }, [1], 'must NOT have less than 2 items'],
    [
      'duplicate items',
      { uniqueItems: true },
      ['a', 'b', 'a'],
      'must NOT have duplicate items (items ## 0 and 2 are identical)',
    ],
    [
      'too many properties',
      { maxProperties: 1 },
      { a: 1, b: 2 },
      'must NOT have more than 1 property',
    ],
    ['too few properties', { minProperties: 1 }, {}, 'must NOT have less than 1 property'],
    ['neither of two exclusive fields', AT_MOST_ONE, {}, undefined],
    ['one of two exclusive fields', AT_MOST_ONE, { simple: 'LEAST_REQUEST' }, undefined],
    [
      'both of two exclusive fields',
      AT_MOST_ONE,
      { simple: 'LEAST_REQUEST', consistentHash: {} },
      'does not match any of the allowed forms',
    ],
    ['an address of the default type', ADDRESS, { value: '2001:db8::1' }, undefined],
    ['a host name of its type', ADDRESS, { type: 'Hostname', value: 'a.example' }, undefined],
    [
      'a host name of the default type',
      ADDRESS,
      { value: 'a.example' },
      'does not match any of the allowed forms',
    ],
    ['a quantity', { format: 'quantity' }, '128Mi', undefined],
    ['a number as a quantity', { format: 'quantity' }, 2, undefined],
    [
      'a string that is no quantity',
      { format: 'quantity' },
      '1 GB',
      'must be a quantity such as 250m, 0.5, 128Mi or 1Gi',
    ],
    ['format first', { format: 'int32', maximum: 10 }, 4_294_967_296, 'must be a valid int32'],
  ])('should judge %s', (_name, constraint, value, expected) => {
    expect(compileValueCheck(constraint)(value, false)).toBe(expected);
  });

  it('should pass an empty string to an enum where "" means unset (built-in types)', () => {
    const check = compileValueCheck({ enum: ['ClusterIP', 'NodePort'] });
    expect([check('', true), check('', false)]).toEqual([
      undefined,
      'must be one of "ClusterIP", "NodePort"',
    ]);
  });

  it('should refuse a keyword or a format it does not know', () => {
    expect(() => compileValueCheck({ contains: {} } as ValueConstraint)).toThrow(
      'catalog value constraint: unknown contains',
    );
    expect(() => compileValueCheck({ format: 'uuid' })).toThrow(
      'catalog value constraint: unknown format uuid',
    );
  });
});

describe('isQuantity', () => {
  it.each([
    ['250m', true],
    ['0.5', true],
    ['1Gi', true],
    ['1e3', true],
    ['+.5k', true],
    ['1.5E-2', true],
    ['1 core', false],
    ['1gi', false],
    ['1h', false],
    ['', false],
  ])('should read %j as %s', (value, expected) => {
    expect(isQuantity(value)).toBe(expected);
  });
});

describe('isDateTime', () => {
  it.each([
    ['2026-12-06T07:22:19Z', true],
    ['2026-12-06T07:22:19.123+01:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2026-02-29T00:00:00Z', false],
    ['2026-12-06 07:22:19Z', false],
    ['2026-12-06T07:22:19', false],
    ['2026-13-01T00:00:00Z', false],
    ['yesterday', false],
  ])('should read %j as %s', (value, expected) => {
    expect(isDateTime(value)).toBe(expected);
  });
});
