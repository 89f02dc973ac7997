// Bundles multiroute into dist/service/main.js, replacing tsc's entry module, and its config
// parsing worker into dist/service/routes-config-worker.js (loaded beside main.js).
// Start-up cost of a Node.js service is mostly module resolution and loading (hundreds of files
// for pino, prom-client, yaml and valibot); one pre-linked file roughly halves start-to-ready.
import { build } from 'esbuild';

await build({
  entryPoints: {
    'service/main': 'src/service/main.ts',
    'service/routes-config-worker': 'src/service/routes-config-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // The CommonJS dependencies call require() for Node.js built-ins; ESM has no require.
  banner: {
    js: "import { createRequire as kprodCreateRequire } from 'node:module'; const require = kprodCreateRequire(import.meta.url);",
  },
});
