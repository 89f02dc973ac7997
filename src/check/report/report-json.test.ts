import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.js';
import { renderJsonReport } from './report-json.js';

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
