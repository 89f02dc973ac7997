import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../check/finding.js';
import { parseNamespaceLabels, reachesFailOn, supportedKubeVersion } from './check.js';

const at = (severity: Severity): Finding => ({
  rule: 'r',
  severity,
  resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
  file: 'f',
  line: 1,
  message: 'm',
  hint: 'h',
});

describe('reachesFailOn', () => {
  it.each([
    [['error'], 'error', true],
    [['warning', 'info'], 'error', false],
    [['warning'], 'warning', true],
    [['info'], 'warning', false],
    [['error'], 'never', false],
    [[], 'error', false],
  ] as const)('should decide %j at --fail-on %s: %s', (severities, failOn, expected) => {
    expect(reachesFailOn(severities.map(at), failOn)).toBe(expected);
  });
});

describe('parseNamespaceLabels', () => {
  it('should read comma-separated key=value pairs', () => {
    expect(
      parseNamespaceLabels(
        'pod-security.kubernetes.io/enforce=restricted, pod-security.kubernetes.io/enforce-version=v1.30',
      ),
    ).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
    });
  });

  it('should refuse a pair without "="', () => {
    expect(() => parseNamespaceLabels('a=b,c')).toThrow(
      'kprod check: --namespace-labels expects key=value pairs, got "c"',
    );
  });
});

describe('supportedKubeVersion', () => {
  it('should accept a supported version', () => {
    expect(supportedKubeVersion('1.33')).toBe('1.33');
  });

  it.each([
    [
      '1.31',
      'kprod has no schemas of 1.31: use 1.30 (fields 1.31 added are reported as unknown) or 1.32 (fields 1.32 added pass); see docs/check.md.',
    ],
    [
      '1.35',
      'kprod has no schemas of 1.35: use 1.34 (fields 1.35 added are reported as unknown) or 1.36 (fields 1.36 added pass); see docs/check.md.',
    ],
    ['1.20', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
    ['1.40', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
    ['latest', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
  ])('should refuse %s with a hint', (value, hint) => {
    expect(() => supportedKubeVersion(value)).toThrow(
      expect.objectContaining({
        code: 'KPROD_USAGE',
        message: `kprod check: --kube-version must be one of 1.30, 1.32, 1.33, 1.34, 1.36, got "${value}"`,
        hint,
      }),
    );
  });
});
