/**
 * Schema parity: runs the schema family of another build of kprod (`--old`, the `dist` folder of
 * a build of an earlier commit, e.g. one whose value checks came from ajv validators) and of this
 * tree over the same objects, at every supported Kubernetes version, and prints every finding
 * that one reports and the other does not, grouped by message (numbers and quoted values
 * folded), with one example each. Exit code 0 either way: deciding which side is right is the
 * reader's job (docs/check.md lists the accepted differences).
 *
 * Objects: every YAML file of the repository (deploy/, monitoring/, test fixtures, …), the
 * variants of the API-validation differential (test/cluster/api-validation), the files or
 * folders given after the options (e.g. the bench's generated input, or a project's examples),
 * and mutations of all of them but the largest: each field path of each kind given bad values
 * once.
 *
 *   npx tsc -p test/schema-parity/tsconfig.json
 *   node dist/.bench/parity/test/schema-parity/parity.js --old /path/to/old/dist [paths...]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { argv, exit, stdout } from 'node:process';
import { stringify } from 'yaml';
import type { CheckInput, Finding } from '../../src/check/finding.js';
import { checkSchema } from '../../src/check/schema/schema.js';
import { SUPPORTED_KUBE_VERSIONS } from '../../src/check/schema/schema-registry.js';
import { loadManifestText } from '../../src/manifest/load.js';
import type { SourceObject } from '../../src/manifest/source-object.js';
import { allVariants } from '../cluster/api-validation/all-variants.js';

type CheckSchema = (input: CheckInput) => Finding[];

// Compiled to dist/.bench/parity/test/schema-parity/ (dist/.bench is left out of packages and
// images).
const ROOT = resolve(import.meta.dirname, '../../../../..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.run', 'bin', 'coverage']);

function yamlFiles(path: string, files: string[]): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (!SKIP_DIRS.has(name)) yamlFiles(join(path, name), files);
    }
  } else if (/\.ya?ml$/.test(path)) files.push(path);
}

/** The objects of one file, or none when it does not parse (both sides would refuse it). */
function objectsOf(file: string): SourceObject[] {
  try {
    return loadManifestText(readFileSync(file, 'utf8'), relative(ROOT, file));
  } catch {
    return [];
  }
}

function parseArgs(): { old: string; paths: string[] } {
  const args = argv.slice(2);
  const at = args.indexOf('--old');
  const old = at < 0 ? undefined : args[at + 1];
  if (old === undefined) {
    stdout.write('usage: parity.js --old <dist folder of another build> [paths...]\n');
    exit(2);
  }
  args.splice(at, 2);
  return { old: resolve(old), paths: args.map((p) => resolve(p)) };
}

/** A message with its values folded, so that one difference of many objects counts once. */
function shapeOf(message: string): string {
  return message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\[\d+\]/g, '[]')
    .replace(/\b\d+(\.\d+)?\b/g, 'N');
}

const { old, paths } = parseArgs();
const oldModule = (await import(join(old, 'check/schema/schema.js'))) as {
  checkSchema: CheckSchema;
};
const files: string[] = [];
for (const dir of ['deploy', 'monitoring', 'test', 'src', 'docs'])
  yamlFiles(join(ROOT, dir), files);
for (const path of paths) yamlFiles(path, files);
const objects: SourceObject[] = files.flatMap(objectsOf);
const fromFiles = objects.length;
const variants = allVariants().length;
for (const variant of allVariants()) {
  const object = { ...variant.object };
  const metadata = object['metadata'];
  if (typeof metadata === 'object' && metadata !== null && !('namespace' in metadata)) {
    object['metadata'] = { ...metadata, namespace: 'parity' };
  }
  objects.push(...loadManifestText(stringify(object), `variant/${variant.id}.yaml`));
}

/**
 * Mutations of an object: each scalar of it replaced, one at a time, by values that break
 * formats, enums, patterns, bounds, lengths and types, and each list emptied; a field path
 * (list indexes folded) of a kind is mutated once.
 */
function mutationsOf(source: SourceObject, seen: Set<string>): Record<string, unknown>[] {
  const BAD: readonly unknown[] = [
    'Bogus value!',
    -1,
    4_294_967_296,
    1.5,
    true,
    '',
    'x'.repeat(300),
  ];
  const root = source.object as Record<string, unknown>;
  const kind = `${String(root['apiVersion'])} ${String(root['kind'])}`;
  const out: Record<string, unknown>[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (path.length > 0 && (path[0] === 'apiVersion' || path[0] === 'kind')) return;
    const key = `${kind} ${path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.')}`;
    const fresh = !seen.has(key);
    seen.add(key);
    if (Array.isArray(value)) {
      if (fresh && path.length > 0) out.push(replaced(root, path, []));
      for (const [index, item] of (value as unknown[]).entries()) visit(item, [...path, index]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, item] of Object.entries(value)) visit(item, [...path, name]);
    } else if (fresh) {
      for (const bad of BAD) if (bad !== value) out.push(replaced(root, path, bad));
    }
  };
  visit(root, []);
  return out;
}

function replaced(
  root: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

interface Difference {
  readonly side: 'old only' | 'new only';
  readonly example: string;
  count: number;
}

const differences = new Map<string, Difference>();
let compared = 0;

/** Checks one object at every version with both builds and records what differs. */
function compare(source: SourceObject): void {
  const render = (f: Finding) => `${f.rule} line ${f.line}: ${f.message}`;
  for (const version of SUPPORTED_KUBE_VERSIONS) {
    const input: CheckInput = {
      objects: [source],
      options: { kubeVersion: version, profile: 'default' },
    };
    const before = new Set(oldModule.checkSchema(input).map(render));
    const after = new Set(checkSchema(input).map(render));
    compared += 1;
    for (const [side, mine, theirs] of [
      ['old only', before, after],
      ['new only', after, before],
    ] as const) {
      for (const finding of mine) {
        if (theirs.has(finding)) continue;
        const kind = `${String(source.object.apiVersion)} ${String(source.object.kind)}`;
        const key = `${side}\t${kind}\t${shapeOf(finding)}`;
        const known = differences.get(key);
        if (known !== undefined) known.count += 1;
        else {
          differences.set(key, {
            side,
            count: 1,
            example: `${version} ${source.file}:${source.line} ${finding}`,
          });
        }
      }
    }
  }
}

// Mutations are made, checked and dropped one object at a time: holding them all takes GiBs.
const seen = new Set<string>();
let mutations = 0;
for (const [index, source] of objects.entries()) {
  compare(source);
  // Variants are mutations already; large objects (CRDs themselves) would make thousands of
  // large copies: both are left whole.
  if (index >= fromFiles || JSON.stringify(source.object).length > 50_000) continue;
  for (const object of mutationsOf(source, seen)) {
    for (const mutated of loadManifestText(stringify(object), `mutation/${source.file}`)) {
      compare(mutated);
      mutations += 1;
    }
  }
}

stdout.write(
  `${fromFiles} objects from ${files.length} files, ${variants} variants ` +
    `and ${mutations} mutations, ${SUPPORTED_KUBE_VERSIONS.length} versions: ` +
    `${compared} checks, ${differences.size} kinds of difference\n`,
);
for (const [key, difference] of [...differences].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const [side, kind, shape] = key.split('\t');
  stdout.write(`\n${side} ×${difference.count}  ${kind}  ${shape}\n  e.g. ${difference.example}\n`);
}
