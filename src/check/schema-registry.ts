/**
 * Finds the compiled validator for an apiVersion/kind. The validators come from the
 * kubernetes-models packages, which ship every schema of the Kubernetes OpenAPI document (and of
 * the Istio, Gateway API and prometheus-operator CRDs) as ajv functions compiled ahead of time,
 * so nothing is compiled here: a kind's module is loaded the first time an object of that kind
 * is seen, then cached.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Kubernetes minor versions with a schema set, oldest first; the last one is the default. */
export const SUPPORTED_KUBE_VERSIONS = ['1.33', '1.34'] as const;

/** The default `--kube-version`: the newest supported. */
export const DEFAULT_KUBE_VERSION = '1.34';

/** npm package holding the built-in API schemas of each supported Kubernetes version. */
const KUBE_PACKAGES: Readonly<Record<string, string>> = {
  '1.33': 'kubernetes-models-v1.33',
  '1.34': 'kubernetes-models',
};

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

function loadValidator(pkg: string, group: string, version: string, kind: string) {
  const root = packageRoot(pkg);
  if (root === undefined) return undefined;
  const file = join(root, group === '' ? version : join(group, version), `${kind}.js`);
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
 * Returns the validator for `apiVersion`/`kind` at Kubernetes `kubeVersion`, or undefined when
 * no schema is known for it (a CRD kprod has no schema for, a typo in the kind).
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
    const pkg = CRD_PACKAGES[group] ?? KUBE_PACKAGES[kubeVersion];
    if (pkg !== undefined) validator = loadValidator(pkg, group, version, kind);
  }
  validators.set(key, validator);
  return validator;
}
