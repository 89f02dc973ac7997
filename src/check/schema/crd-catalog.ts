/**
 * The field catalogs of the CRD kinds kprod has schemas for (Istio, Gateway API,
 * prometheus-operator): every field of every kind, in the format of the Kubernetes catalogs
 * (kube-catalog.ts), so catalog-walk.ts finds their unknown fields the same way. Generated from
 * the .d.ts files of the schema packages by `npm run gen:crd-catalogs`
 * (scripts/gen-crd-catalogs.mjs) into `catalogs/crd-<name>.json`. They do not depend on
 * `--kube-version`; a package's file is read the first time an object of its groups is seen.
 */
import { createRequire } from 'node:module';
import { type CatalogFile, type KubeCatalog, compileCatalog } from './kube-catalog.js';
import { crdPackageOf } from './schema-registry.js';
// Type-only imports that import nothing: they put the catalogs in the TypeScript program, so
// every compilation (the build, the bench) emits them next to this module, which reads them.
import type {} from './catalogs/crd-gateway-api.json';
import type {} from './catalogs/crd-istio.json';
import type {} from './catalogs/crd-prometheus-operator.json';

interface CrdCatalogFile extends CatalogFile {
  readonly package: string;
  readonly version: string;
}

const requireJson = createRequire(import.meta.url);
const catalogs = new Map<string, KubeCatalog>();

/**
 * The field catalog of CRD API group `group` (`networking.istio.io`), read on first use;
 * undefined for groups without a CRD schema package. Its `version` names the package.
 */
export function crdCatalogFor(group: string): KubeCatalog | undefined {
  const pkg = crdPackageOf(group);
  if (pkg === undefined) return undefined;
  if (!catalogs.has(pkg)) {
    // `@kubernetes-models/istio` → catalogs/crd-istio.json, as scripts/crd-catalog.mjs names it.
    const file = requireJson(
      `./catalogs/crd-${pkg.slice(pkg.lastIndexOf('/') + 1)}.json`,
    ) as CrdCatalogFile;
    catalogs.set(pkg, compileCatalog(`${file.package}@${file.version}`, file));
  }
  return catalogs.get(pkg);
}
