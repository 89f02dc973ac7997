import { describe, expect, it } from 'vitest';
import { ownString } from './own-string.js';

describe('ownString', () => {
  it.each([
    ['a short string', 'app'],
    ['an ASCII name', 'registry.example.com/app:1.0'],
    ['Latin-1 and wider characters', 'café — 日本語 ✓ 🚀 in a label value'],
    ['a lone surrogate', `label value \ud800 with half a pair`],
    ['an empty string', ''],
  ])('should copy %s exactly', (_, text) => {
    expect(ownString(text)).toBe(text);
  });
});
