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
  it.each([['1.29'], ['1.31'], ['1.35'], ['1.37']])('should accept %s', (value) => {
    expect(supportedKubeVersion(value)).toBe(value);
  });

  it.each([
    ['1.28', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
    ['1.38', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
    ['1.20', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
    ['latest', 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)'],
  ])('should refuse %s with a hint', (value, hint) => {
    expect(() => supportedKubeVersion(value)).toThrow(
      expect.objectContaining({
        code: 'KPROD_USAGE',
        message: `kprod check: --kube-version must be one of 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37, got "${value}"`,
        hint,
      }),
    );
  });
});
