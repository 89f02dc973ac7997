import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../manifest/load.js';
import { findingFor, type CheckInput, type RuleDoc, type RuleFamily } from './finding.js';
import { runCheck } from './run-check.js';

const rule = (id: string): RuleDoc => ({
  id,
  family: 'test',
  severity: 'warning',
  summary: id,
  description: id,
});
const ruleA = rule('rule-a');
const ruleB = rule('rule-b');

/** A family that reports rule-a and rule-b on every object. */
const family: RuleFamily = {
  name: 'test',
  rules: [ruleA, ruleB],
  check: (input) =>
    input.objects.flatMap((o) => [
      findingFor(o, ruleB, 'b', 'hint'),
      findingFor(o, ruleA, 'a', 'hint', ['metadata', 'name']),
    ]),
};

const text = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: second',
  '  annotations:',
  '    kprod.dev/ignore: rule-b, rule-x',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: first',
].join('\n');

function input(yaml: string, file = 'z.yaml'): CheckInput {
  return {
    objects: loadManifestText(yaml, file),
    options: { kubeVersion: '1.34', profile: 'default' },
  };
}

const summary = (findings: ReturnType<typeof runCheck>) =>
  findings.map((f) => [f.file, f.line, f.rule, f.severity, f.resource.name]);

describe('runCheck', () => {
  it('should sort by file and line and honour the kprod.dev/ignore annotation', () => {
    const findings = runCheck(
      {
        objects: [...input(text).objects, ...input(text, 'a.yaml').objects],
        options: input(text).options,
      },
      undefined,
      [family],
    );
    expect(summary(findings)).toEqual([
      ['a.yaml', 4, 'rule-a', 'warning', 'second'],
      ['a.yaml', 8, 'rule-b', 'warning', 'first'],
      ['a.yaml', 11, 'rule-a', 'warning', 'first'],
      ['z.yaml', 4, 'rule-a', 'warning', 'second'],
      ['z.yaml', 8, 'rule-b', 'warning', 'first'],
      ['z.yaml', 11, 'rule-a', 'warning', 'first'],
    ]);
  });

  it('should apply severity overrides, off and excludes from the config', () => {
    const findings = runCheck(
      input(text),
      { severity: { 'rule-a': 'error', 'rule-b': 'off' }, exclude: [{ name: 'second' }] },
      [family],
    );
    expect(summary(findings)).toEqual([['z.yaml', 11, 'rule-a', 'error', 'first']]);
  });

  it('should run the built-in families by default', () => {
    const findings = runCheck(
      input('apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n'),
    );
    expect(findings.filter((f) => f.rule === 'schema-unknown').map((f) => f.message)).toEqual([
      'no schema for example.com/v1/Widget',
    ]);
  });
});
