import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './settings.js';

export type { Logger } from 'pino';

/**
 * Field paths pino censors wherever they appear one level deep. Nothing logs a password on
 * purpose; this catches a settings or env object logged by mistake.
 */
export const REDACTED_PATHS = [
  'dbPass',
  'dbExpectedPass',
  'DB_PASS',
  'DB_EXPECTED_PASS',
  'password',
  '*.dbPass',
  '*.dbExpectedPass',
  '*.DB_PASS',
  '*.DB_EXPECTED_PASS',
  '*.password',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Creates the JSON logger of multiroute: one object per line, `time` as ISO 8601, `level` as a
 * name so log pipelines need no number mapping.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'multiroute' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
