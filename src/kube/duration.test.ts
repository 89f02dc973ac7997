import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTtl } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
  ])('should read %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'five', '5x', '5m junk'])('should refuse %j', (text) => {
    expect(() => parseDuration(text)).toThrow(`--timeout "${text}" is not a duration`);
  });

  it.each([
    ['3600s', 3600],
    ['90m', 5400],
    ['12h', 43_200],
    ['7d', 604_800],
    ['1h30m', 5400],
  ])('should read %s as %i seconds for --ttl and --keep-old alike', (text, seconds) => {
    expect(parseDuration(text, '--ttl')).toBe(seconds * 1000);
  });

  it.each(['7', '1w', '-5m', ''])('should refuse %j naming the flag', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(
      `--interval "${text}" is not a duration`,
    );
  });
});

describe('parseTtl', () => {
  it('should accept ten minutes and refuse less', () => {
    expect(parseTtl('10m')).toBe(600);
    expect(() => parseTtl('599s')).toThrow('--ttl 599s is below the minimum of 10m');
  });
});

describe('formatDuration', () => {
  it.each([
    [200, '200ms'],
    [90_000, '90s'],
    [120_000, '2m'],
    [7_200_000, '2h'],
    [604_800_000, '7d'],
  ])('should format %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
