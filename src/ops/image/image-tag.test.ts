import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNumberFromEnv, commitFromEnv, imageTag, readGitShortHash } from './image-tag.js';

describe('imageTag', () => {
  it('should join the short hash and the build number', () => {
    expect(imageTag({ gitShortHash: '3f9c2ab', buildNumber: '142' })).toBe('3f9c2ab-142');
  });

  it('should refuse parts that would make a bad or ambiguous tag', () => {
    expect(() => imageTag({ gitShortHash: 'HEAD', buildNumber: '1' })).toThrow(
      '"HEAD" is not a git commit hash (4 to 40 lower-case hex digits)',
    );
    expect(() => imageTag({ gitShortHash: 'abcdef1', buildNumber: '1/2' })).toThrow(
      'build number "1/2" may only hold letters, digits, "." and "_"',
    );
  });
});

describe('buildNumberFromEnv', () => {
  it.each([
    [{ GITHUB_RUN_NUMBER: '17' }, { value: '17', variable: 'GITHUB_RUN_NUMBER' }],
    [
      { CI_PIPELINE_IID: '9', BUILD_NUMBER: '3' },
      { value: '9', variable: 'CI_PIPELINE_IID' },
    ],
    [{ BUILD_NUMBER: ' 3 ' }, { value: '3', variable: 'BUILD_NUMBER' }],
    [{ BUILD_NUMBER: '' }, undefined],
    [{}, undefined],
  ])('should read %j', (env, expected) => {
    expect(buildNumberFromEnv(env)).toEqual(expected);
  });
});

describe('commitFromEnv', () => {
  it('should shorten a CI commit variable', () => {
    expect(commitFromEnv({ GITHUB_SHA: '3F9C2AB0011223344556677889900aabbccddeef' })).toBe(
      '3f9c2ab',
    );
    expect(commitFromEnv({ CI_COMMIT_SHA: 'not-a-sha' })).toBeUndefined();
  });
});

describe('readGitShortHash', () => {
  it('should read the short hash of HEAD in a checkout and undefined elsewhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-git-'));
    try {
      expect(await readGitShortHash(dir)).toBeUndefined();
      const git = (...args: string[]): string =>
        execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q');
      writeFileSync(join(dir, 'f'), 'x');
      git('add', 'f');
      git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
      const full = git('rev-parse', 'HEAD');
      expect(await readGitShortHash(dir)).toBe(full.slice(0, 7));
      expect(await readGitShortHash(dir, 10)).toBe(full.slice(0, 10));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
