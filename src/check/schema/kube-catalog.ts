/**
 * The field catalog of each supported Kubernetes version: every API type with its fields, and
 * the apiVersion/kind of every kind the API server serves. Generated from the OpenAPI v3
 * documents of each pinned k8s.io/kubernetes release (scripts/kube-releases.mjs) by
 * `npm run gen:catalogs` (scripts/gen-kube-catalogs.mjs) into `catalogs/kube-<minor>.json`;
 * a version's file is read the first time that version is used,
 * and each type is compiled into a Map of its fields the first time an object reaches it.
 */
import { createRequire } from 'node:module';
import { apiGroupOf } from '../../manifest/source-object.js';
// Type-only imports that import nothing: they put the catalogs in the TypeScript program, so
// every compilation (the build, the bench) emits them next to this module, which reads them.
import type {} from './catalogs/kube-1.29.json';
import type {} from './catalogs/kube-1.30.json';
import type {} from './catalogs/kube-1.31.json';
import type {} from './catalogs/kube-1.32.json';
import type {} from './catalogs/kube-1.33.json';
import type {} from './catalogs/kube-1.34.json';
import type {} from './catalogs/kube-1.35.json';
import type {} from './catalogs/kube-1.36.json';
import type {} from './catalogs/kube-1.37.json';

/** Kubernetes minor versions with a field catalog, oldest first. */
export const CATALOG_VERSIONS = [
  '1.29',
  '1.30',
  '1.31',
  '1.32',
  '1.33',
  '1.34',
  '1.35',
  '1.36',
  '1.37',
] as const;

/**
 * How a field's value is shaped; `any` is free-form JSON (RawExtension, JSON, a CRD's
 * `default`), which is not walked.
 */
export type ShapeForm = 'scalar' | 'object' | 'list' | 'map' | 'any';

/** Scalar codes of the catalog: string, integer, number, boolean, time, integer or string. */
export type ScalarCode = 's' | 'i' | 'n' | 'b' | 't' | 'x';

/** The shape of a field's value: a scalar, an object of a catalog type, or a list or map. */
export interface FieldShape {
  readonly form: ShapeForm;
  readonly scalar: ScalarCode;
  /** Catalog type name, for 'object'. */
  readonly type: string;
  /** Item shape, for lists and maps. */
  readonly item: FieldShape | undefined;
  /** True when an object type lies below: a walk for unknown fields only must descend. */
  readonly nested: boolean;
}

/** One API type: its fields by JSON name, and the names of the required ones. */
export interface CatalogType {
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldShape>;
  readonly required: readonly string[];
}

/**
 * The catalog of one Kubernetes version, or of one CRD package (crd-catalog.ts), whose
 * `version` then names the package and its version.
 */
export interface KubeCatalog {
  readonly version: string;
  /** Root type of a kind served at this version, or undefined. */
  rootType(apiVersion: string, kind: string): CatalogType | undefined;
  /** A type named by a field shape; the catalog holds every type its kinds reach. */
  type(name: string): CatalogType;
  /** API versions of `group` that serve `kind` at this version. */
  apiVersionsOf(group: string, kind: string): string[];
  /** The kinds `apiVersion` serves, sorted; empty for an API version the catalog lacks. */
  kindsOf(apiVersion: string): string[];
  /** Every API version of the catalog (any group) that serves `kind`. */
  servingApiVersions(kind: string): string[];
}

/** A catalog as the generators write it: kinds and types (headers are not read). */
export interface CatalogFile {
  readonly kinds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const requireJson = createRequire(import.meta.url);
const catalogs = new Map<string, KubeCatalog>();
const shapes = new Map<string, FieldShape>();

function scalarShape(form: ShapeForm, scalar: ScalarCode): FieldShape {
  return { form, scalar, type: '', item: undefined, nested: false };
}

/** Parses a catalog field type (`s`, `V1Container`, `[V1EnvVar`, `{[s`); shared across types. */
function shapeOf(spec: string): FieldShape {
  let shape = shapes.get(spec);
  if (shape !== undefined) return shape;
  const head = spec[0];
  if (head === '[' || head === '{') {
    const item = shapeOf(spec.slice(1));
    const form = head === '[' ? 'list' : 'map';
    shape = { form, scalar: 's', type: '', item, nested: item.nested };
  } else if (spec === '*') {
    shape = scalarShape('any', 's');
  } else if (spec.length === 1) {
    shape = scalarShape('scalar', spec as ScalarCode);
  } else {
    shape = { form: 'object', scalar: 's', type: spec, item: undefined, nested: true };
  }
  shapes.set(spec, shape);
  return shape;
}

/** Wraps a catalog file; each type is compiled into a Map the first time it is reached. */
export function compileCatalog(version: string, file: CatalogFile): KubeCatalog {
  // Kinds and apiVersions come from the input: copy them into prototype-free objects, so that
  // `kind: toString` or `kind: constructor` finds nothing instead of Object.prototype's members.
  const kinds = new Map<string, Readonly<Record<string, string>>>();
  for (const [apiVersion, byKind] of Object.entries(file.kinds)) {
    kinds.set(apiVersion, Object.assign(Object.create(null) as Record<string, string>, byKind));
  }
  const none: Readonly<Record<string, string>> = Object.create(null) as Record<string, string>;
  const kindsIn = (apiVersion: string) => kinds.get(apiVersion) ?? none;
  const types = new Map<string, CatalogType>();
  const type = (name: string): CatalogType => {
    let compiled = types.get(name);
    if (compiled !== undefined) return compiled;
    const fields = new Map<string, FieldShape>();
    const required: string[] = [];
    for (const [field, spec] of Object.entries(file.types[name] ?? {})) {
      const isRequired = spec.startsWith('!');
      fields.set(field, shapeOf(isRequired ? spec.slice(1) : spec));
      if (isRequired) required.push(field);
    }
    compiled = { name, fields, required };
    types.set(name, compiled);
    return compiled;
  };
  return {
    version,
    rootType(apiVersion, kind) {
      const name = kindsIn(apiVersion)[kind];
      return name === undefined ? undefined : type(name);
    },
    type,
    apiVersionsOf(group, kind) {
      return Object.keys(file.kinds).filter(
        (apiVersion) => kindsIn(apiVersion)[kind] !== undefined && apiGroupOf(apiVersion) === group,
      );
    },
    kindsOf(apiVersion) {
      return Object.keys(kindsIn(apiVersion)).sort();
    },
    servingApiVersions(kind) {
      return Object.keys(file.kinds).filter((v) => kindsIn(v)[kind] !== undefined);
    },
  };
}

/** The catalog of a Kubernetes minor version, read on first use; undefined for other versions. */
export function kubeCatalogFor(version: string): KubeCatalog | undefined {
  let catalog = catalogs.get(version);
  if (catalog === undefined) {
    if (!(CATALOG_VERSIONS as readonly string[]).includes(version)) return undefined;
    const file = requireJson(`./catalogs/kube-${version}.json`) as CatalogFile;
    catalog = compileCatalog(version, file);
    catalogs.set(version, catalog);
  }
  return catalog;
}

/** The versions, among those with a catalog, that serve `apiVersion`/`kind`. */
export function catalogVersionsServing(apiVersion: string, kind: string): string[] {
  return CATALOG_VERSIONS.filter(
    (version) => kubeCatalogFor(version)?.rootType(apiVersion, kind) !== undefined,
  );
}
