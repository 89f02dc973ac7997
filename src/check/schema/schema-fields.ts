/**
 * The fields of one object, for the schema family: built-in kinds are walked against the field
 * catalog of `--kube-version` (unknown fields, and what no exact ajv schema checks) and
 * validated with the ajv schema of that version or the nearest newer one; CRDs are walked
 * against the catalog of their schema package for unknown fields only, and validated with its
 * ajv schema. A kind that another Kubernetes version serves but this one does not is reported.
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
import { type SchemaError, type SchemaValidator, schemaValidatorFor } from './schema-registry.js';
import { type SchemaProblem, summariseSchemaErrors, valueAt } from './schema-problems.js';
import {
  type CatalogType,
  type KubeCatalog,
  catalogVersionsServing,
  kubeCatalogFor,
} from './kube-catalog.js';
import { crdCatalogFor } from './crd-catalog.js';
import {
  type CatalogWalk,
  type UnknownField,
  type WalkChecks,
  walkCatalog,
} from './catalog-walk.js';
import { closestName } from './closest-name.js';
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

function isWithin(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}

/** The core group, the unqualified groups (`apps`, `batch`, …) and `*.k8s.io`. */
const BUILT_IN_GROUP = /^(?:[a-z0-9-]*|.*\.k8s\.io)$/;

const UNKNOWN_ONLY: WalkChecks = { required: false, types: false };
const REQUIRED_TOO: WalkChecks = { required: true, types: false };
const STRUCTURE: WalkChecks = { required: true, types: true };
const NO_ERRORS: readonly SchemaError[] = [];

/**
 * The problems of a built-in object. With a validator of the exact version, ajv's. With one of a
 * newer version, ajv's value checks (not its required fields, which may differ) and the
 * catalog's required fields. Without a validator (alpha and beta APIs), the catalog's required
 * fields and types.
 */
function builtInProblems(
  object: Readonly<Record<string, unknown>>,
  errors: readonly SchemaError[],
  exact: boolean,
  walk: CatalogWalk,
): SchemaProblem[] {
  if (errors.length === 0) return walk.problems;
  if (exact) return withoutEmptyEnums(object, summariseSchemaErrors(object, errors));
  const fromAjv = summariseSchemaErrors(
    object,
    errors.filter((error) => error.keyword !== 'required'),
  ).filter((problem) => !walk.unknown.some((field) => isWithin(problem.path, field.path)));
  return [...withoutEmptyEnums(object, fromAjv), ...walk.problems];
}

/**
 * Drops enum problems about an empty string: a built-in type's string field decodes `""` as
 * unset, so the API server defaults it (a Service's `type: ""` is ClusterIP) or its validation
 * code judges it, never the OpenAPI enum.
 */
function withoutEmptyEnums(object: unknown, problems: SchemaProblem[]): SchemaProblem[] {
  return problems.filter(
    (p) => !(p.message.startsWith('must be one of ') && valueAt(object, p.path) === ''),
  );
}

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

/**
 * A custom resource of a CRD group kprod has a catalog of, at a version/kind the catalog serves:
 * the fields the catalog does not have, and ajv's problems where a schema package has the kind
 * (its required fields and types are ajv's to check); without one, the catalog's required fields
 * and JSON types.
 */
function checkCustomResource(
  source: SourceObject,
  kind: string,
  catalog: KubeCatalog,
  root: CatalogType,
  validator: SchemaValidator | undefined,
  findings: Finding[],
): void {
  const { object } = source;
  const walk = walkCatalog(
    object,
    root,
    catalog,
    validator === undefined ? STRUCTURE : UNKNOWN_ONLY,
  );
  const problems =
    validator === undefined ? walk.problems : summariseSchemaErrors(object, validator(object));
  if (walk.unknown.length === 0) {
    for (const problem of problems) findings.push(schemaInvalidFinding(source, kind, problem));
    return;
  }
  const own = walk.unknown.map((field) => unknownFieldFinding(source, kind, field));
  for (const problem of problems) own.push(schemaInvalidFinding(source, kind, problem));
  findings.push(...own.sort((a, b) => a.line - b.line));
}

/**
 * Checks the fields of one object not removed by the deprecation guide; `exactSchemas` tells
 * whether the ajv schemas are of `kubeVersion` itself.
 */
export function checkFields(
  source: SourceObject,
  kubeVersion: string,
  exactSchemas: boolean,
  apiVersion: string,
  kind: string,
  findings: Finding[],
): void {
  const { object } = source;
  const group = apiGroupOf(apiVersion);
  const validator = schemaValidatorFor(kubeVersion, apiVersion, kind);
  const crdCatalog = crdCatalogFor(group);
  if (crdCatalog !== undefined) {
    // The CRDs' own YAML decides which versions and kinds are served.
    const crdRoot = crdCatalog.rootType(apiVersion, kind);
    if (crdRoot === undefined) {
      findings.push(noSchemaFinding(source, apiVersion, kind, crdCatalog, true));
    } else checkCustomResource(source, kind, crdCatalog, crdRoot, validator, findings);
    return;
  }
  const catalog = kubeCatalogFor(kubeVersion);
  const root = catalog?.rootType(apiVersion, kind);
  if (catalog !== undefined && root !== undefined) {
    const checks = validator === undefined ? STRUCTURE : exactSchemas ? UNKNOWN_ONLY : REQUIRED_TOO;
    const walk = walkCatalog(object, root, catalog, checks);
    const errors = validator === undefined ? NO_ERRORS : validator(object);
    if (walk.unknown.length === 0 && walk.problems.length === 0 && errors.length === 0) return;
    const own = walk.unknown.map((field) => unknownFieldFinding(source, kind, field));
    for (const problem of builtInProblems(object, errors, exactSchemas, walk)) {
      own.push(schemaInvalidFinding(source, kind, problem));
    }
    findings.push(...own.sort((a, b) => a.line - b.line));
    return;
  }
  // Only built-in API groups can be served by another version; a custom resource of another
  // operator (cert-manager.io) must not make every version's catalog load.
  const servedBy =
    catalog === undefined || !BUILT_IN_GROUP.test(group)
      ? []
      : catalogVersionsServing(apiVersion, kind);
  if (servedBy.length > 0) {
    findings.push(notServedFinding(source, kubeVersion, apiVersion, kind, servedBy));
  } else if (validator === undefined) {
    findings.push(noSchemaFinding(source, apiVersion, kind, catalog));
  } else {
    // Kinds the ajv packages keep and no catalog serves as a kind (v1 ComponentStatus).
    for (const problem of summariseSchemaErrors(object, validator(object))) {
      findings.push(schemaInvalidFinding(source, kind, problem));
    }
  }
}
