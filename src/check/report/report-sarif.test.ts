import { describe, expect, it } from 'vitest';
import type { Finding, RuleDoc } from '../finding.js';
import { renderSarifReport } from './report-sarif.js';

const rules: RuleDoc[] = [
  { id: 'rule-a', family: 'schema', severity: 'error', summary: 'A.', description: 'About A.' },
  {
    id: 'rule-b',
    family: 'practices',
    severity: 'info',
    summary: 'B.',
    description: 'About B.',
    example: 'kind: X',
  },
];

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'rule-b',
  severity: 'info',
  resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
  file: '/repo/deploy/web.yaml',
  line: 9,
  message: 'msg',
  hint: 'do this',
  ...over,
});

describe('renderSarifReport', () => {
  it('should write a SARIF 2.1.0 log with rules and repository-relative locations', () => {
    const log = JSON.parse(
      renderSarifReport(
        [
          finding({}),
          finding({ file: 'kustomize:deploy/overlays/prod', severity: 'error', rule: 'rule-a' }),
        ],
        {
          rules,
          version: '1.2.3',
          baseDir: '/repo',
        },
      ),
    ) as Record<string, unknown>;
    expect(log['version']).toBe('2.1.0');
    const run = (log['runs'] as Record<string, unknown>[])[0]!;
    const driver = (run['tool'] as { driver: Record<string, unknown> }).driver;
    expect(driver['name']).toBe('kprod');
    expect(driver['version']).toBe('1.2.3');
    expect(
      (driver['rules'] as { id: string; defaultConfiguration: unknown }[]).map((r) => [
        r.id,
        r.defaultConfiguration,
      ]),
    ).toEqual([
      ['rule-a', { level: 'error' }],
      ['rule-b', { level: 'note' }],
    ]);
    expect(run['results']).toEqual([
      {
        ruleId: 'rule-b',
        ruleIndex: 1,
        level: 'note',
        message: { text: 'Service shop/web: msg\nHint: do this' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'deploy/web.yaml' },
              region: { startLine: 9 },
            },
          },
        ],
      },
      {
        ruleId: 'rule-a',
        ruleIndex: 0,
        level: 'error',
        message: {
          text: 'Service shop/web: msg (line 9 of the kustomize build output)\nHint: do this',
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'deploy/overlays/prod/kustomization.yaml' },
              region: { startLine: 1 },
            },
          },
        ],
      },
    ]);
  });
});
