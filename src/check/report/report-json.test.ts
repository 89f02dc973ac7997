import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.js';
import { jsonReportChunks, renderJsonReport } from './report-json.js';

describe('renderJsonReport', () => {
  it('should print the summary and every finding field', () => {
    const finding: Finding = {
      rule: 'r',
      severity: 'warning',
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
      file: 'p.yaml',
      line: 3,
      field: 'spec',
      message: 'm',
      hint: 'h',
    };
    expect(JSON.parse(renderJsonReport([finding], { objects: 2, kubeVersion: '1.34' }))).toEqual({
      version: 1,
      kubeVersion: '1.34',
      summary: { objects: 2, resources: 1, errors: 0, warnings: 1, infos: 0 },
      findings: [finding],
    });
  });
});

describe('jsonReportChunks', () => {
  it('should lay findings out as JSON.stringify does, optional fields left out', () => {
    const findings: Finding[] = [
      {
        rule: 'a',
        severity: 'error',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'n"s', name: 'w\n1' },
        file: 'dir/a.yaml',
        line: 12,
        field: 'metadata.labels[app.kubernetes.io/name]',
        message: 'quote " backslash \\ tab \t control \u0001 é',
        hint: 'h',
      },
      {
        rule: 'b',
        severity: 'info',
        resource: { apiVersion: 'v1', kind: 'Service', name: 's' },
        file: 'b.yaml',
        line: 1,
        message: 'm',
        hint: '',
      },
    ];
    const opts = { objects: 3, kubeVersion: '1.37' };
    const expected = JSON.stringify(
      {
        version: 1,
        kubeVersion: '1.37',
        summary: { objects: 3, resources: 2, errors: 1, warnings: 0, infos: 1 },
        findings,
      },
      null,
      2,
    );
    expect([...jsonReportChunks(findings, opts)].join('')).toBe(`${expected}\n`);
    expect(renderJsonReport([], opts)).toBe(
      `${JSON.stringify({ version: 1, kubeVersion: '1.37', summary: { objects: 3, resources: 0, errors: 0, warnings: 0, infos: 0 }, findings: [] }, null, 2)}\n`,
    );
  });
});
