import { createHash, timingSafeEqual } from 'node:crypto';

/** What /connect_db answers. */
export interface ConnectDbAnswer {
  readonly status: number;
  readonly body: string;
}

/** The answers of /connect_db, exact texts from the original service plus the unconfigured case. */
export const CONNECT_DB_TEXT = {
  noPassword: 'Sorry, no db password provided!',
  wrongPassword: 'Sorry, wrong db password provided!',
  connected: 'Hello, You are connected database successfully!',
  notConfigured:
    'Sorry, no expected db password is configured: set DB_EXPECTED_PASS or DB_EXPECTED_PASS_FILE.',
} as const;

/**
 * Decides the /connect_db answer from the provided (DB_PASS) and expected (DB_EXPECTED_PASS)
 * passwords, both already trimmed of trailing newlines. A wrong password gives only the failure
 * text. Without an expected password the service is misconfigured: 500, and the text says so.
 */
export function connectDbAnswer(
  provided: string | undefined,
  expected: string | undefined,
): ConnectDbAnswer {
  if (expected === undefined) return { status: 500, body: CONNECT_DB_TEXT.notConfigured };
  if (provided === undefined) return { status: 200, body: CONNECT_DB_TEXT.noPassword };
  if (!samePassword(provided, expected))
    return { status: 200, body: CONNECT_DB_TEXT.wrongPassword };
  return { status: 200, body: CONNECT_DB_TEXT.connected };
}

function samePassword(a: string, b: string): boolean {
  // Equal-length digests let timingSafeEqual compare without leaking the length or a prefix.
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}
