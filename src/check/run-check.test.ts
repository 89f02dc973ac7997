import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../manifest/load.js';
import { FAMILIES } from './families.js';
import type { SourceObject } from '../manifest/source-object.js';
import {
  findingFor,
  type CheckInput,
  type Finding,
  type RuleDoc,
  type RuleFamily,
} from './finding.js';
import { CheckRun, runCheck } from './run-check.js';

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

/** Every manifest file below `dir`, sorted. */
function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.name.startsWith('kustomization'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Checks that runCheck, whose cross-object passes read the compact index, finds on `objects`
 * exactly what every family finds on the whole objects (today's engine), filtered and sorted
 * alike; returns the findings.
 */
function expectSameAsWhole(objects: SourceObject[]): Finding[] {
  let last: Finding[] = [];
  for (const options of OPTION_SETS) {
    const whole: RuleFamily = {
      name: 'whole',
      rules: [],
      check: () =>
        FAMILIES.flatMap((family) => [
          ...objects.flatMap((o) => family.checkObject?.(o, options) ?? []),
          ...(family.check?.({ objects, options }) ?? []),
        ]),
    };
    const expected = runCheck({ objects, options }, undefined, [whole]);
    last = runCheck({ objects, options });
    expect(last).toEqual(expected);
  }
  return last;
}

const OPTION_SETS = [
  { kubeVersion: '1.36', profile: 'prod' },
  { kubeVersion: '1.36', profile: 'default', pssLevel: 'restricted' },
  { kubeVersion: '1.36', profile: 'default' },
] as const;

describe('runCheck over the compact index', () => {
  // The cross-object passes read the compact copies of the objects: they must find exactly what
  // they find on the whole objects, on every fixture and manifest of the project.
  const loads = (file: string): boolean => {
    try {
      return loadManifestText(readFileSync(file, 'utf8'), file).length > 0;
    } catch {
      return false; // a fixture of a loading error, or not a manifest
    }
  };
  const files = [...manifestFiles('test/fixtures'), ...manifestFiles('deploy')].filter(loads);
  it('should have files to compare', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it.each(files)('should find on %s what the families find on whole objects', (file) => {
    expectSameAsWhole(loadManifestText(readFileSync(file, 'utf8'), file));
  });

  it('should keep what pod security reads: probe and lifecycle hosts, ports, contexts', () => {
    const pod = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: locked }\nspec:\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} }, annotations: { container.apparmor.security.beta.kubernetes.io/app: unconfined } }\n    spec:\n      hostNetwork: true\n      volumes: [{ name: h, hostPath: { path: /var } }]\n      containers:\n        - name: app\n          image: web:1\n          command: [run]\n          ports: [{ containerPort: 80, hostPort: 80 }]\n          securityContext: { privileged: true, capabilities: { add: [NET_ADMIN] } }\n          livenessProbe: { httpGet: { host: 10.0.0.1, port: 80 } }\n          readinessProbe: { tcpSocket: { port: 80 } }\n          lifecycle: { preStop: { httpGet: { host: example.com, port: 80 } } }\n`;
    const namespace =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: locked\n  labels: { pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/warn: baseline, pod-security.kubernetes.io/warn-version: v1.33 }\n';
    const objects = loadManifestText([pod('a'), namespace, pod('b')].join('---\n'), 'pss.yaml');
    expect(expectSameAsWhole(objects).filter((f) => f.rule.startsWith('pss-'))).toHaveLength(4);
  });
});

describe('CheckRun', () => {
  it('should keep a later object’s kprod.dev/ignore for an earlier object of the same name', () => {
    const run = new CheckRun({ kubeVersion: '1.36', profile: 'default' }, undefined, [family]);
    const [first, second] = loadManifestText(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: { kprod.dev/ignore: rule-a }\n',
      'dup.yaml',
    );
    run.add(first!);
    run.add(second!);
    expect(summary([...run.finish()])).toEqual([
      ['dup.yaml', 1, 'rule-b', 'warning', 'a'],
      ['dup.yaml', 5, 'rule-b', 'warning', 'a'],
    ]);
    expect(run.objects).toBe(2);
  });

  it('should check a source changed since an earlier run as it is now, not as it was', () => {
    const [pod] = loadManifestText(
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: a }\nspec:\n  containers:\n    - { name: c, image: i }\n',
      'pod.yaml',
    );
    const options = { kubeVersion: '1.36', profile: 'default', pssLevel: 'baseline' } as const;
    const pss = (): string[][] => {
      const run = new CheckRun(options, undefined, FAMILIES, 20_000);
      run.add(pod!);
      return [...run.finish()]
        .filter((f) => f.rule.startsWith('pss-'))
        .map((f) => [f.resource.name, f.field ?? '']);
    };
    expect(pss()).toEqual([]);
    // An in-process caller may change an object between two runs; no cache of the first run
    // may answer for the second.
    pod!.object.metadata = { name: 'renamed', namespace: 'a' };
    pod!.object['spec'] = {
      containers: [{ name: 'c', image: 'i', securityContext: { privileged: true } }],
    };
    expect(pss()).toEqual([['renamed', 'spec.containers[0].securityContext.privileged']]);
  });
});
