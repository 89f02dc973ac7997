import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.js';
import { summariseFindings } from './report-summary.js';

function finding(name: string, severity: Finding['severity'], file = 'a.yaml'): Finding {
  return {
    rule: 'r',
    severity,
    resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name },
    file,
    line: 1,
    message: 'm',
    hint: 'h',
  };
}

describe('summariseFindings', () => {
  it('should count each resource once, adjacent or not, and each severity', () => {
    const findings = [
      finding('web', 'error'),
      finding('web', 'warning'),
      finding('db', 'info'),
      finding('web', 'warning'),
      finding('web', 'error', 'b.yaml'),
    ];
    expect(summariseFindings(findings, 7)).toEqual({
      objects: 7,
      resources: 3,
      errors: 2,
      warnings: 2,
      infos: 1,
    });
  });

  it('should count nothing for no findings', () => {
    expect(summariseFindings([], 2)).toEqual({
      objects: 2,
      resources: 0,
      errors: 0,
      warnings: 0,
      infos: 0,
    });
  });
});
