import { describe, expect, it } from 'vitest';
import {
  bitString,
  fromPem,
  integer,
  oid,
  readChildren,
  readElement,
  sequence,
  set,
  time,
  tlv,
  toPem,
} from './certificate-der.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('tlv', () => {
  it('should use short lengths below 128 bytes and long lengths from 128 on', () => {
    expect(hex(tlv(0x04, Buffer.alloc(3)))).toBe('0403000000');
    expect(hex(tlv(0x04, Buffer.alloc(128)).subarray(0, 3))).toBe('048180');
    expect(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
  });
});

describe('integer', () => {
  it.each([
    [0, '020100'],
    [2, '020102'],
    [127, '02017f'],
    [128, '02020080'],
    [256, '02020100'],
  ])('should encode %i as %s', (value, expected) => {
    expect(hex(integer(value))).toBe(expected);
  });

  it('should strip leading zeros and keep big magnitudes positive', () => {
    expect(hex(integer(Buffer.from([0, 0, 0x12])))).toBe('020112');
    expect(hex(integer(Buffer.from([0xff, 0x01])))).toBe('020300ff01');
  });
});

describe('oid', () => {
  it.each([
    ['2.5.4.3', '0603550403'],
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['1.3.6.1.5.5.7.3.2', '06082b06010505070302'],
  ])('should encode %s', (dotted, expected) => {
    expect(hex(oid(dotted))).toBe(expected);
  });

  it('should reject malformed identifiers', () => {
    expect(() => oid('1')).toThrow('bad object identifier 1');
  });
});

describe('set', () => {
  it('should sort member encodings as DER requires', () => {
    expect(hex(set(integer(2), integer(1)))).toBe('3106020101020102');
  });
});

describe('bitString', () => {
  it('should prefix the unused-bit count', () => {
    expect(hex(bitString(Buffer.from([0x80]), 7))).toBe('03020780');
  });
});

describe('time', () => {
  it('should use UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(time(new Date('2026-11-26T10:20:30.999Z')).toString('latin1')).toBe(
      '\x17\x0d261126102030Z',
    );
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe(
      '\x18\x0f20500101000000Z',
    );
  });
});

describe('readElement', () => {
  it('should read back nested elements with their raw bytes', () => {
    const der = sequence(integer(5), oid('2.5.4.3'));
    const outer = readElement(der);
    expect(outer.tag).toBe(0x30);
    expect(readChildren(outer.content).map((e) => hex(e.raw))).toEqual(['020105', '0603550403']);
  });

  it('should reject truncated input', () => {
    expect(() => readElement(Buffer.from([0x30, 0x05, 0x01]))).toThrow('truncated DER content');
  });
});

describe('toPem', () => {
  it('should wrap at 64 characters and round-trip through fromPem', () => {
    const der = Buffer.alloc(60, 1);
    const pem = toPem('TEST', der);
    expect(pem.split('\n').map((l) => l.length)).toEqual([20, 64, 16, 18, 0]);
    expect(fromPem('TEST', pem)).toEqual(der);
    expect(fromPem('OTHER', pem)).toBeNull();
  });
});
