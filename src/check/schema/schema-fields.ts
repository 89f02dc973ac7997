/**
 * The fields of one object, for the schema family: built-in kinds are walked against the field
 * catalog of `--kube-version`, custom resources of the CRD groups kprod knows against their CRD
 * catalog, for unknown fields, missing required fields, wrong types and rejected values. A kind
 * that another Kubernetes version serves but this one does not is reported.
 */
import type { Finding } from '../finding.js';
import { findingFor } from '../finding.js';
import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import {
  apiGroupOf,
  formatFieldPath,
  isPlainKey,
  locateNearest,
} from '../../manifest/source-object.js';
import type { SchemaProblem } from './schema-problems.js';
import {
  type CatalogType,
  type KubeCatalog,
  catalogVersionsServing,
  kubeCatalogFor,
} from './kube-catalog.js';
import { crdCatalogFor } from './crd-catalog.js';
import { type UnknownField, type WalkChecks, walkCatalog } from './catalog-walk.js';
import { closestName } from './closest-name.js';
import type { KindPlan } from './kind-plan.js';
import {
  apiNotServed,
  kindUnknown,
  schemaInvalid,
  schemaUnknown,
  schemaUnknownField,
} from './schema-rules.js';

function explainPath(kind: string, path: FieldPath): string {
  // kubectl explain takes field names only: list indexes are dropped, and the path stops at a
  // map key that is not a plain name (`stringData.tls.key` explains `stringData`).
  const fields: string[] = [];
  for (const part of path) {
    if (typeof part === 'number') continue;
    if (!isPlainKey(part)) break;
    fields.push(part);
  }
  return `kubectl explain ${[kind.toLowerCase(), ...fields].join('.')}`;
}

function unknownFieldFinding(source: SourceObject, kind: string, field: UnknownField): Finding {
  const name = String(field.path.at(-1));
  const suggestion = closestName(name, field.type.fields.keys());
  const explain = explainPath(kind, field.typePath);
  const hint =
    suggestion === undefined
      ? `Remove the field or correct its name; ${explain} lists the fields there.`
      : `Did you mean "${suggestion}"? ${explain} lists the fields there.`;
  const finding = findingFor(
    source,
    schemaUnknownField,
    `unknown field "${formatFieldPath(field.path)}"`,
    hint,
    field.path,
  );
  return { ...finding, ...locateNearest(source, field.path) };
}

function schemaInvalidFinding(source: SourceObject, kind: string, problem: SchemaProblem): Finding {
  const finding = findingFor(
    source,
    schemaInvalid,
    `${formatFieldPath(problem.path)}: ${problem.message}`,
    `Correct the field to match the ${kind} schema (${explainPath(kind, problem.path)}).`,
    problem.path,
  );
  return { ...finding, ...locateNearest(source, problem.anchor) };
}

/** The core group, the unqualified groups (`apps`, `batch`, …) and `*.k8s.io`. */
const BUILT_IN_GROUP = /^(?:[a-z0-9-]*|.*\.k8s\.io)$/;

const EVERYTHING: WalkChecks = { required: true, types: true };

function notServedFinding(
  source: SourceObject,
  kubeVersion: string,
  apiVersion: string,
  kind: string,
  servedBy: readonly string[],
): Finding {
  const alternatives =
    kubeCatalogFor(kubeVersion)?.apiVersionsOf(apiGroupOf(apiVersion), kind) ?? [];
  const hint =
    alternatives.length === 0
      ? `Set --kube-version to the cluster's version, or use an API that Kubernetes ${kubeVersion} serves.`
      : `Use ${alternatives.join(' or ')}, which Kubernetes ${kubeVersion} serves, or set --kube-version to the cluster's version.`;
  return findingFor(
    source,
    apiNotServed,
    `${apiVersion} ${kind} is not served by Kubernetes ${kubeVersion} (served by ${servedBy.join(', ')})`,
    hint,
    ['apiVersion'],
  );
}

/**
 * An object whose apiVersion/kind has no schema: `kind-unknown` when `catalog` knows the API
 * version (or the kind) completely, so the kind cannot exist there; `schema-unknown` otherwise.
 */
function noSchemaFinding(
  source: SourceObject,
  apiVersion: string,
  kind: string,
  catalog: KubeCatalog | undefined,
  crd = false,
): Finding {
  const kinds = catalog?.kindsOf(apiVersion) ?? [];
  const sameGroup = catalog?.apiVersionsOf(apiGroupOf(apiVersion), kind) ?? [];
  // Only an API version (or group) the catalog knows completely proves the kind wrong: a custom
  // resource of another operator may well be called Deployment.
  if (catalog !== undefined && (kinds.length > 0 || sameGroup.length > 0)) {
    const servedAs = sameGroup.length > 0 ? sameGroup : catalog.servingApiVersions(kind);
    const close = closestName(kind, kinds);
    const hint =
      servedAs.length > 0
        ? `${kind} is served as ${servedAs.join(' or ')}: set apiVersion to that.`
        : close !== undefined
          ? `Did you mean "${close}"?`
          : `${apiVersion} serves: ${kinds.join(', ')}.`;
    // A CRD release newer than the package kprod ships may add kinds: only a warning there.
    return findingFor(
      source,
      kindUnknown,
      `no matches for kind "${kind}" in version "${apiVersion}"`,
      crd ? `${hint} (kprod knows the kinds of ${catalog.version}.)` : hint,
      [servedAs.length > 0 ? 'apiVersion' : 'kind'],
      crd ? 'warning' : 'error',
    );
  }
  return findingFor(
    source,
    schemaUnknown,
    `no schema for ${apiVersion}/${kind}`,
    'Check apiVersion and kind for typos; custom resources of other operators are not validated.',
  );
}

/** Walks an object against its root type and reports what the walk found, in line order. */
function checkAgainst(
  source: SourceObject,
  kind: string,
  catalog: KubeCatalog,
  root: CatalogType,
  findings: Finding[],
): void {
  const walk = walkCatalog(source.object, root, catalog, EVERYTHING);
  if (walk.unknown.length === 0 && walk.problems.length === 0) return;
  const own = walk.unknown.map((field) => unknownFieldFinding(source, kind, field));
  for (const problem of walk.problems) own.push(schemaInvalidFinding(source, kind, problem));
  findings.push(...own.sort((a, b) => a.line - b.line));
}

/**
 * Checks the fields of one object whose API version the deprecation guide has not removed:
 * against `schema`, its kind's plan (kind-plan.ts), or else says why it has none.
 */
export function checkFields(
  source: SourceObject,
  kubeVersion: string,
  apiVersion: string,
  kind: string,
  schema: KindPlan['schema'],
  findings: Finding[],
): void {
  if (schema !== undefined) {
    checkAgainst(source, kind, schema.catalog, schema.root, findings);
    return;
  }
  const group = apiGroupOf(apiVersion);
  const crdCatalog = crdCatalogFor(group);
  if (crdCatalog !== undefined) {
    // The CRDs' own YAML decides which versions and kinds are served.
    findings.push(noSchemaFinding(source, apiVersion, kind, crdCatalog, true));
    return;
  }
  const catalog = kubeCatalogFor(kubeVersion);
  // Only built-in API groups can be served by another version; a custom resource of another
  // operator (cert-manager.io) must not make every version's catalog load.
  const servedBy =
    catalog === undefined || !BUILT_IN_GROUP.test(group)
      ? []
      : catalogVersionsServing(apiVersion, kind);
  if (servedBy.length > 0) {
    findings.push(notServedFinding(source, kubeVersion, apiVersion, kind, servedBy));
  } else {
    findings.push(noSchemaFinding(source, apiVersion, kind, catalog));
  }
}
