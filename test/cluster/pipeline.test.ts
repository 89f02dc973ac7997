import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { ROOT, deleteNamespaces, getJson, kprod, uniqueName } from './cluster.js';

/**
 * `npm run pipeline:local` end to end on the real control plane: the workflow's steps in order,
 * the pushed image's digest read back from the registry equal to what every environment runs,
 * both canary releases Succeeded on their analyses, the SARIF file well formed and equal to
 * `kprod check`'s findings, and whatever the pipeline started gone when it ends, also on Ctrl-C.
 * The test step runs the pipeline's own unit tests (`--tests`): `npm test` would take most of
 * the run and is proven by itself.
 */

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

interface Report {
  status: string;
  exitCode: number;
  steps: { name: string; result: string; ms: number; note: string }[];
  image: { pinned: string; digest: string; repository: string; tag: string };
  registry: string;
  namespaces: { dev: string; staging: string; production: string };
  files: { sarif: string; image: string };
}

interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}

/** Runs the pipeline as `npm run pipeline:local` does; `onOutput` sees stdout as it comes. */
function runPipeline(
  args: readonly string[],
  onOutput: (stdout: string, signal: (s: NodeJS.Signals) => void) => void = () => undefined,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/pipeline-local.mjs'), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/root',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20 * 60_000,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onOutput(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout });
    });
  });
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}

async function deployedImage(namespace: string): Promise<string> {
  const deployment = (await getJson(['deployment', 'multiroute', '-n', namespace])) as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  return deployment.spec.template.spec.containers[0]!.image;
}

async function recordedRelease(namespace: string): Promise<Record<string, unknown>> {
  const deployment = (await getJson(['deployment', 'multiroute', '-n', namespace])) as {
    metadata: { annotations: Record<string, string> };
  };
  return JSON.parse(deployment.metadata.annotations['kprod.dev/release'] ?? '{}') as Record<
    string,
    unknown
  >;
}

describe('npm run pipeline:local', () => {
  const prefix = uniqueName('pl');
  const out = mkdtempSync(join(tmpdir(), 'kprod-pipeline-test-'));
  let registry: TestRegistry;
  let run: Finished;
  let report: Report;

  beforeAll(async () => {
    registry = await startRegistry('none');
    run = await runPipeline([
      '--tests',
      'npx vitest run test/pipeline',
      '--approve',
      '--registry',
      registry.host,
      '--namespace-prefix',
      prefix,
      '--out',
      out,
    ]);
    report = JSON.parse(readFileSync(join(out, 'pipeline.json'), 'utf8')) as Report;
  }, 20 * 60_000);

  afterAll(async () => {
    await registry.stop();
    rmSync(out, { recursive: true, force: true });
    await deleteNamespaces(`${prefix}-dev`, `${prefix}-staging`, `${prefix}-production`);
  }, 180_000);

  it('should run every step of the workflow in order and pass', () => {
    expect(run.code, run.stdout).toBe(0);
    expect(report.steps.map((s) => `${s.name} ${s.result}`)).toEqual([
      'cluster passed',
      'test passed',
      'check passed',
      'image passed',
      'dev passed',
      'staging passed',
      'approval passed',
      'production passed',
    ]);
    // What a CI log shows: each step's header, its commands, its result and time, a summary.
    const headers = [...run.stdout.matchAll(/^==> (\w+)/gm)].map((m) => m[1]);
    expect(headers).toEqual([
      'cluster',
      'test',
      'check',
      'image',
      'dev',
      'staging',
      'approval',
      'production',
      'summary',
    ]);
    expect(run.stdout).toMatch(/^<== image passed in (\d+\.\d s|\d+ min \d\d s)$/m);
    expect(run.stdout).toMatch(/^total +(\d+\.\d s|\d+ min \d\d s)$/m);
    expect(run.stdout).toContain("$ sh -c 'npx vitest run test/pipeline'");
  });

  it('should deploy to every environment the digest the registry holds under the pushed tag', async () => {
    expect(report.image.pinned).toBe(
      `${registry.host}/multiroute:${report.image.tag}@${report.image.digest}`,
    );
    // The tag is <git hash>-<build number>, as in CI.
    expect(report.image.tag).toMatch(/^[0-9a-f]{7}-1$/);
    const head = await fetch(`${registry.url}/v2/multiroute/manifests/${report.image.tag}`, {
      method: 'HEAD',
      headers: { Accept: 'application/vnd.oci.image.index.v1+json' },
    });
    expect(head.status).toBe(200);
    const inRegistry = head.headers.get('docker-content-digest');
    expect(inRegistry).toBe(report.image.digest);
    expect(await deployedImage(`${prefix}-dev`)).toBe(`${registry.host}/multiroute@${inRegistry}`);
    expect(await deployedImage(`${prefix}-staging`)).toBe(report.image.pinned);
    expect(await deployedImage(`${prefix}-production`)).toBe(report.image.pinned);
  });

  it('should end both canary releases Succeeded, analysed from the real metrics', async () => {
    for (const env of ['staging', 'production']) {
      expect(await recordedRelease(`${prefix}-${env}`)).toMatchObject({
        strategy: 'canary',
        status: 'succeeded',
        phase: 'done',
        image: report.image.pinned,
        previousImage: 'ghcr.io/kprod-dev/multiroute:1.0.0',
        failures: 0,
      });
    }
    const analyses = [...run.stdout.matchAll(/"action":"analysis result","message":"([^"]*)"/g)];
    expect(analyses.map((m) => m[1])).toEqual([
      expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
      expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
      expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
      expect.stringMatching(/^success rate 1\.0000, p99 0\.\d{3}s$/),
    ]);
  });

  it('should write a well-formed SARIF file with the findings of kprod check', async () => {
    const sarif = JSON.parse(readFileSync(report.files.sarif, 'utf8')) as Sarif;
    expect([sarif.$schema, sarif.version, sarif.runs.length]).toEqual([
      'https://json.schemastore.org/sarif-2.1.0.json',
      '2.1.0',
      1,
    ]);
    const [sarifRun] = sarif.runs;
    expect(sarifRun!.tool.driver.name).toBe('kprod');
    for (const result of sarifRun!.results) {
      expect(sarifRun!.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text).not.toBe('');
      for (const location of result.locations) {
        expect(existsSync(join(ROOT, location.physicalLocation.artifactLocation.uri))).toBe(true);
      }
    }
    const witness = await kprod(['check', '-k', 'deploy/overlays/dev', '-o', 'json']);
    const findings = (JSON.parse(witness.stdout) as { findings: { rule: string }[] }).findings;
    expect(sarifRun!.results.map((r) => r.ruleId)).toEqual(findings.map((f) => f.rule));
  });

  it('should leave nothing it started running: Prometheus and the multiroute processes', async () => {
    const started = [
      ...run.stdout.matchAll(/^started (?:Prometheus on (\S+)|multiroute .* on (\S+),)/gm),
    ].map((m) => m[1] ?? `http://${m[2]!}`);
    expect(started).toHaveLength(3);
    for (const url of started) expect(await answers(url)).toBe(false);
    // The registry given with --registry was not the pipeline's to stop.
    expect(await answers(`${registry.url}/v2/`)).toBe(true);
  });

  it(
    'should stop the registry it started, and exit 130, when interrupted with Ctrl-C',
    async () => {
      let host = '';
      const interrupted = await runPipeline(
        ['--skip-tests', '--namespace-prefix', `${prefix}-int`, '--out', join(out, 'int')],
        (stdout, signal) => {
          const found = /^started docker-registry on (\S+) /m.exec(stdout)?.[1];
          if (found !== undefined && host === '') {
            host = found;
            signal('SIGINT');
          }
        },
      );
      expect(host).not.toBe('');
      expect(interrupted.code, interrupted.stdout).toBe(130);
      expect(interrupted.stdout).toContain(`stopped docker-registry on ${host}`);
      expect(await answers(`http://${host}/v2/`)).toBe(false);
      const partial = JSON.parse(readFileSync(join(out, 'int/pipeline.json'), 'utf8')) as Report;
      expect(partial.status).toBe('interrupted');
      expect(partial.steps.map((s) => `${s.name} ${s.result}`)).toEqual([
        'cluster passed',
        'test skipped',
        'build passed',
        'check passed',
        'image failed',
      ]);
    },
    10 * 60_000,
  );
});
