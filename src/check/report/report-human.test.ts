import { describe, expect, it } from 'vitest';
import type { Finding } from '../finding.js';
import { renderHumanReport } from './report-human.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'schema-invalid',
  severity: 'error',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
  file: 'deploy/web.yaml',
  line: 12,
  field: 'spec.replicas',
  message: 'spec.replicas: must be integer, got string "2"',
  hint: 'Write a number.',
  ...over,
});

describe('renderHumanReport', () => {
  it('should escape control characters in names and messages so they cannot forge lines', () => {
    const name = 'web\u001b]0;pwned\u0007\r\nNo findings in 1 object.';
    const text = renderHumanReport(
      [
        finding({
          resource: { apiVersion: 'v1', kind: 'ConfigMap', name },
          message: `name "${name}" is not a DNS subdomain`,
        }),
      ],
      { color: false, objects: 1 },
    );
    expect(text.split('\n').slice(0, 2)).toEqual([
      'deploy/web.yaml  ConfigMap web\\x1b]0;pwned\\x07\\r\\nNo findings in 1 object.',
      '    12  error    schema-invalid  name "web\\x1b]0;pwned\\x07\\r\\nNo findings in 1 object." is not a DNS subdomain',
    ]);
  });

  it('should group findings by resource and end with a summary line', () => {
    const text = renderHumanReport(
      [
        finding({}),
        finding({
          rule: 'no-probes',
          severity: 'warning',
          line: 20,
          message: 'no readinessProbe',
          hint: 'Add one.',
        }),
        finding({
          resource: { apiVersion: 'v1', kind: 'Service', name: 'web' },
          severity: 'info',
          rule: 'x',
          line: 40,
          message: 'm',
          hint: 'h',
        }),
      ],
      { color: false, objects: 7 },
    );
    expect(text).toBe(
      [
        'deploy/web.yaml  Deployment shop/web',
        '    12  error    schema-invalid  spec.replicas: must be integer, got string "2"',
        '                 hint: Write a number.',
        '    20  warning  no-probes       no readinessProbe',
        '                 hint: Add one.',
        '',
        'deploy/web.yaml  Service web',
        '    40  info     x  m',
        '                 hint: h',
        '',
        '1 error, 1 warning, 1 info in 2 resources (7 objects checked).',
        '',
      ].join('\n'),
    );
  });

  it('should say so when there is nothing to report', () => {
    expect(renderHumanReport([], { color: false, objects: 1 })).toBe('No findings in 1 object.\n');
  });

  it('should colour severities only when asked', () => {
    const text = renderHumanReport([finding({})], { color: true, objects: 1 });
    expect(text).toContain('\u001b[31merror  \u001b[0m');
    expect(renderHumanReport([finding({})], { color: false, objects: 1 })).not.toContain('\u001b[');
  });
});
