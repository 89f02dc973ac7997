import {
  type FieldPath,
  type SourceObject,
  formatFieldPath,
  locateField,
} from '../manifest/source-object.js';

/** How bad a finding is; `--fail-on` compares against it. */
export type Severity = 'error' | 'warning' | 'info';

/** Identifies the object a finding is about. */
export interface ResourceId {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** One problem found in the input. */
export interface Finding {
  /** Rule id, kebab-case, e.g. `pss-restricted`, `image-not-pinned`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly resource: ResourceId;
  readonly file: string;
  readonly line: number;
  /** The field the finding is about, formatted by formatFieldPath. */
  readonly field?: string | undefined;
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

/**
 * Findings read by position: an array, or the findings of a large run kept in columns and made
 * into objects one at a time as they are read.
 */
export interface FindingList {
  readonly length: number;
  at(index: number): Finding | undefined;
}

/** The documentation of one rule: `kprod check --explain RULE` and docs/rules.md use it. */
export interface RuleDoc {
  readonly id: string;
  /** The rule family (one source file each): schema, pod-security, practices, references, istio. */
  readonly family: string;
  readonly severity: Severity;
  /** One line. */
  readonly summary: string;
  /** Markdown: why it matters, what is checked exactly, with the guide section where relevant. */
  readonly description: string;
  /** A failing example in YAML, when it helps. */
  readonly example?: string;
}

/**
 * The rule constructor of one family: `rule(id, severity, summary, description, example)`
 * gives that family's RuleDoc, so each rule file states its family once.
 */
export function ruleDocsOf(
  family: string,
): (
  id: string,
  severity: RuleDoc['severity'],
  summary: string,
  description: string,
  example: string,
) => RuleDoc {
  return (id, severity, summary, description, example) => ({
    id,
    family,
    severity,
    summary,
    description,
    example,
  });
}

/** Settings a family may read. */
export interface CheckOptions {
  /** Kubernetes minor version to validate against, e.g. `1.33`. */
  readonly kubeVersion: string;
  /** `prod` makes digest pinning an error. */
  readonly profile: 'default' | 'prod';
  /** Evaluate Pod Security at this level without namespaces. */
  readonly pssLevel?: 'baseline' | 'restricted' | undefined;
  readonly pssVersion?: string | undefined;
  /** Labels assumed for namespaces not present in the input (`--namespace-labels`). */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /** Namespace assumed for objects without one (as `kubectl apply -n`); default `default`. */
  readonly defaultNamespace?: string | undefined;
}

/** What a family receives: every object of the input, and the options. */
export interface CheckInput {
  readonly objects: readonly SourceObject[];
  readonly options: CheckOptions;
}

/**
 * A rule family: pure, objects in, findings out, in up to two passes. `checkObject` sees each
 * object whole as it is read, after which the object is let go: rules about one object alone
 * belong there. `check` runs once every object is read, over the compact index of the input
 * (each object reduced by compactObject to what rules relating objects read: names, labels,
 * selectors, ports, references, pod security fields; lists keep their indexes, so paths and
 * lines stay exact): rules that relate objects to each other belong there.
 */
export interface RuleFamily {
  readonly name: string;
  readonly rules: readonly RuleDoc[];
  /** Per-object pass: the findings about one object alone. */
  checkObject?(source: SourceObject, options: CheckOptions): Finding[];
  /**
   * Cross-object pass, over the compact index of every object of the input. Findings are taken
   * as they come: a family that hands them over as it makes them (a generator) never holds
   * them all.
   */
  check?(input: CheckInput): Iterable<Finding>;
}

/** The id of an input object; fields that are absent or not strings read as empty. */
export function resourceIdOf(source: SourceObject): ResourceId {
  const meta = source.object.metadata ?? {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    apiVersion: str(source.object.apiVersion),
    kind: str(source.object.kind),
    namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
    name: str(meta.name),
  };
}

/**
 * The object findings were last made for, and its id: a family makes its findings about one
 * object in a row, and the finding store recognises a shared id at once. Sources are never
 * changed while they are checked, so the id stays true; only the last object is held.
 */
const last: { source: SourceObject | undefined; resource: ResourceId | undefined } = {
  source: undefined,
  resource: undefined,
};

/** Forgets the last object's id: each check run starts afresh (objects may change between runs). */
export function forgetLastResource(): void {
  last.source = undefined;
  last.resource = undefined;
}

function resourceOfLast(source: SourceObject): ResourceId {
  if (source !== last.source || last.resource === undefined) {
    last.source = source;
    last.resource = resourceIdOf(source);
  }
  return last.resource;
}

/**
 * Builds a finding for an object, filling resource, file and line: where the field was written if
 * known (a kustomize patch may be another file than the object's), else the object's line.
 * Findings about one object share its {@link ResourceId} object.
 */
export function findingFor(
  source: SourceObject,
  rule: RuleDoc,
  message: string,
  hint: string,
  field?: FieldPath,
  severity: Severity = rule.severity,
): Finding {
  const resource = resourceOfLast(source);
  const at = field === undefined ? undefined : locateField(source, field);
  return {
    rule: rule.id,
    severity,
    resource,
    file: at?.file ?? source.file,
    line: at?.line ?? source.line,
    field: field === undefined ? undefined : formatFieldPath(field),
    message,
    hint,
  };
}
