import { KprodError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** What `0` means for a wait: `--timeout 0` of the deploying commands waits without a deadline. */
export const ZERO_WAITS_FOREVER = '0 waits forever';

/** The CertificateSigningRequest API refuses `expirationSeconds` below ten minutes. */
export const MIN_TTL_SECONDS = 600;

/**
 * Parses a Go-style duration (`500ms`, `90s`, `5m`, `1h30m`, `7d`, `1.5s`, or `0`) into
 * milliseconds: the one reader of every `--timeout`, `--interval`, `--keep-old` and `--ttl`.
 * Anything else raises KPROD_USAGE naming the flag; `zero` says in the hint what 0 means.
 */
export function parseDuration(text: string, flag = '--timeout', zero?: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new KprodError('KPROD_USAGE', `${flag} "${text}" is not a duration`, {
      hint: `Write it like 90s, 5m or 1h30m${zero === undefined ? '' : ` (${zero})`}.`,
    });
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 1000), 0);
}

/** Parses `--ttl` into whole seconds and enforces the API minimum of {@link MIN_TTL_SECONDS}. */
export function parseTtl(text: string): number {
  const seconds = parseDuration(text, '--ttl') / 1000;
  if (seconds < MIN_TTL_SECONDS) {
    throw new KprodError('KPROD_USAGE', `--ttl ${text} is below the minimum of 10m`, {
      hint: 'Kubernetes does not issue client certificates for less than 10 minutes.',
    });
  }
  if (!Number.isInteger(seconds)) {
    throw new KprodError('KPROD_USAGE', `--ttl ${text} is not a whole number of seconds`, {
      hint: 'Certificates are issued for whole seconds: write it like 12h or 7d.',
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
