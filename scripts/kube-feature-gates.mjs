// Reads the default of Kubernetes feature gates from a release's own source: the
// pkg/features/*.go files of the k8s.io/kubernetes Go module. Two layouts exist across the
// releases kprod knows: a flat map (`Gate: {Default: true, PreRelease: featuregate.Beta},`) and,
// from 1.31 on, versioned lists (`Gate: { {Version: version.MustParse("1.33"), Default: false,
// ...}, ... }`), where the last entry is the one the release runs with. Used by
// gen-feature-gates.mjs and by the test that keeps the committed table in sync.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The default of each gate in `gates` as the release's pkg/features declares it; a gate the
 * release does not declare (not yet added, or removed once GA) is absent from the result.
 * @param {string} moduleDir the k8s.io/kubernetes module's directory
 * @param {readonly string[]} gates
 * @returns {Record<string, boolean>}
 */
export function readGateDefaults(moduleDir, gates) {
  const dir = join(moduleDir, 'pkg', 'features');
  const text = readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  /** @type {Record<string, boolean>} */
  const out = {};
  for (const gate of gates) {
    const flat = new RegExp(`^\\s*${gate}:\\s*\\{Default:\\s*(true|false)\\b`, 'm').exec(text);
    if (flat !== null) {
      out[gate] = flat[1] === 'true';
      continue;
    }
    const list = new RegExp(
      `^\\s*${gate}:\\s*\\{\\s*\\n((?:\\s*\\{Version:[^\\n]*\\n)+)\\s*\\},`,
      'm',
    ).exec(text);
    if (list === null) continue;
    const defaults = [...(list[1] ?? '').matchAll(/Default:\s*(true|false)/g)];
    const last = defaults.at(-1);
    if (last !== undefined) out[gate] = last[1] === 'true';
  }
  return out;
}
