import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from './families.js';
import { explainRule, renderRulesDoc } from './rules-doc.js';
import { SCHEMA_RULES } from './schema/schema-rules.js';

describe('renderRulesDoc', () => {
  it('should match docs/rules.md (run `npm run docs` after changing a rule)', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderRulesDoc(FAMILIES));
  });

  it('should document every rule id once', () => {
    const ids = FAMILIES.flatMap((f) => f.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('explainRule', () => {
  it('should print the same documentation as docs/rules.md', () => {
    const text = explainRule('api-removed', FAMILIES);
    const rule = SCHEMA_RULES.find((r) => r.id === 'api-removed')!;
    expect(text.split('\n').slice(0, 5)).toEqual([
      '# api-removed',
      '',
      'Severity: **error**. Family: schema.',
      '',
      rule.summary,
    ]);
    expect(renderRulesDoc(FAMILIES)).toContain(text.replace('# api-removed', '### api-removed'));
  });

  it('should refuse an unknown rule with CHECK_UNKNOWN_RULE', () => {
    expect(() => explainRule('no-such-rule', FAMILIES)).toThrow('no rule "no-such-rule"');
  });
});
