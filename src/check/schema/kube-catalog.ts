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
import { type ValueCheck, type ValueConstraint, compileValueCheck } from './value-checks.js';
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

/**
 * Scalar codes of the catalog: string, integer, number, boolean, time (RFC 3339), integer or
 * string, quantity (a number, or a string such as `250m`).
 */
export type ScalarCode = 's' | 'i' | 'n' | 'b' | 't' | 'x' | 'q';

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
  /** What the value must also be (enum, format, bounds …), checked once its type is right. */
  readonly check: ValueCheck | undefined;
  /** The format of an integer (`int32`, `int64`), which names what a fraction is not. */
  readonly format: string | undefined;
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
  /**
   * True for built-in types, whose string fields decode `""` as unset: an empty string then
   * passes an enum (the API server defaults the field or its validation code judges it).
   */
  readonly emptyIsUnset: boolean;
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

/**
 * A catalog as the generators write it: kinds, types, and the value constraints that field types
 * point into with `~N` (headers are not read).
 */
export interface CatalogFile {
  readonly kinds: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly values?: readonly ValueConstraint[];
}

const requireJson = createRequire(import.meta.url);
const catalogs = new Map<string, KubeCatalog>();

function scalarShape(
  form: ShapeForm,
  scalar: ScalarCode,
  check?: ValueCheck,
  format?: string,
): FieldShape {
  return { form, scalar, type: '', item: undefined, nested: false, check, format };
}

/**
 * Parses the field types of one catalog (`s`, `V1Container`, `[V1EnvVar`, `{[s`, `~3s`: a string
 * checked by values[3]); shapes and value checks are shared across its types.
 */
function shapeParser(values: readonly ValueConstraint[]): (spec: string) => FieldShape {
  const shapes = new Map<string, FieldShape>();
  const checks = new Map<number, ValueCheck>();
  const checkOf = (index: number): ValueCheck => {
    let check = checks.get(index);
    if (check === undefined) {
      const constraint = values[index];
      if (constraint === undefined) throw new Error(`catalog: no value constraint ${index}`);
      check = compileValueCheck(constraint);
      checks.set(index, check);
    }
    return check;
  };
  const parse = (spec: string, index: number | undefined): FieldShape => {
    const head = spec[0];
    if (head === '~') {
      let end = 1;
      while (spec.charCodeAt(end) >= 48 && spec.charCodeAt(end) <= 57) end += 1;
      return parse(spec.slice(end), Number(spec.slice(1, end)));
    }
    const check = index === undefined ? undefined : checkOf(index);
    if (head === '[' || head === '{') {
      const item = shapeOf(spec.slice(1));
      const form = head === '[' ? 'list' : 'map';
      return { form, scalar: 's', type: '', item, nested: item.nested, check, format: undefined };
    }
    if (spec === '*') return scalarShape('any', 's');
    if (spec.length === 1) {
      const format = index === undefined ? undefined : values[index]?.format;
      return scalarShape('scalar', spec as ScalarCode, check, format);
    }
    return {
      form: 'object',
      scalar: 's',
      type: spec,
      item: undefined,
      nested: true,
      check,
      format: undefined,
    };
  };
  const shapeOf = (spec: string): FieldShape => {
    let shape = shapes.get(spec);
    if (shape === undefined) {
      shape = parse(spec, undefined);
      shapes.set(spec, shape);
    }
    return shape;
  };
  return shapeOf;
}

/**
 * Wraps a catalog file; each type is compiled into a Map the first time it is reached.
 * `emptyIsUnset` is KubeCatalog's: true for built-in types.
 */
export function compileCatalog(
  version: string,
  file: CatalogFile,
  emptyIsUnset = false,
): KubeCatalog {
  const shapeOf = shapeParser(file.values ?? []);
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
    emptyIsUnset,
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
    catalog = compileCatalog(version, file, true);
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
