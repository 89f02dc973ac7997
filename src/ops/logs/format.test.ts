import { describe, expect, it } from 'vitest';
import {
  type LineFormat,
  type LogRecord,
  POD_COLOURS,
  colourEnabled,
  escapeControl,
  formatLogLine,
  podColour,
} from './format.js';

const record: LogRecord = {
  namespace: 'shop',
  pod: 'web-7d9f-abcde',
  container: 'app',
  node: 'node-1',
  timestamp: '2026-01-02T03:04:05.000000001Z',
  message: 'GET / 200',
};
const human: LineFormat = { output: 'human', colour: false, timestamps: false, namespaces: false };

describe('formatLogLine', () => {
  const rows: [string, Partial<LineFormat>, Partial<LogRecord>, string][] = [
    ['plain', {}, {}, 'web-7d9f-abcde app GET / 200\n'],
    [
      'with timestamps',
      { timestamps: true },
      {},
      'web-7d9f-abcde app 2026-01-02T03:04:05.000000001Z GET / 200\n',
    ],
    ['with namespaces', { namespaces: true }, {}, 'shop/web-7d9f-abcde app GET / 200\n'],
    [
      'in colour',
      { colour: true },
      {},
      `\u001b[${podColour('web-7d9f-abcde')}mweb-7d9f-abcde\u001b[0m \u001b[2mapp\u001b[0m GET / 200\n`,
    ],
    [
      'escaped',
      {},
      { message: 'a\u001b[31mred\r\u0000\ttab\u009b' },
      'web-7d9f-abcde app a\\x1b[31mred\\x0d\\x00\ttab\\x9b\n',
    ],
    [
      'json with a text message',
      { output: 'json' },
      {},
      '{"namespace":"shop","pod":"web-7d9f-abcde","container":"app","node":"node-1","timestamp":"2026-01-02T03:04:05.000000001Z","message":"GET / 200"}\n',
    ],
    [
      'json with a JSON log line',
      { output: 'json' },
      { message: '{"level":30,"msg":"listening","port":3000}', node: undefined },
      '{"namespace":"shop","pod":"web-7d9f-abcde","container":"app","node":null,"timestamp":"2026-01-02T03:04:05.000000001Z","message":{"level":30,"msg":"listening","port":3000}}\n',
    ],
    [
      'json with a line that only looks like JSON',
      { output: 'json' },
      { message: '{not json}', timestamp: undefined },
      '{"namespace":"shop","pod":"web-7d9f-abcde","container":"app","node":"node-1","timestamp":null,"message":"{not json}"}\n',
    ],
  ];
  it.each(rows)('should print %s', (_name, format, fields, expected) => {
    expect(formatLogLine({ ...record, ...fields }, { ...human, ...format })).toBe(expected);
  });
});

describe('podColour', () => {
  it('should give a pod the same colour on every call, from the palette', () => {
    const names = Array.from({ length: 200 }, (_, i) => `web-${i}`);
    const first = names.map(podColour);
    expect(names.map(podColour)).toEqual(first);
    expect(first.every((c) => (POD_COLOURS as readonly number[]).includes(c))).toBe(true);
    // Spread over the palette: every colour is used by 200 pods.
    expect(new Set(first).size).toBe(POD_COLOURS.length);
  });

  it('should not change between releases (FNV-1a of the name)', () => {
    expect(['web-0', 'web-1', 'db-0'].map(podColour)).toEqual([31, 96, 95]);
  });
});

describe('colourEnabled', () => {
  const rows: [boolean | undefined, Record<string, string>, 'human' | 'json', boolean][] = [
    [true, {}, 'human', true],
    [false, {}, 'human', false],
    [undefined, {}, 'human', false],
    [true, { NO_COLOR: '1' }, 'human', false],
    [true, { NO_COLOR: '' }, 'human', true],
    [true, {}, 'json', false],
  ];
  it.each(rows)('tty %s env %j output %s gives %s', (tty, env, output, expected) => {
    expect(colourEnabled(tty, env, output)).toBe(expected);
  });
});

describe('escapeControl', () => {
  it('should keep printable text, tabs and non-Latin letters', () => {
    expect(escapeControl('ok\tçé 日本 ✓')).toBe('ok\tçé 日本 ✓');
  });
});
