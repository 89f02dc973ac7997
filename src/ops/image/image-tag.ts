import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KprodError } from '../../errors.js';

/**
 * Image tags of the form `<git short hash>-<build number>` (the guide's recommended scheme):
 * traceable to the commit, unique per build. The pure parts decide; `readGitShortHash` asks git.
 */

/** CI variables holding an increasing build number, in the order they are tried. */
export const BUILD_NUMBER_VARIABLES = [
  'GITHUB_RUN_NUMBER', // GitHub Actions
  'CI_PIPELINE_IID', // GitLab CI (per-project pipeline number)
  'BUILD_NUMBER', // Jenkins, TeamCity
  'BUILDKITE_BUILD_NUMBER',
  'CIRCLE_BUILD_NUM',
  'DRONE_BUILD_NUMBER',
  'TRAVIS_BUILD_NUMBER',
  'BITBUCKET_BUILD_NUMBER',
  'BUILD_BUILDID', // Azure Pipelines
] as const;

/** CI variables holding the commit hash, used when git itself is not available. */
export const COMMIT_VARIABLES = [
  'GITHUB_SHA',
  'CI_COMMIT_SHA',
  'GIT_COMMIT',
  'BUILDKITE_COMMIT',
  'CIRCLE_SHA1',
] as const;

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** `<gitShortHash>-<buildNumber>`; throws IMAGE_TAG_UNAVAILABLE when a part is not tag-safe. */
export function imageTag(parts: { gitShortHash: string; buildNumber: string }): string {
  if (!/^[0-9a-f]{4,40}$/.test(parts.gitShortHash)) {
    throw new KprodError(
      'IMAGE_TAG_UNAVAILABLE',
      `"${parts.gitShortHash}" is not a git commit hash (4 to 40 lower-case hex digits)`,
    );
  }
  if (!/^[0-9A-Za-z_.]+$/.test(parts.buildNumber)) {
    throw new KprodError(
      'IMAGE_TAG_UNAVAILABLE',
      `build number "${parts.buildNumber}" may only hold letters, digits, "." and "_"`,
    );
  }
  const tag = `${parts.gitShortHash}-${parts.buildNumber}`;
  if (!TAG.test(tag)) {
    throw new KprodError(
      'IMAGE_TAG_UNAVAILABLE',
      `"${tag}" is longer than the 128 characters a tag may have`,
    );
  }
  return tag;
}

/** The build number from the CI environment, with the variable it came from, or undefined. */
export function buildNumberFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { value: string; variable: string } | undefined {
  for (const variable of BUILD_NUMBER_VARIABLES) {
    const value = env[variable]?.trim();
    if (value !== undefined && value !== '') return { value, variable };
  }
  return undefined;
}

/** The commit's short hash from CI variables (first `length` digits), or undefined. */
export function commitFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  length = 7,
): string | undefined {
  for (const variable of COMMIT_VARIABLES) {
    const value = env[variable]?.trim().toLowerCase();
    if (value !== undefined && /^[0-9a-f]{7,40}$/.test(value)) return value.slice(0, length);
  }
  return undefined;
}

/**
 * `git rev-parse --short=N HEAD` in `cwd` (git chooses a longer prefix when N is ambiguous), or
 * undefined outside a checkout or without git.
 */
export async function readGitShortHash(cwd: string, length = 7): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      'git',
      ['rev-parse', `--short=${length}`, 'HEAD'],
      {
        cwd,
        timeout: 10_000,
      },
    );
    const hash = stdout.trim();
    return hash === '' ? undefined : hash;
  } catch {
    // not a git checkout, no commit yet, or no git: the caller falls back to CI variables
    return undefined;
  }
}
