/**
 * The check engine: runs every rule family over the input, then applies what users control:
 * the `kprod.dev/ignore` annotation on a resource, and `.kprod.yaml` severities and excludes.
 */
import { EMPTY_CHECK_CONFIG, type CheckConfig, excludeMatches } from './check-config.js';
import { FAMILIES } from './families.js';
import {
  type CheckInput,
  type Finding,
  type ResourceId,
  type RuleFamily,
  resourceIdOf,
} from './finding.js';

/** Annotation listing the rules to ignore on one resource: `kprod.dev/ignore: rule-a,rule-b`. */
export const IGNORE_ANNOTATION = 'kprod.dev/ignore';

function resourceKey(file: string, resource: ResourceId): string {
  return [file, resource.apiVersion, resource.kind, resource.namespace ?? '', resource.name].join(
    '\0',
  );
}

/** Rules ignored per resource, from the annotation of each input object. */
function ignoredRules(input: CheckInput): Map<string, Set<string>> {
  const ignored = new Map<string, Set<string>>();
  for (const source of input.objects) {
    const annotations = source.object.metadata?.annotations;
    if (typeof annotations !== 'object' || annotations === null) continue;
    const value = (annotations as Record<string, unknown>)[IGNORE_ANNOTATION];
    if (typeof value !== 'string') continue;
    const id = resourceIdOf(source);
    // A finding on an object of a kustomize build may point at one of its patches.
    for (const file of [source.file, ...(source.relatedFiles ?? [])]) {
      const key = resourceKey(file, id);
      const rules = ignored.get(key) ?? new Set<string>();
      for (const rule of value.split(',')) if (rule.trim() !== '') rules.add(rule.trim());
      ignored.set(key, rules);
    }
  }
  return ignored;
}

/** Orders findings by file, line, then rule, so output is stable and follows the files. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
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
  const ignored = ignoredRules(input);
  const out: Finding[] = [];
  for (const family of families) {
    for (const finding of family.check(input)) {
      // Most inputs ignore nothing: then no finding pays for building its resource key.
      if (
        ignored.size > 0 &&
        ignored.get(resourceKey(finding.file, finding.resource))?.has(finding.rule) === true
      ) {
        continue;
      }
      const severity = config.severity[finding.rule];
      if (severity === 'off') continue;
      if (config.exclude.some((rule) => excludeMatches(rule, finding))) continue;
      out.push(severity === undefined ? finding : { ...finding, severity });
    }
  }
  return out.sort(compareFindings);
}
