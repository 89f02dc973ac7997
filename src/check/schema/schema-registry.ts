/**
 * Finds the compiled validator for an apiVersion/kind. The validators come from the
 * kubernetes-models packages, which ship the schemas of the Kubernetes OpenAPI document's GA API
 * versions (and of old beta versions, and of the Istio, Gateway API and prometheus-operator
 * CRDs) as ajv functions compiled ahead of time, so nothing is compiled here: a kind's module is
 * loaded the first time an object of that kind is seen, then cached. Which Kubernetes versions
 * kprod supports is decided by the field catalogs (kube-catalog.ts).
 *
 * The build pre-links each kind's validator into one file under dist/schemas
 * (scripts/bundle-schemas.mjs): a package's own modules cost Node.js about 150 module loads per
 * kind, several times what validating thousands of objects costs. A build uses those files; the
 * sources, run directly (tests), use the packages themselves.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG_VERSIONS } from './kube-catalog.js';

/**
 * Kubernetes minor versions kprod check validates against, oldest first: those with a field
 * catalog (kube-catalog.ts), every minor release from 1.29 to 1.37.
 */
export const SUPPORTED_KUBE_VERSIONS = CATALOG_VERSIONS;

/** The default `--kube-version`: the newest version with a field catalog. */
export const DEFAULT_KUBE_VERSION = '1.37';

/**
 * npm packages holding ajv validators of the built-in kinds, by the Kubernetes version they were
 * generated from (established in docs/check.md: the packages do not state it), oldest first.
 */
const KUBE_PACKAGES: readonly { readonly version: string; readonly name: string }[] = [
  { version: '1.33', name: 'kubernetes-models-v1.33' },
  { version: '1.36', name: 'kubernetes-models' },
];

function minor(version: string): number {
  return Number(version.split('.')[1]);
}

/**
 * The Kubernetes version whose ajv schemas check values at `kubeVersion`: the oldest package not
 * older than it. API versions only gain fields and enum values, so a newer schema checks the
 * fields an older version has as that version would; the field catalog of `kubeVersion` itself
 * reports the fields the newer schema knows and the older version does not. A version newer than
 * every package (1.37) gets the newest package's value checks, and the required fields and JSON
 * types of its own catalog: those schemas do not forbid unknown fields, so the fields it added
 * pass them, and its catalog tells the fields that exist.
 */
export function schemaPackageVersion(kubeVersion: string): string | undefined {
  return (
    KUBE_PACKAGES.find((pkg) => minor(pkg.version) >= minor(kubeVersion)) ?? KUBE_PACKAGES.at(-1)
  )?.version;
}

/** CRD schema packages by API group; they do not depend on the Kubernetes version. */
const CRD_PACKAGES: Readonly<Record<string, string>> = {
  'networking.istio.io': '@kubernetes-models/istio',
  'security.istio.io': '@kubernetes-models/istio',
  'telemetry.istio.io': '@kubernetes-models/istio',
  'extensions.istio.io': '@kubernetes-models/istio',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
  'gateway.networking.x-k8s.io': '@kubernetes-models/gateway-api',
};

/** True when `group` is a CRD API group whose schemas kprod ships (Istio, Gateway API, …). */
export function isCrdSchemaGroup(group: string): boolean {
  return Object.hasOwn(CRD_PACKAGES, group);
}

/** The npm package holding the schemas of CRD API group `group`, or undefined. */
export function crdPackageOf(group: string): string | undefined {
  return Object.hasOwn(CRD_PACKAGES, group) ? CRD_PACKAGES[group] : undefined;
}

/** One schema problem, as ajv reports it. */
export interface SchemaError {
  /** JSON pointer of the value, e.g. `/spec/replicas`. */
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
}

/** Validates one object; returns its schema errors, empty when valid. */
export type SchemaValidator = (object: unknown) => readonly SchemaError[];

interface ModelClass {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly prototype: { readonly validate: (this: unknown) => void };
}

const requireModule = createRequire(import.meta.url);
const packageRoots = new Map<string, string | undefined>();
const validators = new Map<string, SchemaValidator | undefined>();

// Group, version and kind become a module path: accept only the characters they can contain.
const GROUP = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function packageRoot(name: string): string | undefined {
  if (!packageRoots.has(name)) {
    let root: string | undefined;
    try {
      root = dirname(fileURLToPath(import.meta.resolve(name)));
    } catch {
      root = undefined;
    }
    packageRoots.set(name, root);
  }
  return packageRoots.get(name);
}

let bundleRoot: string | null | undefined;

/**
 * The `schemas` folder of the `dist` folder this module was compiled into (dist/check, or the
 * bench's dist/.bench/src/check), or null when it runs from the sources: tests of the sources
 * then use the packages, never a build that may be stale.
 */
function bundleRootDir(): string | null {
  if (bundleRoot === undefined) {
    bundleRoot = null;
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let up = 0; up < 5; up += 1) {
      if (basename(dir) === 'dist') {
        const candidate = join(dir, 'schemas');
        bundleRoot = existsSync(candidate) ? candidate : null;
        break;
      }
      dir = dirname(dir);
    }
  }
  return bundleRoot;
}

/** The pre-linked file of a kind: `dist/schemas/kubernetes-models/apps_v1.Deployment.cjs`. */
function bundledFile(pkg: string, group: string, version: string, kind: string) {
  const root = bundleRootDir();
  if (root === null) return undefined;
  const dir = pkg.replace(/^@/, '').replace(/\//g, '-');
  const file = join(root, dir, `${group === '' ? version : `${group}_${version}`}.${kind}.cjs`);
  return existsSync(file) ? file : undefined;
}

function loadValidator(pkg: string, group: string, version: string, kind: string) {
  const root = packageRoot(pkg);
  if (root === undefined) return undefined;
  const file =
    bundledFile(pkg, group, version, kind) ??
    join(root, group === '' ? version : join(group, version), `${kind}.js`);
  let exports: Record<string, unknown>;
  try {
    // The packages are ESM with an import-only export map; Node >= 20.19 loads ESM
    // synchronously through require(), which keeps the check functions synchronous.
    exports = requireModule(file) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  const model = exports[kind] as ModelClass | undefined;
  const apiVersion = group === '' ? version : `${group}/${version}`;
  // Packages also hold files for nested types (`Duration.js`); only top-level kinds qualify.
  if (model?.kind !== kind || model.apiVersion !== apiVersion) return undefined;
  const validate = model.prototype.validate;
  return (object: unknown): readonly SchemaError[] => {
    try {
      validate.call(object);
      return [];
    } catch (error) {
      const errors = (error as { errors?: unknown }).errors;
      if (!Array.isArray(errors)) throw error;
      return errors as SchemaError[];
    }
  };
}

/**
 * Returns the validator for `apiVersion`/`kind` at Kubernetes `kubeVersion` (from the package
 * of schemaPackageVersion), or undefined when no schema is known for it (a CRD kprod has no
 * schema for, a typo in the kind, an alpha or beta API the packages leave out).
 */
export function schemaValidatorFor(
  kubeVersion: string,
  apiVersion: string,
  kind: string,
): SchemaValidator | undefined {
  const key = `${kubeVersion}\0${apiVersion}\0${kind}`;
  if (validators.has(key)) return validators.get(key);
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  let validator: SchemaValidator | undefined;
  if ((group === '' || GROUP.test(group)) && VERSION.test(version) && KIND.test(kind)) {
    const schemaVersion = schemaPackageVersion(kubeVersion);
    const pkg = isCrdSchemaGroup(group)
      ? CRD_PACKAGES[group]
      : KUBE_PACKAGES.find((p) => p.version === schemaVersion)?.name;
    if (pkg !== undefined) validator = loadValidator(pkg, group, version, kind);
  }
  validators.set(key, validator);
  return validator;
}
