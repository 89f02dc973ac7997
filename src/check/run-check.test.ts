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

describe('runCheck on objects of the wrong shape', () => {
  // Loadable documents whose fields have the wrong types: every family must treat them as
  // absent (the schema family reports them), never throw.
  const kinds = [
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['apps/v1', 'DaemonSet'],
    ['batch/v1', 'CronJob'],
    ['v1', 'Pod'],
    ['v1', 'Service'],
    ['v1', 'Namespace'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['policy/v1', 'PodDisruptionBudget'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['networking.istio.io/v1', 'VirtualService'],
    ['networking.istio.io/v1', 'DestinationRule'],
    ['networking.istio.io/v1', 'Gateway'],
    ['security.istio.io/v1', 'PeerAuthentication'],
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
  ] as const;
  const bodies = [
    'spec: just-a-string',
    'spec: [1, 2]',
    'spec:\n  template: 42\n  selector: []\n  ports: {}\n  rules: x\n  http: 3',
    'spec:\n  template:\n    spec:\n      containers: [null, 1, "x", {name: 3, image: [], ports: {}, env: "x", resources: 1}]\n      volumes: "v"\n  jobTemplate: []\n  selector: {matchLabels: [1], matchExpressions: {}}',
    'spec:\n  containers: {a: 1}\n  selector: {app: [1]}\n  ports: [null, {port: "x", targetPort: {}}]\n  hosts: {a: 1}\n  http: [{route: {destination: 1}}, null]\n  gateways: 7\n  subsets: [{labels: "x"}]\n  mtls: []\n  action: {}\n  rules: [{http: 1}]\n  scaleTargetRef: []\n  metrics: [1]',
    'data: 3\nstringData: [a]\nspec: {replicas: "two", strategy: "RollingUpdate", minAvailable: {}, podSelector: 1, ingress: "x", policyTypes: 3}',
  ];
  const cases = kinds.flatMap(([apiVersion, kind]) =>
    bodies.map(
      (body) =>
        [
          `${kind}: ${body.split('\n')[0]!}`,
          `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: shop\n  labels: {app: 1}\n${body}\n`,
        ] as const,
    ),
  );

  it.each(cases)('should not throw on %s', (_name, yaml) => {
    const objects = loadManifestText(yaml, 'odd.yaml');
    const options = {
      kubeVersion: '1.34',
      profile: 'prod' as const,
      pssLevel: 'restricted' as const,
    };
    const findings = runCheck({ objects, options });
    expect(findings.some((f) => f.rule === 'schema-invalid')).toBe(true);
  });
});

describe('runCheck on kinds named like Object.prototype members', () => {
  it.each([
    ['v1', 'toString', 'kind-unknown', 'error'],
    ['apps/v1', 'constructor', 'kind-unknown', 'error'],
    ['apps/v1', '__proto__', 'kind-unknown', 'error'],
    ['networking.istio.io/v1', 'hasOwnProperty', 'kind-unknown', 'warning'],
    ['example.com/v1', 'valueOf', 'schema-unknown', 'info'],
  ])('should report %s %s as %s, not crash', (apiVersion, kind, ruleId, severity) => {
    const yaml = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  template: { spec: { containers: [] } }\n`;
    const findings = runCheck({
      objects: loadManifestText(yaml, 'p.yaml'),
      options: { kubeVersion: '1.36', profile: 'default' },
    });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([[ruleId, severity]]);
  });
});
