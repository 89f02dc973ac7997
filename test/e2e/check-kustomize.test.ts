import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/check/report/report-json.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const FIXTURE = 'test/fixtures/kustomize-origin';

function kprod(args: readonly string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input: '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function locations(stdout: string): string[] {
  const report = JSON.parse(stdout) as JsonReport;
  return report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
}

describe('kprod check -k', () => {
  it('should point each finding at the file and line a user edits', () => {
    const { code, stdout, stderr } = kprod(['check', '-k', `${FIXTURE}/overlay`, '-o', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(locations(stdout)).toEqual([
      `${FIXTURE}/base/app.yaml:26 automount-token`,
      `${FIXTURE}/base/app.yaml:26 qos-besteffort`,
      `${FIXTURE}/base/app.yaml:28 prestop-missing`,
      `${FIXTURE}/base/app.yaml:28 probes-missing`,
      `${FIXTURE}/base/app.yaml:28 resources-missing`,
      `${FIXTURE}/base/app.yaml:29 image-not-pinned`,
      `${FIXTURE}/base/app.yaml:30 prestop-missing`,
      `${FIXTURE}/base/app.yaml:30 probes-missing`,
      `${FIXTURE}/base/app.yaml:30 pss-unlabelled-namespace`,
      `${FIXTURE}/base/app.yaml:30 resources-missing`,
      // The component's inline JSON patch adds the variable: the line of its value there.
      `${FIXTURE}/component/kustomization.yaml:15 env-secret-literal`,
      `${FIXTURE}/component/metrics-service.yaml:3 namespace-default`,
      // The generated Secret: its secretGenerator entry.
      `${FIXTURE}/overlay/kustomization.yaml:11 secret-data-committed`,
      // The strategic-merge patch sets the image.
      `${FIXTURE}/overlay/web-latest.yaml:11 image-not-pinned`,
      `${FIXTURE}/overlay/web-latest.yaml:11 image-tag-latest`,
    ]);
  });

  it('should point the findings of deploy/overlays/dev at deploy/', () => {
    const json = kprod(['check', '-k', 'deploy/overlays/dev', '-o', 'json']);
    expect(locations(json.stdout)).toEqual([
      'deploy/base/workload/deployment.yaml:70 image-not-pinned',
      'deploy/overlays/dev/kustomization.yaml:15 secret-data-committed',
    ]);
    const human = kprod(['check', '-k', 'deploy/overlays/dev']);
    expect(human.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual([
      'deploy/base/workload/deployment.yaml  Deployment multiroute/multiroute',
      'deploy/overlays/dev/kustomization.yaml  Secret multiroute/multiroute-db-cf46mcdfdm',
      '0 errors, 2 warnings, 0 infos in 2 resources (11 objects checked).',
    ]);
    const sarif = JSON.parse(
      kprod(['check', '-k', 'deploy/overlays/dev', '-o', 'sarif']).stdout,
    ) as {
      runs: {
        results: {
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(
      sarif.runs[0]!.results.map((r) => {
        const at = r.locations[0]!.physicalLocation;
        return `${at.artifactLocation.uri}:${at.region.startLine}`;
      }),
    ).toEqual([
      'deploy/base/workload/deployment.yaml:70',
      'deploy/overlays/dev/kustomization.yaml:15',
    ]);
    expect(sarif.runs[0]!.results.map((r) => r.message.text).join('\n')).not.toContain(
      'build output',
    );
  });

  it('should name files relative to the directory kprod runs in', () => {
    const { stdout } = kprod(['check', '-k', 'overlay', '-o', 'json'], join(ROOT, FIXTURE));
    expect(locations(stdout).slice(-2)).toEqual([
      'overlay/web-latest.yaml:11 image-not-pinned',
      'overlay/web-latest.yaml:11 image-tag-latest',
    ]);
  });

  it('should honour kprod.dev/ignore for findings that point at a patch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-check-kustomize-'));
    cpSync(join(ROOT, FIXTURE), dir, { recursive: true });
    const app = join(dir, 'base/app.yaml');
    writeFileSync(
      app,
      readFileSync(app, 'utf8').replace(
        '  name: web\nspec:\n  replicas',
        '  name: web\n  annotations:\n    kprod.dev/ignore: image-tag-latest\nspec:\n  replicas',
      ),
    );
    const { stdout } = kprod(['check', '-k', 'overlay', '-o', 'json'], dir);
    expect(locations(stdout).filter((l) => l.includes('web-latest'))).toEqual([
      'overlay/web-latest.yaml:11 image-not-pinned',
    ]);
  });
});
