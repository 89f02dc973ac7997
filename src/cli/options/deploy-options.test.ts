import { describe, expect, it } from 'vitest';
import { dockerConfigPath, parseDryRun } from './deploy-options.js';

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
