/**
 * `npm run bench:image`: times `kprod image build` of this checkout as a user runs it (the CLI
 * in its own process) against a `docker-registry` on loopback with a small generated base image:
 * cold (no layer cache, empty repository: every layer written and every blob uploaded) and warm
 * (the same commit again: layers from the cache, every blob already there), and prints each
 * layer's size, compressed and not. The baseline, measured in
 * the same run on the same files, is GNU tar piped into gzip -6 writing the same two layers
 * (what any image builder pays at least to write them), so the ratios hold on a noisy machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { APP_DIR } from '../src/ops/image/build-image.js';
import { readProjectFiles } from '../src/ops/image/project-files.js';
import { pushTestBaseImage } from '../test/support/base-image.js';
import { getBlob } from '../test/support/image-pull.js';
import { startRegistry } from '../test/support/registry.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '2');

interface Result {
  digest: string;
  layers: { name: string; digest: string; size: number }[];
  blobs: Record<string, number>;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function build(ref: string, base: string): { result: Result; seconds: number } {
  const start = process.hrtime.bigint();
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'image', 'build', ref, '--base', base, '-o', 'json'],
    { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } },
  );
  return { result: JSON.parse(out) as Result, seconds: seconds(start) };
}

/** GNU tar of the same files, relative to a staging view, piped into gzip -6. */
function baseline(list: string, work: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(
    'sh',
    [
      '-c',
      `tar --no-recursion -cf - -C "${ROOT}" -T "${list}" | gzip -6 > "${join(work, 'b.tgz')}"`,
    ],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) throw new Error('tar | gzip failed');
  return seconds(start);
}

async function main(): Promise<void> {
  const registry = await startRegistry('none');
  const work = mkdtempSync(join(tmpdir(), 'kprod-bench-image-'));
  try {
    const base = await pushTestBaseImage(registry, 'base/node', '1');
    const files = await readProjectFiles(ROOT, APP_DIR);
    const lists = Object.entries({
      dependencies: files.dependencies,
      application: files.application,
    }).map(([name, entries]) => {
      const path = join(work, `${name}.list`);
      const prefix = `${APP_DIR.slice(1)}/`;
      const local = entries
        .filter((e) => e.type !== 'directory')
        .map((e) => e.path.slice(prefix.length))
        .sort();
      writeFileSync(path, local.join('\n') + '\n');
      return { name, path };
    });

    console.log(
      `kprod image build of ${ROOT}, ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const repository = `bench/multiroute-${round}`;
      rmSync(join(ROOT, 'node_modules/.cache/kprod-image'), { recursive: true, force: true });
      const cold = build(`${registry.host}/${repository}:cold`, base.reference);
      const warm = build(`${registry.host}/${repository}:warm`, base.reference);
      const tarGzip = lists.reduce((sum, list) => sum + baseline(list.path, work), 0);
      if (warm.result.digest !== cold.result.digest)
        throw new Error('cold and warm digests differ');
      console.log(
        `round ${round}: cold ${cold.seconds.toFixed(2)} s (${JSON.stringify(cold.result.blobs)}), ` +
          `warm ${warm.seconds.toFixed(2)} s (${JSON.stringify(warm.result.blobs)}), ` +
          `baseline tar|gzip -6 ${tarGzip.toFixed(2)} s; ` +
          `cold/baseline ${(cold.seconds / tarGzip).toFixed(2)}, warm/baseline ${(warm.seconds / tarGzip).toFixed(2)}`,
      );
      if (round === ROUNDS) {
        console.log(`digest ${cold.result.digest}`);
        for (const layer of cold.result.layers) {
          const tarBytes = gunzipSync(await getBlob(registry, repository, layer.digest)).length;
          console.log(
            `layer ${layer.name}: ${(layer.size / 1e6).toFixed(1)} MB compressed, ${(tarBytes / 1e6).toFixed(1)} MB tar`,
          );
        }
        const baseLayer = base.platforms['amd64']?.layer.size ?? 0;
        console.log(`layer base (generated test base): ${baseLayer} B compressed`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    await registry.stop();
  }
}

await main();
