import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** The lines of the README's ```sh blocks. */
function shellLines(): string[] {
  return [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'));
}

describe('README examples', () => {
  it('should name files and directories of this repository that exist', () => {
    const paths = shellLines().flatMap((line) =>
      [
        ...line.matchAll(/(?:--config|kprod check(?: -k)?|-k) ((?:deploy|monitoring|test)\/\S+)/g),
      ].map((m) => m[1] ?? ''),
    );
    expect(paths.length).toBeGreaterThan(3);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('should install the tarball npm pack writes for this version', () => {
    expect(shellLines()).toContain(
      `npm install -g ./${PKG.name}-${PKG.version}.tgz     # puts kprod, multiroute, multiroute-probe on the PATH`,
    );
  });

  it('should give kprod image tag what it needs outside CI', () => {
    const tag = shellLines().filter((line) => line.startsWith('kprod image tag'));
    expect(tag).toHaveLength(1);
    expect(tag[0]).toMatch(/^kprod image tag --build-number \d+ /);
  });
});
