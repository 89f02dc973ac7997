import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/check/families.js';
import { explainRule } from '../../src/check/rules-doc.js';
import type { JsonReport } from '../../src/check/report/report-json.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
// The guide's original manifests, copied without their comments (test/fixtures/check/guide).
const SEED = resolve(ROOT, 'test/fixtures/check/guide');

function kprod(args: readonly string[], opts: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tmpFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-check-e2e-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const SCHEMA_RULES = new Set(FAMILIES.find((f) => f.name === 'schema')!.rules.map((r) => r.id));

const BAD_SERVICE = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  selector: { app: web }',
  '  ports:',
  '    - port: "80"',
].join('\n');

describe('kprod check', () => {
  it('should exit 1 with schema findings at the field line in JSON', () => {
    const file = tmpFile('svc.yaml', BAD_SERVICE);
    const { code, stdout, stderr } = kprod(['check', file, '-o', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.kubeVersion).toBe('1.37');
    expect(report.findings.filter((f) => SCHEMA_RULES.has(f.rule))).toEqual([
      {
        rule: 'schema-invalid',
        severity: 'error',
        resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
        file,
        line: 9,
        field: 'spec.ports[0].port',
        message: 'spec.ports[0].port: must be integer, got string "80"',
        hint: 'Correct the field to match the Service schema (kubectl explain service.spec.ports.port).',
      },
    ]);
  });

  it('should exit 0 under --fail-on never and print the human report with a summary line', () => {
    const file = tmpFile('svc.yaml', BAD_SERVICE);
    const { code, stdout } = kprod(['check', file, '--fail-on', 'never']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`${file}  Service shop/web`);
    expect(stdout).toMatch(
      /\n {5}9 {2}error {4}schema-invalid +spec\.ports\[0\]\.port: must be integer, got string "80"\n/,
    );
    expect(stdout).toMatch(
      /\n\d+ errors?, \d+ warnings?, \d+ infos? in 1 resource \(1 object checked\)\.\n$/,
    );
    expect(stdout).not.toContain('\u001b[');
  });

  it('should read stdin for "-" and write SARIF 2.1.0', () => {
    const { code, stdout } = kprod(['check', '-', '-o', 'sarif', '--fail-on', 'never'], {
      input: BAD_SERVICE,
    });
    expect(code).toBe(0);
    const log = JSON.parse(stdout) as {
      version: string;
      runs: { results: { ruleId: string; locations: unknown[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0]!.results.find((r) => r.ruleId === 'schema-invalid');
    expect(result?.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'stdin' }, region: { startLine: 9 } } },
    ]);
  });

  it('should honour the kprod.dev/ignore annotation and .kprod.yaml in the current directory', () => {
    const file = tmpFile(
      'w.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\n',
    );
    const before = JSON.parse(kprod(['check', file, '-o', 'json']).stdout) as JsonReport;
    expect(before.findings.map((f) => f.rule)).toContain('schema-unknown');
    const cwd = mkdtempSync(join(tmpdir(), 'kprod-check-cwd-'));
    writeFileSync(join(cwd, '.kprod.yaml'), 'severity:\n  schema-unknown: off\n');
    const after = JSON.parse(kprod(['check', file, '-o', 'json'], { cwd }).stdout) as JsonReport;
    expect(after.findings.map((f) => f.rule)).not.toContain('schema-unknown');
    const annotated = tmpFile(
      'w.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\n  annotations:\n    kprod.dev/ignore: schema-unknown\n',
    );
    const ignored = JSON.parse(kprod(['check', annotated, '-o', 'json']).stdout) as JsonReport;
    expect(ignored.findings.map((f) => f.rule)).not.toContain('schema-unknown');
  });

  it('should print a rule for --explain', () => {
    const { code, stdout } = kprod(['check', '--explain', 'schema-invalid']);
    expect(code).toBe(0);
    expect(stdout).toBe(explainRule('schema-invalid', FAMILIES) + '\n');
  });

  it.each([
    [
      'malformed YAML',
      ['check', 'FILE'],
      'apiVersion: v1\nkind: A\nkind: B\n',
      'kprod: MANIFEST_INVALID: FILE:3:1: Map keys must be unique\n  hint: Remove or rename one of the duplicate keys: Kubernetes would silently keep only one.\n',
    ],
    [
      'a binary file',
      ['check', 'FILE'],
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
      'kprod: MANIFEST_NOT_TEXT: FILE:3: binary content, not UTF-8 YAML or JSON\n  hint: Pass only manifest files (.yaml, .yml, .json); check the path.\n',
    ],
    [
      'an unsupported --kube-version',
      ['check', 'FILE', '--kube-version', '1.20'],
      BAD_SERVICE,
      'kprod: KPROD_USAGE: kprod check: --kube-version must be one of 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37, got "1.20"\n  hint: Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)\n',
    ],
    [
      'no input',
      ['check'],
      '',
      'kprod: KPROD_USAGE: kprod check: nothing to check: give PATHS, "-" for stdin, or -k DIR\n  hint: Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)\n',
    ],
    ['an unknown rule for --explain', ['check', '--explain', 'nope'], '', undefined],
  ])('should exit 2 with a clear message for %s', (_name, args, content, stderr) => {
    const file = tmpFile('in.yaml', content);
    const { code, stdout, stderr: err } = kprod(args.map((a) => (a === 'FILE' ? file : a)));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    if (stderr === undefined)
      expect(err.startsWith('kprod: CHECK_UNKNOWN_RULE: no rule "nope"\n')).toBe(true);
    else expect(err).toBe(stderr.replaceAll('FILE', file));
  });

  // The deploy/ gate: every overlay and every documented combination, against the Kubernetes
  // version deploy/ targets; staging and prod targets under --profile prod (digests required).
  const targets = [
    ...readdirSync(join(ROOT, 'deploy/overlays')).map((d) => `deploy/overlays/${d}`),
    ...readdirSync(join(ROOT, 'deploy/examples')).map((d) => `deploy/examples/${d}`),
  ];
  it.each(targets)('should find no errors in %s (kprod check -k)', (target) => {
    const prod = /\/(prod|staging)/.test(target);
    const { code, stdout, stderr } = kprod([
      'check',
      '-k',
      target,
      '--kube-version',
      '1.33',
      ...(prod ? ['--profile', 'prod'] : []),
      '-o',
      'json',
    ]);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    if (prod) expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('kprod check on the guide original manifests', () => {
  it('should report what the guide warns about', () => {
    const { code, stdout } = kprod(['check', SEED, '--pss-level', 'restricted', '-o', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as JsonReport;
    const found = new Set(
      report.findings.map(
        (f) => `${f.rule} ${f.file.slice(SEED.length + 1)} ${f.resource.kind}/${f.resource.name}`,
      ),
    );
    const expected = [
      // unpinned images
      'image-not-pinned base_manifest/deployment.yaml Deployment/go-multiroute',
      'image-not-pinned base_manifest/deployment-v2.yaml Deployment/go-multiroute-v2',
      'image-tag-latest istio_manifest/istio_client_test.yaml Deployment/istio-client-test',
      // objects in the default namespace
      'namespace-default base_manifest/deployment.yaml Deployment/go-multiroute',
      // no probes
      'probes-missing base_manifest/deployment.yaml Deployment/go-multiroute',
      'probes-missing istio_manifest/pod_two_port_svc.yaml Pod/two-port-svc',
      // no securityContext
      'pss-restricted base_manifest/deployment.yaml Deployment/go-multiroute',
      'pss-restricted other_manifest/network-policy.yaml Pod/network-policy-test-client',
      // QoS classes
      'qos-burstable base_manifest/deployment.yaml Deployment/go-multiroute',
      'qos-besteffort istio_manifest/istio_client_test.yaml Deployment/istio-client-test',
      // the VirtualService pair that cannot merge
      'istio-vs-host-conflict istio_manifest/unmergeable-vs.yaml VirtualService/go-multiroute-1',
      'istio-vs-host-conflict istio_manifest/unmergeable-vs.yaml VirtualService/go-multiroute-2',
      // a Secret with its data committed
      'secret-data-committed base_manifest/secret.yaml Secret/go-multiroute-v1',
    ];
    expect(expected.filter((line) => !found.has(line))).toEqual([]);
    // The guide's VirtualService matches on `header`, a field Istio does not have (`headers`):
    // the API server rejects it under strict field validation; with validation off it prunes
    // the field, leaving an empty match that every request meets.
    expect(
      report.findings
        .filter((f) => SCHEMA_RULES.has(f.rule))
        .map((f) => [f.rule, f.file.slice(SEED.length + 1), f.line, f.message, f.hint]),
    ).toEqual([
      [
        'schema-unknown-field',
        'istio_manifest/virtualservice-in-order.yaml',
        12,
        'unknown field "spec.http[0].match[0].header"',
        'Did you mean "headers"? kubectl explain virtualservice.spec.http.match lists the fields there.',
      ],
    ]);
  });
});
