// node scripts/yaml-differential.mjs DIR|FILE...: reads every .yaml/.yml file below the paths
// given with kprod's YAML subset reader and with js-yaml (the fast schema), and prints how many
// documents there are, how many the subset reader accepts, how many of those equal js-yaml's
// value (all of them, or the script exits 1 and prints the first differences) and how many it
// declines, by reason. Needs `npm run build` first (docs/check.md, "How manifests are read").
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const { newTally, tallyFile } = await import(
  pathToFileURL(join(root, 'dist/manifest/subset-yaml/differential.js')).href
);

const SKIPPED = new Set(['node_modules', '.git']);

function* yamlFiles(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (!SKIPPED.has(entry)) yield* yamlFiles(join(path, entry));
    }
  } else if (/\.ya?ml$/.test(path)) {
    yield path;
  }
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  process.stderr.write('usage: node scripts/yaml-differential.mjs DIR|FILE...\n');
  process.exit(2);
}
for (const path of paths) {
  const tally = newTally();
  let files = 0;
  for (const file of yamlFiles(path)) {
    files += 1;
    tallyFile(tally, file, readFileSync(file, 'utf8'));
  }
  const percent = (n) => `${((100 * n) / Math.max(tally.documents, 1)).toFixed(1)}%`;
  const reasons = Object.entries(tally.declined)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  process.stdout.write(
    `${path}\n  files ${files}, documents ${tally.documents}, accepted ${tally.accepted} ` +
      `(${percent(tally.accepted)}), equal ${tally.equal}, ` +
      `declined ${tally.documents - tally.accepted}${reasons === '' ? '' : ` (${reasons})`}\n`,
  );
  for (const m of tally.mismatches.slice(0, 10)) {
    process.stdout.write(`  DIFFERENT: ${m.file} document ${m.document + 1}\n`);
  }
  if (tally.mismatches.length > 0) process.exitCode = 1;
}
