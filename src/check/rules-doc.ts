/**
 * The rules reference: `docs/rules.md` and `kprod check --explain RULE` are both rendered from
 * the RuleDoc of every family, so they cannot disagree.
 */
import { KprodError } from '../errors.js';
import type { RuleDoc, RuleFamily } from './finding.js';

function ruleSection(rule: RuleDoc, heading: string): string[] {
  const lines = [
    `${heading} ${rule.id}`,
    '',
    `Severity: **${rule.severity}**. Family: ${rule.family}.`,
    '',
    rule.summary,
    '',
    rule.description,
  ];
  if (rule.example !== undefined)
    lines.push('', 'Example that triggers it:', '', '```yaml', rule.example, '```');
  lines.push('');
  return lines;
}

/** Renders `docs/rules.md` from the families' rule documentation. */
export function renderRulesDoc(families: readonly RuleFamily[]): string {
  const lines = [
    '# kprod check rules',
    '',
    'Generated from the rule families in `src/check/` by `npm run docs`; a test fails when the',
    'two differ. `kprod check --explain RULE` prints the same text. Severities can be changed',
    'and rules turned off in `.kprod.yaml`, and ignored per resource with the annotation',
    '`kprod.dev/ignore: rule-a,rule-b` (see [check.md](check.md)).',
    '',
    '| rule | family | severity | summary |',
    '| --- | --- | --- | --- |',
  ];
  for (const family of families) {
    for (const rule of family.rules) {
      lines.push(
        `| [\`${rule.id}\`](#${rule.id}) | ${family.name} | ${rule.severity} | ${rule.summary} |`,
      );
    }
  }
  lines.push('');
  for (const family of families) {
    lines.push(`## Family: ${family.name}`, '');
    for (const rule of family.rules) lines.push(...ruleSection(rule, '###'));
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

/** Every rule of the families, in order. */
export function allRules(families: readonly RuleFamily[]): RuleDoc[] {
  return families.flatMap((family) => family.rules);
}

/** The text printed by `kprod check --explain RULE`; CHECK_UNKNOWN_RULE for an unknown id. */
export function explainRule(id: string, families: readonly RuleFamily[]): string {
  const rule = allRules(families).find((r) => r.id === id);
  if (rule === undefined) {
    throw new KprodError('CHECK_UNKNOWN_RULE', `no rule "${id}"`, {
      hint: `Known rules: ${allRules(families)
        .map((r) => r.id)
        .join(', ')}`,
    });
  }
  return ruleSection(rule, '#').join('\n');
}
