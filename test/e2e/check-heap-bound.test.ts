import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** A directory with one file of `count` Deployments, each with findings of its own. */
function deployments(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-heap-'));
  const docs: string[] = [];
  for (let i = 0; i < count; i += 1) {
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app-${i}, namespace: team-${i % 7} }\nspec:\n  selector: { matchLabels: { app: app-${i} } }\n  template:\n    metadata: { labels: { app: app-${i} } }\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app-${i}:1.0\n`,
    );
  }
  writeFileSync(join(dir, 'objects.yaml'), docs.join('---\n'));
  return dir;
}

function kprod(args: readonly string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kprod check with a heap bound (KPROD_CHECK_HEAP_MB)', () => {
  const dir = deployments(20_000);

  it('should print what an unbounded run prints when the bound is enough', () => {
    const args = ['check', dir, '-o', 'json', '--fail-on', 'never'];
    const unbounded = kprod(args, { KPROD_CHECK_HEAP_MB: '0' });
    const bounded = kprod(args, { KPROD_CHECK_HEAP_MB: '512' });
    expect(unbounded.code).toBe(0);
    expect(bounded).toEqual(unbounded);
    expect((JSON.parse(bounded.stdout) as { summary: { objects: number } }).summary.objects).toBe(
      20_000,
    );
  });

  it('should stop with CHECK_OUT_OF_MEMORY and exit 2 past the bound, without a crash report', () => {
    const run = kprod(['check', dir, '-o', 'json'], { KPROD_CHECK_HEAP_MB: '16' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'kprod: CHECK_OUT_OF_MEMORY: kprod check: the input needs more than the 16 MiB of heap it was given\n' +
        '  hint: Check fewer files at a time, or set a larger bound: KPROD_CHECK_HEAP_MB=32 kprod check ... (0: no bound).\n',
    );
  });

  it('should refuse a bound that is not a number of MiB', () => {
    const run = kprod(['check', dir], { KPROD_CHECK_HEAP_MB: 'lots' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'KPROD_CHECK_HEAP_MB must be a whole number of MiB (0 for no bound), got "lots"',
    );
  });
});

describe('kprod check writing a large report to a reader that goes away', () => {
  const dir = deployments(5_000);

  it('should stop writing quietly, as `kprod check ... | head` expects', async () => {
    const child = spawn(process.execPath, [CLI, 'check', dir, '--fail-on', 'never'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => (stderr += data));
    // The reader takes the first piece of the report and leaves.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
