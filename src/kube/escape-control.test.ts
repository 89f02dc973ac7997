import { describe, expect, it } from 'vitest';
import { escapeControl } from './escape-control.js';

describe('escapeControl', () => {
  it.each([
    ['plain', 'alice', 'alice'],
    ['tab kept', 'a\tb', 'a\tb'],
    ['newline and carriage return', 'a\nkprod: OK\r', 'a\\nkprod: OK\\r'],
    ['OSC title', '\u001b]0;pwned\u0007x', '\\x1b]0;pwned\\x07x'],
    ['CSI and DEL', '\u001b[2J\u007f', '\\x1b[2J\\x7f'],
    ['C1 CSI', '\u009b31m', '\\x9b31m'],
    ['line separator and bidi override', 'a\u2028b\u202ec', 'a\\u2028b\\u202ec'],
    ['non-ASCII letters kept', 'café 名前', 'café 名前'],
  ])('should escape %s', (_case, input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });
});
