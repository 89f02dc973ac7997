/**
 * `.kprod.yaml`: project settings for `kprod check`, kept in the repository beside the
 * manifests. It changes the severity of rules (or turns them off) and excludes findings for
 * chosen resources or files.
 *
 * ```yaml
 * severity:
 *   image-not-pinned: error    # error | warning | info | off
 * exclude:
 *   - rule: default-namespace  # every field is optional; all given fields must match
 *     kind: Job
 *     namespace: batch
 *     name: migrate-*          # `*` matches any characters
 *     file: legacy/*
 * ```
 */
import type { LineCounter, Node } from 'yaml';
import { closestName } from '../kube/closest-name.js';
import { yamlModule } from '../manifest/yaml-lazy.js';
import { KprodError } from '../errors.js';
import type { Finding, Severity } from './finding.js';

/** One exclusion: a finding is dropped when every given field matches. */
export interface ExcludeRule {
  readonly rule?: string | undefined;
  readonly kind?: string | undefined;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly file?: string | undefined;
}

/** Parsed `.kprod.yaml`. */
export interface CheckConfig {
  /** New severity per rule id; `off` drops the rule's findings. */
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  readonly exclude: readonly ExcludeRule[];
}

/** The configuration used when there is no `.kprod.yaml`. */
export const EMPTY_CHECK_CONFIG: CheckConfig = { severity: {}, exclude: [] };

const SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
const EXCLUDE_FIELDS = ['rule', 'kind', 'namespace', 'name', 'file'] as const;

/**
 * Parses `.kprod.yaml` text. Unknown keys, unknown rule ids and bad values raise
 * CHECK_CONFIG_INVALID naming file:line.
 */
export function parseCheckConfig(
  text: string,
  file: string,
  knownRules: ReadonlySet<string>,
): CheckConfig {
  const { LineCounter, isMap, isScalar, parseDocument } = yamlModule();
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line ?? 1;
    const what = syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    throw new KprodError('CHECK_CONFIG_INVALID', `${file}:${line}: ${what}`);
  }
  const reader = configReader(counter, file, knownRules);
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return EMPTY_CHECK_CONFIG;
  if (!isMap(root)) throw reader.fail(root, 'expected a mapping with "severity" and/or "exclude"');
  const severity: Record<string, Severity | 'off'> = {};
  const exclude: ExcludeRule[] = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'severity') readSeverity(value, reader, severity);
    else if (key === 'exclude') readExclude(value, reader, exclude);
    else throw reader.fail(pair.key, `unknown key "${key}" (allowed: severity, exclude)`);
  }
  return { severity, exclude };
}

/** Error reporting and rule lookup shared by the parts of one config file. */
interface ConfigReader {
  fail(node: Node | null | undefined, message: string): KprodError;
  knownRule(node: Node | null | undefined, id: string): void;
}

function configReader(
  counter: LineCounter,
  file: string,
  knownRules: ReadonlySet<string>,
): ConfigReader {
  const fail = (node: Node | null | undefined, message: string): KprodError => {
    const start = node?.range?.[0];
    const line = start === undefined ? 1 : counter.linePos(start).line;
    return new KprodError('CHECK_CONFIG_INVALID', `${file}:${line}: ${message}`);
  };
  const knownRule = (node: Node | null | undefined, id: string): void => {
    if (!knownRules.has(id)) {
      const near = closestName(id, knownRules);
      throw fail(
        node,
        `unknown rule "${id}"${near === undefined ? '' : ` (did you mean "${near}"?)`} (docs/rules.md lists the rules)`,
      );
    }
  };
  return { fail, knownRule };
}

/** Reads `severity:`, a mapping of rule id to level, into `severity`. */
function readSeverity(
  value: Node | null,
  reader: ConfigReader,
  severity: Record<string, Severity | 'off'>,
): void {
  const { isMap, isScalar } = yamlModule();
  if (value === null) return;
  if (!isMap(value)) throw reader.fail(value, 'severity must be a mapping of rule id to level');
  for (const entry of value.items) {
    const id = isScalar(entry.key) ? String(entry.key.value) : '';
    reader.knownRule(entry.key as Node, id);
    const level = isScalar(entry.value) ? entry.value.value : undefined;
    // YAML 1.2 reads `off` as a string; a boolean false means the same thing.
    const normalised = level === false ? 'off' : level;
    if (!SEVERITIES.includes(normalised as (typeof SEVERITIES)[number])) {
      throw reader.fail(
        entry.value as Node,
        `severity of "${id}" must be one of ${SEVERITIES.join(', ')}`,
      );
    }
    severity[id] = normalised as Severity | 'off';
  }
}

/** Reads `exclude:`, a list of {rule, kind, namespace, name, file}, into `exclude`. */
function readExclude(value: Node | null, reader: ConfigReader, exclude: ExcludeRule[]): void {
  const { isMap, isScalar, isSeq } = yamlModule();
  if (value === null) return;
  if (!isSeq(value)) {
    throw reader.fail(value, 'exclude must be a list of {rule, kind, namespace, name, file}');
  }
  for (const item of value.items as (Node | null)[]) {
    if (!isMap(item)) throw reader.fail(item, 'each exclude entry must be a mapping');
    const entry: Record<string, string> = {};
    for (const field of item.items) {
      const name = isScalar(field.key) ? String(field.key.value) : '';
      if (!EXCLUDE_FIELDS.includes(name as (typeof EXCLUDE_FIELDS)[number])) {
        throw reader.fail(
          field.key as Node,
          `unknown exclude field "${name}" (allowed: ${EXCLUDE_FIELDS.join(', ')})`,
        );
      }
      const v = isScalar(field.value) ? field.value.value : undefined;
      if (typeof v !== 'string' || v === '') {
        throw reader.fail(
          field.value as Node,
          `exclude field "${name}" must be a non-empty string`,
        );
      }
      if (name === 'rule') reader.knownRule(field.value as Node, v);
      entry[name] = v;
    }
    if (Object.keys(entry).length === 0) {
      throw reader.fail(item, 'an exclude entry needs at least one field');
    }
    exclude.push(entry);
  }
}

function globMatches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

/** True when the finding matches the exclusion (all of its given fields). */
export function excludeMatches(rule: ExcludeRule, finding: Finding): boolean {
  return (
    (rule.rule === undefined || rule.rule === finding.rule) &&
    (rule.kind === undefined || globMatches(rule.kind, finding.resource.kind)) &&
    (rule.namespace === undefined ||
      globMatches(rule.namespace, finding.resource.namespace ?? '')) &&
    (rule.name === undefined || globMatches(rule.name, finding.resource.name)) &&
    (rule.file === undefined || globMatches(rule.file, finding.file))
  );
}
