import { describe, expect, it } from 'vitest';
import { escapeExcerpt } from './escape-text.js';

describe('escapeExcerpt', () => {
  it.each([
    { text: 'plain /route1', max: 80, out: 'plain /route1' },
    { text: '\u001b]0;title\u0007x\r\n', max: 80, out: '\\x1b]0;title\\x07x\\x0d\\x0a' },
    { text: 'a\u0085b\u2028c\u007f', max: 80, out: 'a\\x85b\\u2028c\\x7f' },
    { text: 'café', max: 80, out: 'café' },
    { text: 'abcdefghij', max: 4, out: 'abcd… (6 more characters)' },
  ])('should render $text as $out', ({ text, max, out }) => {
    expect(escapeExcerpt(text, max)).toBe(out);
  });
});
