// Bundles multiroute into one file, dist/service/main.js, replacing tsc's entry module.
// Start-up cost of a Node.js service is mostly module resolution and loading (hundreds of files
// for pino, prom-client, yaml and valibot); one pre-linked file roughly halves start-to-ready.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/service/main.ts'],
  outfile: 'dist/service/main.js',
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
