import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** A directory of `files` files of 400 Deployments each: long enough to interrupt. */
function manifests(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-interrupt-'));
  for (let f = 0; f < files; f += 1) {
    const docs: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app-${f}-${i} }\nspec:\n  selector: { matchLabels: { app: a${i} } }\n  template:\n    metadata: { labels: { app: a${i} } }\n    spec:\n      containers:\n        - { name: app, image: registry.example.com/app:1.0 }\n`,
      );
    }
    writeFileSync(join(dir, `part-${String(f).padStart(3, '0')}.yaml`), docs.join('---\n'));
  }
  return dir;
}

/** Runs kprod check --verbose, sends SIGTERM once it has read its first file. */
function interruptAfterFirstFile(dir: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'check', dir, '--verbose', '-o', 'json'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`kprod check did not stop within 60 s; stderr so far:\n${stderr}`));
    }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && stderr.includes('kprod: read ')) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      done({ code, stdout, stderr });
    });
  });
}

describe('kprod check interrupted', () => {
  const dir = manifests(120);
  const expected =
    'kprod: KPROD_INTERRUPTED: kprod check: interrupted before its report was written\n' +
    '  hint: Re-run kprod check; it changes nothing, so it starts again from the beginning.\n';

  it.each([
    ['unbounded', '0'],
    ['with a heap bound (the bounded run is a child process)', '512'],
  ])(
    'should stop with KPROD_INTERRUPTED and exit 130 on SIGTERM, %s',
    async (_name, heap) => {
      const run = await interruptAfterFirstFile(dir, { KPROD_CHECK_HEAP_MB: heap });
      expect(run.code).toBe(130);
      expect(run.stdout).toBe('');
      expect(run.stderr.endsWith(expected)).toBe(true);
      expect(
        run.stderr.split('\n').filter((l) => l.startsWith('kprod: read ')).length,
      ).toBeLessThan(120);
    },
    90_000,
  );
});
