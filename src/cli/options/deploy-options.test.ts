import { describe, expect, it } from 'vitest';
import { dockerConfigPath, parseDryRun, parseTimeout } from './deploy-options.js';

describe('parseTimeout', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
  ])('should read %s', (text, ms) => {
    expect(parseTimeout(text)).toBe(ms);
  });

  it.each(['', '5', 'five', '5x', '5m junk'])('should refuse %j', (text) => {
    expect(() => parseTimeout(text)).toThrow(`--timeout "${text}" is not a duration`);
  });
});

describe('parseDryRun', () => {
  it('should accept server and none and refuse client', () => {
    expect(parseDryRun(undefined)).toBe(false);
    expect(parseDryRun('none')).toBe(false);
    expect(parseDryRun('server')).toBe(true);
    expect(() => parseDryRun('client')).toThrow('--dry-run must be server or none, got "client"');
  });
});

describe('dockerConfigPath', () => {
  it('should prefer DOCKER_CONFIG, then ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/docker-ci', HOME: '/home/a' })).toBe(
      '/etc/docker-ci/config.json',
    );
    expect(dockerConfigPath({ HOME: '/home/a' })).toBe('/home/a/.docker/config.json');
    expect(dockerConfigPath({})).toBeUndefined();
  });
});
