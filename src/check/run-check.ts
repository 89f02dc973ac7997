/**
 * The check engine: runs every rule family over the input, then applies what users control:
 * the `kprod.dev/ignore` annotation on a resource, and `.kprod.yaml` severities and excludes.
 * Objects stream through it (see {@link CheckRun}): memory does not grow with the input's text.
 */
import { EMPTY_CHECK_CONFIG, type CheckConfig, excludeMatches } from './check-config.js';
import { FAMILIES } from './families.js';
import type { SourceObject } from '../manifest/source-object.js';
import { SharedValues, compactObject } from './compact-object.js';
import { FindingStore } from './finding-store.js';
import {
  type CheckInput,
  type CheckOptions,
  type Finding,
  type FindingList,
  type ResourceId,
  type RuleFamily,
  forgetLastResource,
  resourceIdOf,
} from './finding.js';
import { forgetFoundTemplates } from './pod-templates.js';

/** Annotation listing the rules to ignore on one resource: `kprod.dev/ignore: rule-a,rule-b`. */
export const IGNORE_ANNOTATION = 'kprod.dev/ignore';

function resourceKey(file: string, resource: ResourceId): string {
  return [file, resource.apiVersion, resource.kind, resource.namespace ?? '', resource.name].join(
    '\0',
  );
}

/** Records the rules one object's `kprod.dev/ignore` annotation ignores. */
function noteIgnoredRules(source: SourceObject, ignored: Map<string, Set<string>>): void {
  const annotations = source.object.metadata?.annotations;
  if (typeof annotations !== 'object' || annotations === null) return;
  const value = (annotations as Record<string, unknown>)[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return;
  const id = resourceIdOf(source);
  // A finding on an object of a kustomize build may point at one of its patches.
  for (const file of [source.file, ...(source.relatedFiles ?? [])]) {
    const key = resourceKey(file, id);
    const rules = ignored.get(key) ?? new Set<string>();
    for (const rule of value.split(',')) if (rule.trim() !== '') rules.add(rule.trim());
    ignored.set(key, rules);
  }
}

/** Orders findings by file, line, then rule, so output is stable and follows the files. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * One run of the check over a stream of objects: {@link CheckRun.add} each object as it is
 * read, then {@link CheckRun.finish} once. `add` runs the per-object pass of every family on the
 * whole object and keeps only its findings (in a {@link FindingStore}) and its compact index
 * entry (compact-object.ts); `finish` runs the cross-object passes over the index. Memory then
 * grows with the index and the findings, not with the text or the parsed documents. Pure:
 * objects in, findings out; the caller does the reading.
 */
export class CheckRun {
  private readonly index: SourceObject[] = [];
  private readonly ignored = new Map<string, Set<string>>();
  private readonly store = new FindingStore();
  private readonly shared = new SharedValues();
  private readonly crossPass: boolean;
  private count = 0;

  /**
   * `keepWhole`: how many objects the index keeps whole before it starts compacting; compacting
   * costs CPU (a quarter more on the 10,000 objects of the bench) and only large input needs it.
   */
  constructor(
    private readonly options: CheckOptions,
    private readonly config: CheckConfig = EMPTY_CHECK_CONFIG,
    private readonly families: readonly RuleFamily[] = FAMILIES,
    private readonly keepWhole = 0,
  ) {
    this.crossPass = families.some((f) => f.check !== undefined);
    // What earlier runs found about an object no longer holds if it was changed since.
    forgetFoundTemplates();
    forgetLastResource();
  }

  /** How many objects were added. */
  get objects(): number {
    return this.count;
  }

  /** Runs the per-object passes on one object and keeps its compact index entry. */
  add(source: SourceObject): void {
    this.count += 1;
    noteIgnoredRules(source, this.ignored);
    this.families.forEach((family, i) => {
      if (family.checkObject === undefined) return;
      for (const finding of family.checkObject(source, this.options)) {
        this.store.add(finding, 2 * i);
      }
    });
    if (!this.crossPass) return;
    if (this.count <= this.keepWhole) {
      this.index.push(source);
      return;
    }
    // Cleared when large, so that it holds mostly what repeats; what is shared stays shared.
    if (this.shared.size > 50_000) this.shared.clear();
    const compact = compactObject(source.object, this.shared);
    this.index.push(source.detach?.(compact) ?? { ...source, object: compact });
  }

  /**
   * Runs the cross-object passes and returns the findings that remain after the
   * `kprod.dev/ignore` annotations (of every object: one read later may repeat an earlier one's
   * identity) and the config's severity overrides (`off` drops a rule) and excludes, sorted by
   * file and line.
   */
  finish(): CheckResult {
    const input: CheckInput = { objects: this.index, options: this.options };
    // The per-object pass is over: nothing of its objects is needed any more. Over a compacted
    // index the cross-object passes find each template anew rather than keep one for every
    // object; objects kept whole keep the templates the per-object pass found.
    forgetLastResource();
    this.shared.clear();
    const compacted = this.count > this.keepWhole;
    if (compacted) forgetFoundTemplates(false);
    this.families.forEach((family, i) => {
      if (family.check === undefined) return;
      for (const finding of family.check(input)) this.store.add(finding, 2 * i + 1);
    });
    if (compacted) forgetFoundTemplates();
    this.index.length = 0;
    const { config, ignored, store } = this;
    // Most runs ignore, turn off and exclude nothing: then no finding is made into an object.
    const filters =
      ignored.size > 0 ||
      config.exclude.length > 0 ||
      Object.values(config.severity).some((severity) => severity === 'off');
    const order = store.sortedIndexes(filters ? (index) => this.kept(index) : undefined);
    return new CheckResult(store, order, config, this.count);
  }

  /**
   * False when the stored finding at `index` is ignored by an annotation, turned `off` or
   * excluded by the config.
   */
  private kept(index: number): boolean {
    const { config, ignored, store } = this;
    const finding = store.get(index);
    // Most inputs ignore nothing: then no finding pays for building its resource key.
    if (
      ignored.size > 0 &&
      ignored.get(resourceKey(finding.file, finding.resource))?.has(finding.rule) === true
    ) {
      return false;
    }
    if (config.severity[finding.rule] === 'off') return false;
    return !config.exclude.some((rule) => excludeMatches(rule, finding));
  }
}

/**
 * The findings of a run in order, made into objects one at a time as they are read (a
 * {@link FindingList}), so that a large run never holds them all as objects.
 */
export class CheckResult implements FindingList {
  constructor(
    private readonly store: FindingStore,
    private readonly order: Uint32Array,
    private readonly config: CheckConfig,
    /** How many objects were checked. */
    readonly objects: number,
  ) {}

  /** How many findings remain. */
  get length(): number {
    return this.order.length;
  }

  /** The finding at `index` of the order, with the config's severity. */
  at(index: number): Finding | undefined {
    const stored = this.order[index];
    if (stored === undefined) return undefined;
    const finding = this.store.get(stored);
    const severity = this.config.severity[finding.rule];
    return severity === undefined || severity === 'off' ? finding : { ...finding, severity };
  }

  /** The findings in order, with the config's severities. */
  *[Symbol.iterator](): IterableIterator<Finding> {
    for (let i = 0; i < this.order.length; i += 1) {
      const finding = this.at(i);
      if (finding !== undefined) yield finding;
    }
  }
}

/**
 * Runs the rule families over the input and returns the findings that remain after the
 * `kprod.dev/ignore` annotations and the config's severity overrides (`off` drops a rule) and
 * excludes, sorted by file and line.
 */
export function runCheck(
  input: CheckInput,
  config: CheckConfig = EMPTY_CHECK_CONFIG,
  families: readonly RuleFamily[] = FAMILIES,
): Finding[] {
  const run = new CheckRun(input.options, config, families);
  for (const source of input.objects) run.add(source);
  return [...run.finish()];
}
