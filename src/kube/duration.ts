import { KprodError } from '../errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** The CertificateSigningRequest API refuses `expirationSeconds` below ten minutes. */
export const MIN_TTL_SECONDS = 600;

/**
 * Parses a duration such as `90m`, `12h`, `7d` or `3600s` (one number, one unit) into seconds.
 * Anything else raises KPROD_USAGE naming the flag.
 */
export function parseDurationSeconds(text: string, flag: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  if (match?.[1] === undefined || unit === undefined) {
    throw new KprodError('KPROD_USAGE', `${flag} "${text}" is not a duration`, {
      hint: `Write a number and one unit: s, m, h or d, e.g. ${flag} 12h or ${flag} 7d.`,
    });
  }
  return Number(match[1]) * unit;
}

/** Parses `--ttl` and enforces the API minimum of {@link MIN_TTL_SECONDS}. */
export function parseTtl(text: string): number {
  const seconds = parseDurationSeconds(text, '--ttl');
  if (seconds < MIN_TTL_SECONDS) {
    throw new KprodError('KPROD_USAGE', `--ttl ${text} is below the minimum of 10m`, {
      hint: 'Kubernetes does not issue client certificates for less than 10 minutes.',
    });
  }
  return seconds;
}

/** Formats milliseconds in the largest unit that divides them: `200ms`, `90s`, `2m`, `7d`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
