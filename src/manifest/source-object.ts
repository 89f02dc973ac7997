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

/** One object with its origin. */
export interface SourceObject {
  readonly object: ManifestObject;
  /** Path as given by the user (or `<stdin>`, or `kustomize:DIR`). */
  readonly file: string;
  /** 1-based line where the object starts. */
  readonly line: number;
  /** 0-based index of the YAML document in its file. */
  readonly documentIndex: number;
  /** 1-based line of a field, or undefined when the field is absent or the source has no positions. */
  lineOf(path: FieldPath): number | undefined;
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
