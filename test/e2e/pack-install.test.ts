import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

const CLEAN_DEPLOYMENT = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  greeting: hello
`;

// The README's Install section, step by step: pack the built tree, install the tarball globally
// into a private prefix, and run the installed commands from there.
describe('the packed package', () => {
  let work: string;
  let prefix: string;
  let bin: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kprod-pack-'));
    prefix = join(work, 'prefix');
    // npm test has just built dist/; packing again must not rebuild under a running suite.
    const packed = execFileSync(
      'npm',
      ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      { cwd: work, encoding: 'utf8', timeout: 170_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    bin = join(prefix, 'bin');
  }, 180_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  function run(command: string, args: readonly string[], cwd = work) {
    const result = spawnSync(join(bin, command), args, {
      cwd,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: work, NO_COLOR: '1' },
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('should ship the docs the help text points at and no tests', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/docs/user.md');
    expect(listing).toContain('package/docs/check.md');
    expect(listing).toContain('package/docs/release.md');
    expect(listing).toContain('package/README.md');
    expect(listing.filter((path) => /\.test\.(js|ts)$/.test(path))).toEqual([]);
    expect(readdirSync(bin).sort()).toEqual([
      'kprod',
      'multiroute',
      'multiroute-probe',
      'multiroute-two-port',
    ]);
  });

  it('should print the version with kprod --version', () => {
    expect(run('kprod', ['--version'])).toEqual({
      code: 0,
      stdout: `${PKG.version}\n`,
      stderr: '',
    });
  });

  it('should check a manifest with kprod check', () => {
    const dir = mkdtempSync(join(work, 'manifests-'));
    writeFileSync(join(dir, 'config.yaml'), CLEAN_DEPLOYMENT);
    const result = run('kprod', ['check', 'config.yaml', '-o', 'json'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { findings: unknown[]; kubeVersion: string };
    expect(report.kubeVersion).toBe('1.37');
    expect(report.findings).toEqual([]);
  });

  it('should start multiroute and answer /livez', async () => {
    const child = spawn(join(bin, 'multiroute'), [], {
      cwd: work,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const port = await new Promise<number>((resolvePort, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const line = out.split('\n').find((l) => l.includes('"multiroute listening"'));
          if (line !== undefined) resolvePort((JSON.parse(line) as { port: number }).port);
        });
        child.on('exit', (code) => {
          reject(new Error(`multiroute exited with ${String(code)}: ${out}`));
        });
      });
      const response = await fetch(`http://127.0.0.1:${port}/livez`, {
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
