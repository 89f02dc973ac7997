// npm run pipeline:local: the steps of .github/workflows/pipeline.yml on this machine
// (docs/pipeline.md). The pipeline is TypeScript in test/pipeline/, typechecked and linted with
// the tests; this launcher bundles it with esbuild (a dev dependency) into node_modules/.cache,
// so it runs on Node.js 20 without a TypeScript loader, and passes it the process's I/O.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'node_modules/.cache/kprod-pipeline');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'pipeline.mjs');
await build({
  entryPoints: [join(root, 'test/pipeline/pipeline.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
  // import.meta.dirname in the bundle must still be test/pipeline/, where ROOT is taken from.
  define: { 'import.meta.dirname': JSON.stringify(join(root, 'test/pipeline')) },
});
const { runPipeline } = await import(pathToFileURL(outfile).href);
process.exitCode = await runPipeline({
  argv: process.argv.slice(2),
  env: process.env,
  write: (text) => process.stdout.write(text),
  stdinIsTty: process.stdin.isTTY === true,
  onSignal(handler) {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
});
