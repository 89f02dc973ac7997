import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import {
  isIpv6Address,
  isStrictSubnet,
  parseCidr,
  validateLegacyCidr,
  validateLegacyIp,
} from './network-addresses.js';

// Messages as the v1.36.3 API server printed them for externalIPs and loadBalancerSourceRanges.
describe('validateLegacyIp', () => {
  it.each([
    ['1.2.3.4', []],
    ['2001:db8::1', []],
    [
      '::ffff:1.2.3.4',
      ['x: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address'],
    ],
    ['01.2.3.4', ['x: Invalid value: "01.2.3.4": must not have leading 0s']],
    [
      '1.2.3',
      ['x: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ],
    [
      '300.1.1.1',
      [
        'x: Invalid value: "300.1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
  ])('should judge %s strictly (1.36)', (ip, messages) => {
    expect(validateLegacyIp(ip, ['x'], true).map(formatFieldError)).toEqual(messages);
  });

  it('should accept leading zeros before 1.36', () => {
    expect(validateLegacyIp('01.2.3.4', ['x'], false)).toEqual([]);
  });
});

describe('validateLegacyCidr', () => {
  it.each([
    ['10.0.0.0/8', []],
    ['2001:db8::/32', []],
    [
      '10.0.0.1/8',
      ['x: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
    ],
    [
      '10.0.0.0/08',
      ['x: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length'],
    ],
    [
      '10.0.0.0/33',
      [
        'x: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
    [
      '10.0.0.0',
      [
        'x: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
  ])('should judge %s strictly (1.36)', (cidr, messages) => {
    expect(validateLegacyCidr(cidr, ['x'], true).map(formatFieldError)).toEqual(messages);
  });
});

describe('isStrictSubnet', () => {
  const cidr = (text: string) => parseCidr(text)!;
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', false],
    ['10.0.0.0/8', '11.0.0.0/16', false],
    ['10.0.0.0/8', '10.0.0.0/7', false],
    ['10.0.0.0/8', '2001:db8::/32', false],
  ])('should say whether %s strictly contains %s', (outer, inner, expected) => {
    expect(isStrictSubnet(cidr(outer), cidr(inner))).toBe(expected);
  });
});

describe('isIpv6Address', () => {
  it('should tell the families apart', () => {
    expect(isIpv6Address('2001:db8::1')).toBe(true);
    expect(isIpv6Address('10.0.0.1')).toBe(false);
  });
});
