import { describe, expect, it } from 'vitest';
import { formatDuration, parseDurationSeconds, parseTtl } from './duration.js';

describe('parseDurationSeconds', () => {
  it.each([
    ['3600s', 3600],
    ['90m', 5400],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('should read %s as %i seconds', (text, seconds) => {
    expect(parseDurationSeconds(text, '--timeout')).toBe(seconds);
  });

  it.each(['7', '1w', '1h30m', '-5m', ''])('should refuse %j', (text) => {
    expect(() => parseDurationSeconds(text, '--timeout')).toThrow(
      `--timeout "${text}" is not a duration`,
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
