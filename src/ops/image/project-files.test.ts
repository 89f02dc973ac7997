import { describe, expect, it } from 'vitest';
import { productionPackages } from './project-files.js';

describe('productionPackages', () => {
  it('should keep every package the lockfile does not mark dev, as npm ci --omit=dev does', () => {
    expect(
      productionPackages({
        lockfileVersion: 3,
        packages: {
          '': { name: 'root' },
          'node_modules/yaml': {},
          'node_modules/vitest': { dev: true },
          'node_modules/typescript': { devOptional: true },
          'node_modules/re2-wasm': { optional: true },
          'node_modules/a/node_modules/b': {},
          'node_modules/a': {},
        },
      }),
    ).toEqual([
      'node_modules/a',
      'node_modules/a/node_modules/b',
      'node_modules/re2-wasm',
      'node_modules/typescript',
      'node_modules/yaml',
    ]);
  });

  it('should refuse a lockfile without packages (npm 6)', () => {
    expect(() => productionPackages({ lockfileVersion: 1, dependencies: {} })).toThrow(
      'package-lock.json has no "packages" (lockfileVersion 2 or 3, written by npm 7 or newer)',
    );
  });

  it('should refuse a lockfile entry that is not an object, naming it', () => {
    expect(() =>
      productionPackages({ lockfileVersion: 3, packages: { 'node_modules/a': null } }),
    ).toThrow('package-lock.json: "node_modules/a" is not a package entry (an object)');
  });
});
