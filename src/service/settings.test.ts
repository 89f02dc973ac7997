import { describe, expect, it } from 'vitest';
import { parseSettings, trimTrailingNewlines } from './settings.js';

const files: Record<string, string> = {
  '/s/db-password': 'pass123\n',
  '/s/expected': 'pass123\r\n',
};
const readText = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return text;
};

describe('parseSettings', () => {
  it('should apply the documented defaults', () => {
    expect(parseSettings([], {}, readText)).toEqual({
      configPath: undefined,
      host: undefined,
      port: 3000,
      adminPort: undefined,
      version: 'unknown',
      podIp: 'unknown',
      dbPass: undefined,
      dbExpectedPass: undefined,
      accessLog: false,
      logLevel: 'info',
      shutdownDelayMs: 5000,
      shutdownTimeoutMs: 20000,
      gitCommit: 'unknown',
      help: false,
    });
  });

  it('should read every setting from flags, environment and secret files', () => {
    const settings = parseSettings(
      ['--config', '/etc/c.yml', '--access-log'],
      {
        MULTIROUTE_CONFIG: '/ignored.yml',
        PORT: '8080',
        ADMIN_PORT: '9000',
        VERSION: 'v2',
        POD_IP: '10.1.2.3',
        DB_PASS_FILE: '/s/db-password',
        DB_EXPECTED_PASS_FILE: '/s/expected',
        LOG_LEVEL: 'debug',
        SHUTDOWN_DELAY_SECONDS: '2.5',
        SHUTDOWN_TIMEOUT_SECONDS: '0',
        GIT_COMMIT: 'deadbeef',
      },
      readText,
    );
    expect(settings).toMatchObject({
      configPath: '/etc/c.yml',
      port: 8080,
      adminPort: 9000,
      version: 'v2',
      podIp: '10.1.2.3',
      dbPass: 'pass123',
      dbExpectedPass: 'pass123',
      accessLog: true,
      logLevel: 'debug',
      shutdownDelayMs: 2500,
      shutdownTimeoutMs: 0,
      gitCommit: 'deadbeef',
    });
  });

  it('should take the admin port from --admin-port before ADMIN_PORT', () => {
    expect(parseSettings(['--admin-port', '9100'], { ADMIN_PORT: '9200' }, readText)).toMatchObject(
      { adminPort: 9100 },
    );
  });

  it('should take the config from MULTIROUTE_CONFIG and the access log from ACCESS_LOG', () => {
    expect(
      parseSettings(
        [],
        { MULTIROUTE_CONFIG: '/c.yml', ACCESS_LOG: 'true', DB_PASS: 'x\n' },
        readText,
      ),
    ).toMatchObject({ configPath: '/c.yml', accessLog: true, dbPass: 'x' });
  });

  it.each([
    [[], { PORT: '70000' }, "PORT must be an integer from 0 to 65535, got '70000'"],
    [[], { PORT: 'http' }, "PORT must be an integer from 0 to 65535, got 'http'"],
    [
      [],
      { LOG_LEVEL: 'loud' },
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
    ],
    [[], { ACCESS_LOG: 'yes' }, "ACCESS_LOG must be true or false, got 'yes'"],
    [
      [],
      { SHUTDOWN_DELAY_SECONDS: '-1' },
      "SHUTDOWN_DELAY_SECONDS must be a number of seconds from 0 to 3600, got '-1'",
    ],
    [
      [],
      { DB_PASS: 'a', DB_PASS_FILE: '/s/db-password' },
      'set either DB_PASS or DB_PASS_FILE, not both',
    ],
    [
      [],
      { DB_EXPECTED_PASS_FILE: '/nope' },
      "DB_EXPECTED_PASS_FILE '/nope' cannot be read: ENOENT",
    ],
    [['--port', '1'], {}, "Unknown option '--port'"],
    [[], { ADMIN_PORT: '3000' }, 'ADMIN_PORT (--admin-port) must differ from PORT, both are 3000'],
    [['--admin-port', 'x'], {}, "ADMIN_PORT must be an integer from 0 to 65535, got 'x'"],
  ] as const)('should reject %j %j', (argv, env, message) => {
    expect(() => parseSettings(argv, env, readText)).toThrow(
      expect.objectContaining({ code: 'MULTIROUTE_SETTINGS_INVALID', exitCode: 2, message }),
    );
  });
});

describe('trimTrailingNewlines', () => {
  it.each([
    ['pass123\n', 'pass123'],
    ['pass123\r\n', 'pass123'],
    ['pass123\n\n', 'pass123'],
    ['pa ss\n123 ', 'pa ss\n123 '],
  ])('should turn %j into %j', (input, output) => {
    expect(trimTrailingNewlines(input)).toBe(output);
  });
});
