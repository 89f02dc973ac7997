/**
 * The pre-linked validators in dist/schemas (scripts/bundle-schemas.mjs) must judge every object
 * exactly as the validators of the packages they come from: same verdict, same errors.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLES = join(ROOT, 'dist/schemas');
const requireModule = createRequire(import.meta.url);

/** Bundle folder → the package it was made from. */
const PACKAGES: Record<string, string> = {
  'kubernetes-models': 'kubernetes-models',
  'kubernetes-models-v1.33': 'kubernetes-models-v1.33',
  'kubernetes-models-istio': '@kubernetes-models/istio',
  'kubernetes-models-gateway-api': '@kubernetes-models/gateway-api',
  'kubernetes-models-prometheus-operator': '@kubernetes-models/prometheus-operator',
};

type Validate = (this: unknown) => void;

function validatorOf(exports: Record<string, unknown>, kind: string): Validate {
  const model = exports[kind] as { prototype: { validate: Validate } };
  return model.prototype.validate;
}

function errorsOf(validate: Validate, object: unknown): unknown {
  try {
    validate.call(object);
    return 'valid';
  } catch (error) {
    return (error as { errors?: unknown }).errors;
  }
}

/** Objects that pass and fail in different ways, for any kind. */
function samples(apiVersion: string, kind: string): unknown[] {
  const base = { apiVersion, kind, metadata: { name: 'x', labels: { app: 'x' } } };
  return [
    base,
    { ...base, metadata: { name: 7 } },
    { ...base, spec: 'not a mapping' },
    { ...base, spec: {} },
    { ...base, spec: { replicas: '2', selector: [], template: { spec: { containers: [{}] } } } },
    { ...base, data: { a: 1 }, rules: 'x', webhooks: [{}] },
  ];
}

describe('dist/schemas', () => {
  const entries = Object.keys(PACKAGES).flatMap((dir) =>
    readdirSync(join(BUNDLES, dir))
      .filter((f) => f.endsWith('.cjs'))
      .map((file) => [dir, file] as const),
  );

  it('should hold a validator for every top-level kind of every package', () => {
    const count = (dir: string) => entries.filter(([d]) => d === dir).length;
    expect(count('kubernetes-models')).toBeGreaterThan(100);
    expect(count('kubernetes-models-v1.33')).toBeGreaterThan(100);
    expect(count('kubernetes-models-istio')).toBeGreaterThan(10);
    expect(count('kubernetes-models-gateway-api')).toBeGreaterThan(5);
    expect(count('kubernetes-models-prometheus-operator')).toBeGreaterThan(5);
  });

  it('should judge every sample as the package validator does, for every kind', () => {
    let compared = 0;
    for (const [dir, file] of entries) {
      // `apps_v1.Deployment.cjs`, `networking.istio.io_v1.Gateway.cjs`, `v1.Pod.cjs`.
      const name = file.replace(/\.cjs$/, '');
      const dot = name.lastIndexOf('.');
      const kind = name.slice(dot + 1);
      const apiPath = name.slice(0, dot);
      const under = apiPath.lastIndexOf('_');
      const group = under < 0 ? '' : apiPath.slice(0, under);
      const version = under < 0 ? apiPath : apiPath.slice(under + 1);
      const root = dirname(requireModule.resolve(`${PACKAGES[dir]!}/package.json`));
      const pkgFile = join(root, group, version, `${kind}.js`);
      const fromPackage = validatorOf(requireModule(pkgFile) as Record<string, unknown>, kind);
      const bundled = validatorOf(
        requireModule(join(BUNDLES, dir, file)) as Record<string, unknown>,
        kind,
      );
      const apiVersion = group === '' ? version : `${group}/${version}`;
      for (const object of samples(apiVersion, kind)) {
        expect({ file, errors: errorsOf(bundled, object) }).toEqual({
          file,
          errors: errorsOf(fromPackage, object),
        });
        compared += 1;
      }
    }
    expect(compared).toBe(entries.length * 6);
  });
});
