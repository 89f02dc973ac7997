import { parseArgs } from 'node:util';
import { KprodError } from '../errors.js';

/** Everything multiroute is configured with, resolved from flags, environment and files. */
export interface Settings {
  /** Routes file; undefined means the built-in routes. */
  readonly configPath: string | undefined;
  readonly host: string | undefined;
  readonly port: number;
  /**
   * The admin port: /livez, /readyz and /metrics for the kubelet and Prometheus; undefined (the
   * default) serves them on the main port only.
   */
  readonly adminPort: number | undefined;
  /** Shown in every answer as `[<version>]`. */
  readonly version: string;
  readonly podIp: string;
  /** The password the client side provides (DB_PASS); never logged. */
  readonly dbPass: string | undefined;
  /** The password /connect_db expects (DB_EXPECTED_PASS); never logged. */
  readonly dbExpectedPass: string | undefined;
  readonly accessLog: boolean;
  readonly logLevel: LogLevel;
  readonly shutdownDelayMs: number;
  readonly shutdownTimeoutMs: number;
  readonly gitCommit: string;
  readonly help: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Reads a file as UTF-8; injected so tests need no files. */
export type ReadText = (path: string) => string;

/** The text of `multiroute --help`. */
export const SETTINGS_HELP = `Usage: multiroute [--config PATH] [--access-log] [--admin-port PORT]

Serves the routes of a YAML file (or the built-in ones) with probes, metrics and hot reload.

Options:
  --config PATH    routes file (env MULTIROUTE_CONFIG); without it the built-in routes are served
  --access-log     log every request (env ACCESS_LOG=true)
  --admin-port N   also serve /livez, /readyz and /metrics on port N (env ADMIN_PORT)
  -h, --help       show this help

Environment:
  PORT (3000), HOST, VERSION, POD_IP, DB_PASS | DB_PASS_FILE,
  DB_EXPECTED_PASS | DB_EXPECTED_PASS_FILE, LOG_LEVEL (info),
  SHUTDOWN_DELAY_SECONDS (5), SHUTDOWN_TIMEOUT_SECONDS (20), GIT_COMMIT
`;

/**
 * Resolves the settings from argv and environment. Secret files are read through `readText`, and
 * one trailing newline sequence is trimmed because `echo pass | base64` puts one in a Secret.
 * Every invalid value raises MULTIROUTE_SETTINGS_INVALID naming the flag or variable.
 */
export function parseSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readText: ReadText,
): Settings {
  let values: {
    config?: string | undefined;
    'access-log'?: boolean | undefined;
    'admin-port'?: string | undefined;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'access-log': { type: 'boolean' },
        'admin-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const configPath = nonEmpty(values.config) ?? nonEmpty(env['MULTIROUTE_CONFIG']);
  const logLevel = env['LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw invalid(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  const port = integerSetting(env, 'PORT', 3000, 0, 65535);
  const adminRaw = nonEmpty(values['admin-port']) ?? nonEmpty(env['ADMIN_PORT']);
  const adminPort =
    adminRaw === undefined
      ? undefined
      : integerSetting({ ADMIN_PORT: adminRaw }, 'ADMIN_PORT', 0, 0, 65535);
  if (adminPort === port && port !== 0) {
    throw invalid(`ADMIN_PORT (--admin-port) must differ from PORT, both are ${port}`);
  }
  return {
    configPath,
    host: nonEmpty(env['HOST']),
    port,
    adminPort,
    version: nonEmpty(env['VERSION']) ?? 'unknown',
    podIp: nonEmpty(env['POD_IP']) ?? 'unknown',
    dbPass: secretSetting(env, 'DB_PASS', readText),
    dbExpectedPass: secretSetting(env, 'DB_EXPECTED_PASS', readText),
    accessLog: values['access-log'] === true || booleanSetting(env, 'ACCESS_LOG'),
    logLevel,
    shutdownDelayMs: secondsSetting(env, 'SHUTDOWN_DELAY_SECONDS', 5),
    shutdownTimeoutMs: secondsSetting(env, 'SHUTDOWN_TIMEOUT_SECONDS', 20),
    gitCommit: nonEmpty(env['GIT_COMMIT']) ?? 'unknown',
    help: values.help === true,
  };
}

/** Removes the trailing newline(s) a mounted Secret file or `echo` leaves behind. */
export function trimTrailingNewlines(value: string): string {
  return value.replace(/[\r\n]+$/, '');
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function invalid(message: string): KprodError {
  return new KprodError('MULTIROUTE_SETTINGS_INVALID', message);
}

function integerSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function secondsSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback * 1000;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value > 3600) {
    throw invalid(`${name} must be a number of seconds from 0 to 3600, got '${raw}'`);
  }
  return Math.round(value * 1000);
}

function booleanSetting(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw invalid(`${name} must be true or false, got '${raw}'`);
}

function secretSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  readText: ReadText,
): string | undefined {
  const direct = env[name];
  const file = nonEmpty(env[`${name}_FILE`]);
  if (direct !== undefined && direct !== '' && file !== undefined) {
    throw invalid(`set either ${name} or ${name}_FILE, not both`);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readText(file);
    } catch (error) {
      // The message names the file, never its content.
      throw invalid(
        `${name}_FILE '${file}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    return trimTrailingNewlines(text);
  }
  return direct === undefined || direct === '' ? undefined : trimTrailingNewlines(direct);
}
