import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KprodError } from '../../errors.js';

/**
 * Where an image comes from: the commit it is built from and that commit's time, which becomes
 * the image's `created` time so the same commit always gives the same config.
 */

/** The commit an image is built from. */
export interface SourceCommit {
  /** Full 40-digit hash. */
  revision: string;
  /** Committer time, RFC 3339 in UTC with whole seconds: `2026-12-06T01:02:03Z`. */
  time: string;
}

/** RFC 3339 UTC of a Unix time in seconds, without fractions. */
export function formatCreated(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `git log -1 --format=%H %ct` in `dir`. `SOURCE_DATE_EPOCH` (the reproducible-builds variable)
 * replaces the commit time when set. Throws IMAGE_SOURCE_UNKNOWN outside a git checkout.
 */
export async function readSourceCommit(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SourceCommit> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('git', ['log', '-1', '--format=%H %ct'], {
      cwd: dir,
      timeout: 10_000,
    }));
  } catch (error) {
    throw new KprodError(
      'IMAGE_SOURCE_UNKNOWN',
      `${dir} is not a git checkout with a commit (${(error as Error).message.split('\n')[0] ?? ''})`,
    );
  }
  const match = /^([0-9a-f]{40}) (\d+)$/.exec(stdout.trim());
  if (match === null) {
    throw new KprodError('IMAGE_SOURCE_UNKNOWN', `git log in ${dir} printed "${stdout.trim()}"`);
  }
  const epoch = env['SOURCE_DATE_EPOCH']?.trim();
  if (epoch !== undefined && epoch !== '' && !/^\d{1,12}$/.test(epoch)) {
    throw new KprodError(
      'IMAGE_SOURCE_UNKNOWN',
      `SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${epoch}"`,
    );
  }
  const seconds = epoch !== undefined && epoch !== '' ? Number(epoch) : Number(match[2]);
  return { revision: match[1] ?? '', time: formatCreated(seconds) };
}
