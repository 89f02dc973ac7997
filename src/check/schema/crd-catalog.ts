/**
 * The field catalogs of the CRD kinds kprod knows (Istio, Gateway API, prometheus-operator):
 * every field of every served version of every kind, in the format of the Kubernetes catalogs
 * (kube-catalog.ts), so catalog-walk.ts finds their unknown fields the same way. Generated from
 * the projects' own CRD YAML, in the Go modules pinned by test/cluster/crds/go.mod, by
 * `npm run gen:crd-catalogs` (scripts/gen-crd-catalogs.mjs) into `catalogs/crd-<name>.json`. They
 * do not depend on `--kube-version`; a file is read the first time an object of its groups is seen.
 */
import { createRequire } from 'node:module';
import { type CatalogFile, type KubeCatalog, compileCatalog } from './kube-catalog.js';
// Type-only imports that import nothing: they put the catalogs in the TypeScript program, so
// every compilation (the build, the bench) emits them next to this module, which reads them.
import type {} from './catalogs/crd-gateway-api.json';
import type {} from './catalogs/crd-istio.json';
import type {} from './catalogs/crd-prometheus-operator.json';

interface CrdCatalogFile extends CatalogFile {
  /** Go module and version of the CRD YAML: `istio.io/api@v1.31.4`. */
  readonly source: string;
}

/** The catalog (`catalogs/crd-<name>.json`) of each CRD API group kprod knows. */
const CRD_CATALOGS: Readonly<Record<string, string>> = {
  'networking.istio.io': 'istio',
  'security.istio.io': 'istio',
  'telemetry.istio.io': 'istio',
  'extensions.istio.io': 'istio',
  'monitoring.coreos.com': 'prometheus-operator',
  'gateway.networking.k8s.io': 'gateway-api',
  'gateway.networking.x-k8s.io': 'gateway-api',
};

const requireJson = createRequire(import.meta.url);
const catalogs = new Map<string, KubeCatalog>();

/** True when `group` is a CRD API group whose catalog kprod ships (Istio, Gateway API, …). */
export function isCrdCatalogGroup(group: string): boolean {
  return Object.hasOwn(CRD_CATALOGS, group);
}

/**
 * The field catalog of CRD API group `group` (`networking.istio.io`), read on first use;
 * undefined for other groups. Its `version` names the Go module and version of the CRDs.
 */
export function crdCatalogFor(group: string): KubeCatalog | undefined {
  const name = isCrdCatalogGroup(group) ? CRD_CATALOGS[group] : undefined;
  if (name === undefined) return undefined;
  let catalog = catalogs.get(name);
  if (catalog === undefined) {
    const file = requireJson(`./catalogs/crd-${name}.json`) as CrdCatalogFile;
    catalog = compileCatalog(file.source, file);
    catalogs.set(name, catalog);
  }
  return catalog;
}
