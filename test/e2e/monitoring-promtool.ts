/**
 * The monitoring rules as promtool sees them: the groups of the PrometheusRule in
 * deploy/components/monitoring (their only copy) written out as a plain rules file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DEPLOY_DIR, runProgram, type ProcessResult } from './deploy-build.js';

/** The canonical rules: a prometheus-operator PrometheusRule. */
export const PROMETHEUS_RULE_FILE = join(
  DEPLOY_DIR,
  'components',
  'monitoring',
  'prometheus-rule.yaml',
);

/** One rule of a rules file. */
export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** A Prometheus rules file: what `spec` of a PrometheusRule holds. */
export interface RulesFile {
  readonly groups: readonly { name: string; interval?: string; rules: readonly Rule[] }[];
}

/** Reads the PrometheusRule and returns its spec, which is a rules file. */
export function readRules(): RulesFile {
  const object = parse(readFileSync(PROMETHEUS_RULE_FILE, 'utf8')) as { spec: RulesFile };
  return object.spec;
}

/** Every alerting rule. */
export function alertRules(rules: RulesFile = readRules()): Rule[] {
  return rules.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
}

/** A scratch directory for promtool, removed by `dispose`. */
export interface Scratch {
  readonly dir: string;
  dispose(): void;
}

/** Creates a scratch directory. */
export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-monitoring-'));
  return {
    dir,
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `rules` as `<dir>/<name>` and returns the path. */
export function writeRulesFile(
  dir: string,
  rules: RulesFile,
  name = 'multiroute.rules.yml',
): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(rules));
  return path;
}

/** Runs promtool with the given arguments from `cwd`-independent absolute paths. */
export function promtool(args: readonly string[]): Promise<ProcessResult> {
  return runProgram('promtool', args, 120_000);
}
