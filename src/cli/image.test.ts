import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKprod } from '../../test/support/run-kprod.js';

describe('kprod image tag', () => {
  it('should print <git short hash>-<build number> from git and the CI environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-tag-'));
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(dir, 'f'), 'x');
    git('add', 'f');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'x');
    const hash = git('rev-parse', '--short=7', 'HEAD');
    expect(
      await runKprod(['image', 'tag'], { cwd: dir, env: { GITHUB_RUN_NUMBER: '42' } }),
    ).toEqual({
      code: 0,
      stdout: `${hash}-42\n`,
      stderr: '',
    });
    const json = await runKprod(['image', 'tag', '--build-number', '7', '-o', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(json.stdout)).toEqual({
      tag: `${hash}-7`,
      gitShortHash: hash,
      buildNumber: '7',
      buildNumberFrom: '--build-number',
    });
  });

  it('should exit 2 without a build number', async () => {
    const result = await runKprod(['image', 'tag'], {
      cwd: tmpdir(),
      env: { GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'kprod: IMAGE_TAG_UNAVAILABLE: no build number: not in a known CI and --build-number not given\n  hint: Pass --build-number N (e.g. your CI build counter).\n',
    );
  });
});
