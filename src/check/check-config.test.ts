import { describe, expect, it } from 'vitest';
import { excludeMatches, parseCheckConfig } from './check-config.js';
import type { Finding } from './finding.js';

const rules = new Set(['image-latest', 'default-namespace']);

describe('parseCheckConfig', () => {
  it('should read severities (off included) and excludes', () => {
    const text = [
      'severity:',
      '  image-latest: error',
      '  default-namespace: off',
      'exclude:',
      '  - rule: image-latest',
      '    name: legacy-*',
    ].join('\n');
    expect(parseCheckConfig(text, '.kprod.yaml', rules)).toEqual({
      severity: { 'image-latest': 'error', 'default-namespace': 'off' },
      exclude: [{ rule: 'image-latest', name: 'legacy-*' }],
    });
  });

  it('should treat an empty file as no settings', () => {
    expect(parseCheckConfig('# nothing\n', '.kprod.yaml', rules)).toEqual({
      severity: {},
      exclude: [],
    });
  });

  it.each([
    [
      'an unknown rule',
      'severity:\n  image-latst: error\n',
      '.kprod.yaml:2: unknown rule "image-latst" (did you mean "image-latest"?) (docs/rules.md lists the rules)',
    ],
    [
      'a bad level',
      'severity:\n  image-latest: fatal\n',
      '.kprod.yaml:2: severity of "image-latest" must be one of error, warning, info, off',
    ],
    [
      'an unknown key',
      'rules: {}\n',
      '.kprod.yaml:1: unknown key "rules" (allowed: severity, exclude)',
    ],
    [
      'an unknown exclude field',
      'exclude:\n  - rule: image-latest\n    image: x\n',
      '.kprod.yaml:3: unknown exclude field "image" (allowed: rule, kind, namespace, name, file)',
    ],
    [
      'an empty exclude entry',
      'exclude:\n  - {}\n',
      '.kprod.yaml:2: an exclude entry needs at least one field',
    ],
    ['a duplicate key', 'severity: {}\nseverity: {}\n', '.kprod.yaml:2: Map keys must be unique'],
  ])('should refuse %s with CHECK_CONFIG_INVALID at file:line', (_name, text, message) => {
    expect(() => parseCheckConfig(text, '.kprod.yaml', rules)).toThrow(message);
  });
});

describe('excludeMatches', () => {
  const finding: Finding = {
    rule: 'image-latest',
    severity: 'warning',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'legacy-web' },
    file: 'deploy/web.yaml',
    line: 3,
    message: 'm',
    hint: 'h',
  };

  it.each([
    [{ rule: 'image-latest' }, true],
    [{ rule: 'default-namespace' }, false],
    [{ name: 'legacy-*' }, true],
    [{ name: 'legacy' }, false],
    [{ kind: 'Deployment', namespace: 'shop' }, true],
    [{ kind: 'Deployment', namespace: 'other' }, false],
    [{ file: 'deploy/*' }, true],
    [{ file: 'vendor/*' }, false],
  ])('should match %j: %s', (rule, expected) => {
    expect(excludeMatches(rule, finding)).toBe(expected);
  });
});
