import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The shipped GitHub Actions workflows, linted by the real actionlint (built here from the Go
 * module in test/tools/actionlint when the binary is missing), and the pipeline's shape: test and
 * check, then the image, then staging, then production behind its environment's approval.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL_DIR = join(ROOT, 'test/tools/actionlint');
const ACTIONLINT = join(TOOL_DIR, 'actionlint');
const WORKFLOWS = join(ROOT, '.github/workflows');
const run = promisify(execFile);

function goBinary(): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'go'))) return join(dir, 'go');
  }
  if (existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('Go is needed to build actionlint: install it (.ci/run does)');
}

/** actionlint's findings on `files`, without the machine's shellcheck or pyflakes. */
async function actionlint(files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(
      ACTIONLINT,
      ['-no-color', '-oneline', '-shellcheck=', '-pyflakes=', ...files],
      { cwd: ROOT, timeout: 60_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  steps: { uses?: string; run?: string; with?: Record<string, string> }[];
}

describe('.github/workflows', () => {
  const workflows = readdirSync(WORKFLOWS)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(WORKFLOWS, name));
  let scratch: string;

  beforeAll(async () => {
    if (!existsSync(ACTIONLINT)) {
      // Offline first from the module cache, else from the Go module proxy; pinned by go.sum.
      await run(
        goBinary(),
        ['build', '-o', ACTIONLINT, 'github.com/rhysd/actionlint/cmd/actionlint'],
        {
          cwd: TOOL_DIR,
          timeout: 600_000,
        },
      );
    }
    const { stdout } = await run(ACTIONLINT, ['-version'], { timeout: 10_000 });
    expect(stdout.split('\n')[0]).toBe('v1.7.12');
    scratch = mkdtempSync(join(tmpdir(), 'kprod-actionlint-'));
  }, 620_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('should pass actionlint', async () => {
    expect(workflows.map((file) => file.slice(WORKFLOWS.length + 1))).toEqual(['pipeline.yml']);
    expect(await actionlint(workflows)).toEqual({ code: 0, output: '' });
  });

  it('should be linted for real: a job needing a missing job and an unknown step output fail', async () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(
      broken,
      readFileSync(join(WORKFLOWS, 'pipeline.yml'), 'utf8')
        .replace('    needs: image\n', '    needs: imag\n')
        .replace('steps.build.outputs.ref', 'steps.built.outputs.ref'),
    );
    const result = await actionlint([broken]);
    expect(result.code).toBe(1);
    expect(result.output).toContain('job "staging" needs job "imag" which does not exist');
    expect(result.output).toContain('property "built" is not defined');
  });

  it('should chain test and check, image, staging, then production behind its environment', () => {
    const workflow = parse(readFileSync(join(WORKFLOWS, 'pipeline.yml'), 'utf8')) as {
      jobs: Record<string, Job>;
    };
    const jobs = workflow.jobs;
    expect(Object.keys(jobs)).toEqual(['test', 'check', 'image', 'staging', 'production']);
    expect(jobs['image']?.needs).toEqual(['test', 'check']);
    expect(jobs['staging']?.needs).toBe('image');
    expect(jobs['production']?.needs).toEqual(['image', 'staging']);
    expect(jobs['staging']?.environment).toBe('staging');
    expect(jobs['production']?.environment).toBe('production');
    expect(jobs['image']?.if).toBe(
      "github.event_name == 'push' && github.ref == 'refs/heads/main'",
    );
    const runs = (name: string): string =>
      (jobs[name]?.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(runs('test')).toContain('npm test');
    expect(runs('check')).toContain('$KPROD check -k deploy/overlays/prod -o sarif');
    expect(jobs['check']?.steps.at(-1)).toMatchObject({
      uses: 'github/codeql-action/upload-sarif@v3',
      with: { sarif_file: 'kprod-check.sarif' },
    });
    expect(jobs['check']?.permissions).toEqual({
      contents: 'read',
      'security-events': 'write',
    });
    expect(runs('image')).toContain('$KPROD image build "$IMAGE"');
    expect(runs('image')).not.toContain('docker ');
    for (const name of ['staging', 'production']) {
      expect(runs(name)).toContain('$KPROD release deploy/multiroute');
      expect(runs(name)).toContain('--strategy canary');
    }
  });
});
