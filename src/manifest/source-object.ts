/**
 * A Kubernetes object read from a file, remembering where it came from so every finding and
 * error can say file:line (and the line of a field, where known).
 */

/** A field path into an object: `['spec', 'template', 'spec', 'containers', 0, 'image']`. */
export type FieldPath = readonly (string | number)[];

/** Any Kubernetes object as parsed JSON. */
export interface ManifestObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    namespace?: unknown;
    labels?: unknown;
    annotations?: unknown;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A place in a file a user can open: the file as the user named it, and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** One object with its origin. */
export interface SourceObject {
  readonly object: ManifestObject;
  /**
   * Path as given by the user (or `<stdin>`); for `-k DIR`, the file the object is written in,
   * or `kustomize:DIR` when kustomize could not say.
   */
  readonly file: string;
  /** 1-based line where the object starts. */
  readonly line: number;
  /** 0-based index of the YAML document in its file. */
  readonly documentIndex: number;
  /** 1-based line of a field, or undefined when the field is absent or the source has no positions. */
  lineOf(path: FieldPath): number | undefined;
  /**
   * Where the value at `path` was written when that may be another file than `file` (a kustomize
   * patch); undefined when the field is absent. Objects read from one file leave it out.
   */
  readonly locate?: ((path: FieldPath) => SourceLocation | undefined) | undefined;
  /** Every other file {@link locate} may answer with (the patches of a kustomize build). */
  readonly relatedFiles?: readonly string[] | undefined;
  /**
   * The same origin with `object` replaced by `compact`, holding neither the parsed object nor
   * its document's text: lines are found again from the file when asked for. The loader sets
   * it; objects made otherwise have none.
   */
  readonly detach?: ((compact: ManifestObject) => SourceObject) | undefined;
}

/** Where the field at `path` was written: {@link SourceObject.locate}, else its line in `file`. */
export function locateField(source: SourceObject, path: FieldPath): SourceLocation | undefined {
  if (source.locate !== undefined) return source.locate(path);
  const line = source.lineOf(path);
  return line === undefined ? undefined : { file: source.file, line };
}

/**
 * Where the field at `path` was written, or its nearest ancestor that has a place (a field
 * reached through a YAML alias or merge key has none of its own), else the object itself.
 */
export function locateNearest(source: SourceObject, path: FieldPath): SourceLocation {
  for (let length = path.length; length > 0; length -= 1) {
    const at = locateField(source, path.slice(0, length));
    if (at !== undefined) return at;
  }
  return { file: source.file, line: source.line };
}

/**
 * Renders a field path the way kubectl prints them: `spec.template.spec.containers[0].image`,
 * `metadata.labels[app.kubernetes.io/name]`.
 */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    // A map key that is not a plain name (`app.kubernetes.io/name`, `config.yml`) goes in
    // brackets, as the API server writes it, so the path can be read back unambiguously.
    else if (!isPlainKey(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** True for a plain field name (letters, digits, `_`, `$`, `-`), not a map key like `a.yml`. */
export function isPlainKey(key: string): boolean {
  return PLAIN_KEY.test(key);
}

/** The API group of an apiVersion: `apps` for `apps/v1`, `` for the core `v1`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
