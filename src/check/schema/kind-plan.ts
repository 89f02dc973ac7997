/**
 * What the schema family decides from an object's apiVersion and kind alone, at one Kubernetes
 * version: whether the API server still serves it, which catalog type its fields are walked
 * against, and whether api-validation reports its names and labels. Every object of a kind gets
 * the same answers, so they are found once per apiVersion/kind, not once per object.
 */
import { ownString } from '../../manifest/own-string.js';
import { apiGroupOf } from '../../manifest/source-object.js';
import { hasApiValidation } from '../api-validation/api-validation.js';
import { crdCatalogFor } from './crd-catalog.js';
import { type CatalogType, type KubeCatalog, kubeCatalogFor } from './kube-catalog.js';
import { type RemovedApi, removedApiFor } from './removed-apis.js';

/** How the schema family checks the objects of one apiVersion/kind. */
export interface KindPlan {
  /** The removal that makes the API server refuse the kind, when this version does not serve it. */
  readonly removed: RemovedApi | undefined;
  /** The catalog and root type the objects are walked against; undefined when there is none. */
  readonly schema: { readonly catalog: KubeCatalog; readonly root: CatalogType } | undefined;
  /** True when the api-validation family reports the kind's names and labels. */
  readonly apiValidated: boolean;
}

function planKind(kubeVersion: string, apiVersion: string, kind: string): KindPlan {
  const group = apiGroupOf(apiVersion);
  const kubeCatalog = kubeCatalogFor(kubeVersion);
  // The removal table speaks of whole API versions; a kind that came back later under the same
  // version (admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy in 1.28) is served
  // when the catalog of the version says so.
  const served = kubeCatalog?.rootType(apiVersion, kind) !== undefined;
  // A CRD group's own catalog decides which of its versions and kinds are served.
  const catalog = crdCatalogFor(group) ?? kubeCatalog;
  const root = catalog?.rootType(apiVersion, kind);
  return {
    removed: served ? undefined : removedApiFor(kubeVersion, apiVersion, kind),
    schema: catalog !== undefined && root !== undefined ? { catalog, root } : undefined,
    apiValidated: hasApiValidation(group, kind),
  };
}

/** The plans found so far, by apiVersion and kind, for {@link plannedVersion}. */
const plans = new Map<string, Map<string, KindPlan>>();
let plannedVersion = '';
let planCount = 0;

/** The plan for objects of `apiVersion`/`kind` at Kubernetes `kubeVersion`. */
export function kindPlanFor(kubeVersion: string, apiVersion: string, kind: string): KindPlan {
  // Bounded: input of many distinct kinds (or another version) starts the memo again.
  if (kubeVersion !== plannedVersion || planCount >= 4096) {
    plans.clear();
    plannedVersion = kubeVersion;
    planCount = 0;
  }
  let byKind = plans.get(apiVersion);
  if (byKind === undefined) {
    byKind = new Map();
    // Keys are kept for the whole run: copies, not slices of the text they were read from.
    plans.set(ownString(apiVersion), byKind);
  }
  let plan = byKind.get(kind);
  if (plan === undefined) {
    plan = planKind(kubeVersion, apiVersion, kind);
    byKind.set(ownString(kind), plan);
    planCount += 1;
  }
  return plan;
}
