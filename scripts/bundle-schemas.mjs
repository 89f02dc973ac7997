// Pre-links the schema validators kprod check uses into dist/schemas/, one file per kind.
//
// The kubernetes-models packages ship each schema as its own ES module: validating one
// Deployment loads about 150 small modules plus the format checkers, which costs Node.js more
// than validating thousands of objects. Here each top-level kind becomes one CommonJS file
// holding its whole validator, and the shared runtime (format checkers, error messages)
// becomes runtime.cjs, loaded once. src/check/schema/schema-registry.ts reads these files when they
// exist and falls back to the packages themselves (tests run from the sources, before a build).
//
// Layout: dist/schemas/<package>/<apiVersion with / as _>.<Kind>.cjs, for example
// dist/schemas/kubernetes-models/apps_v1.Deployment.cjs. Packages that share a runtime share
// its file (dist/schemas/runtime-0.cjs); one with its own nested copy gets its own file.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// Paths from this script's own folder, so the build may run from any working directory.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'schemas');

/** The packages schema-registry.ts reads, by the name it imports them under. */
export const SCHEMA_PACKAGES = [
  'kubernetes-models',
  'kubernetes-models-v1.33',
  '@kubernetes-models/istio',
  '@kubernetes-models/gateway-api',
  '@kubernetes-models/prometheus-operator',
];

/** Runtime modules every validator imports; kept out of the per-kind files. */
const RUNTIME = ['@kubernetes-models/validate', '@kubernetes-models/base'];

/** The output folder name of a package: `@kubernetes-models/istio` becomes `kubernetes-models-istio`. */
export function bundleDirName(pkg) {
  return pkg.replace(/^@/, '').replace(/\//g, '-');
}

function packageRoot(pkg) {
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Model files of top-level kinds: `<group>/<version>/<Kind>.js` or `<version>/<Kind>.js`. */
function kindFiles(root) {
  const out = [];
  const walk = (dir, depth) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '_schemas' && name !== 'node_modules' && depth < 2) walk(path, depth + 1);
      } else if (name.endsWith('.js') && depth >= 1 && /^[A-Z]/.test(name)) {
        // Only classes with a static kind are top-level kinds; the rest are nested types.
        // List kinds are left out: the loader checks a List's items one by one.
        if (name.endsWith('List.js')) continue;
        if (/(?:this|\b[A-Z]\w*)\.kind\s*=/.test(readFileSync(path, 'utf8'))) out.push(path);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** `apps/v1/Deployment.js` becomes `apps_v1.Deployment`. */
function outputName(root, file) {
  const parts = relative(root, file).split(sep);
  const kind = parts.pop().replace(/\.js$/, '');
  return `${parts.join('_')}.${kind}`;
}

/** The folder the runtime resolves from for a package: its own node_modules, or the top. */
function runtimeHome(root) {
  return existsSync(join(root, 'node_modules', RUNTIME[0])) ? root : ROOT;
}

function runtimeExternal(file) {
  const filter = new RegExp(`^(${RUNTIME.map((r) => r.replace(/[/]/g, '\\/')).join('|')})$`);
  return {
    name: 'kprod-schema-runtime',
    setup(b) {
      b.onResolve({ filter }, () => ({ path: `../${file}`, external: true }));
    },
  };
}

rmSync(OUT, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  minify: true,
  // The newer packages export ES modules only (the "import" condition).
  conditions: ['import'],
  // re2-wasm reads its .wasm file beside its own module: leave it in node_modules.
  external: ['re2-wasm'],
};
const runtimes = new Map();
let count = 0;
for (const pkg of SCHEMA_PACKAGES) {
  const root = packageRoot(pkg);
  const home = runtimeHome(root);
  let runtime = runtimes.get(home);
  if (runtime === undefined) {
    runtime = `runtime-${runtimes.size}.cjs`;
    runtimes.set(home, runtime);
    await build({
      ...common,
      stdin: {
        contents: RUNTIME.map((r) => `export * from ${JSON.stringify(r)};`).join('\n'),
        resolveDir: home,
        loader: 'js',
      },
      outfile: join(OUT, runtime),
    });
  }
  const files = kindFiles(root);
  await build({
    ...common,
    entryPoints: Object.fromEntries(files.map((f) => [outputName(root, f), f])),
    outdir: join(OUT, bundleDirName(pkg)),
    outExtension: { '.js': '.cjs' },
    plugins: [runtimeExternal(runtime)],
  });
  count += files.length;
}
process.stdout.write(`bundled ${count} schema validators into ${relative(ROOT, OUT)}\n`);
