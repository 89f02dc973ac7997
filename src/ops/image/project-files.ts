import type { Dirent } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { KprodError } from '../../errors.js';
import {
  type JsonRecord,
  booleanAt,
  isRecord,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import type { LayerEntry } from './layer-tar.js';

/**
 * What of the built project goes into the image, read from disk: the production packages of
 * `node_modules` (those the lockfile does not mark `dev`, which is what `npm ci --omit=dev`
 * installs) and `dist/` with `package.json`, each under the image's app directory. Nothing is
 * installed or compiled here: the project must be built first (`npm ci`).
 */

/** The project's package.json fields the build uses. */
export interface ProjectPackage {
  name: string;
  version: string;
  license?: string;
  description?: string;
  /** Program name to script path, e.g. `multiroute` → `dist/service/main.js`. */
  bin: Record<string, string>;
}

/** The two layers' entries, paths inside the image. */
export interface ProjectFiles {
  package: ProjectPackage;
  dependencies: LayerEntry[];
  application: LayerEntry[];
}

function notBuilt(dir: string, what: string): KprodError {
  return new KprodError('IMAGE_PROJECT_NOT_BUILT', `${dir}: ${what}`);
}

async function readJson(path: string, dir: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw notBuilt(dir, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? ''}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KprodError(
      'KPROD_INPUT_UNREADABLE',
      `${path} is not JSON: ${(error as Error).message}`,
    );
  }
}

/** Reads package.json's name, version and bin; throws when they are missing. */
export async function readProjectPackage(dir: string): Promise<ProjectPackage> {
  const path = join(dir, 'package.json');
  const raw = await readJson(path, dir);
  const name = stringAt(raw, 'name');
  const version = stringAt(raw, 'version');
  if (name === undefined || version === undefined) {
    throw new KprodError('KPROD_INPUT_UNREADABLE', `${path} has no name or version`);
  }
  const programs: Record<string, string> = {};
  for (const [key, value] of Object.entries(stringMapAt(raw, 'bin'))) {
    programs[key] = posix.normalize(value);
  }
  const license = stringAt(raw, 'license');
  const description = stringAt(raw, 'description');
  return {
    name,
    version,
    bin: programs,
    ...(license === undefined ? {} : { license }),
    ...(description === undefined ? {} : { description }),
  };
}

/** A file entry, stamped for the layer cache with what changes when its content does. */
async function fileEntry(source: string, path: string): Promise<LayerEntry> {
  const stats = await lstat(source, { bigint: true });
  return {
    path,
    type: 'file',
    source,
    size: Number(stats.size),
    executable: (stats.mode & 0o111n) !== 0n,
    stamp: `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`,
  };
}

async function entryFor(
  source: string,
  path: string,
  dirent: Dirent,
): Promise<LayerEntry | undefined> {
  if (dirent.isSymbolicLink()) return { path, type: 'symlink', target: await readlink(source) };
  if (dirent.isDirectory()) return { path, type: 'directory' };
  if (dirent.isFile()) return fileEntry(source, path);
  return undefined;
}

/** Lists a directory tree as layer entries under `target`; `skip` filters by relative path. */
async function walk(
  root: string,
  target: string,
  skip: (relative: string, dirent: Dirent) => boolean,
): Promise<LayerEntry[]> {
  const entries: LayerEntry[] = [{ path: target, type: 'directory' }];
  const visit = async (relative: string): Promise<void> => {
    const dirents = await readdir(join(root, relative), { withFileTypes: true });
    for (const dirent of dirents) {
      const child = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
      if (skip(child, dirent)) continue;
      const entry = await entryFor(join(root, child), `${target}/${child}`, dirent);
      if (entry === undefined) {
        throw new KprodError(
          'KPROD_INPUT_UNREADABLE',
          `${join(root, child)} is neither a file, a directory nor a symlink`,
        );
      }
      entries.push(entry);
      if (entry.type === 'directory') await visit(child);
    }
  };
  await visit('');
  return entries;
}

/**
 * The package entries of a lockfile (lockfileVersion 2 or 3) by path; an entry that is not an
 * object is refused, naming it.
 */
function lockPackages(lock: unknown): Map<string, JsonRecord> {
  const packages = recordAt(lock, 'packages');
  if (packages === undefined) {
    throw new KprodError(
      'KPROD_INPUT_UNREADABLE',
      'package-lock.json has no "packages" (lockfileVersion 2 or 3, written by npm 7 or newer)',
    );
  }
  const entries = new Map<string, JsonRecord>();
  for (const [path, entry] of Object.entries(packages)) {
    if (!isRecord(entry)) {
      throw new KprodError(
        'KPROD_INPUT_UNREADABLE',
        `package-lock.json: "${path}" is not a package entry (an object)`,
      );
    }
    entries.set(path, entry);
  }
  return entries;
}

/** The lockfile paths (`node_modules/a`, `node_modules/a/node_modules/b`) of production packages. */
export function productionPackages(lock: unknown): string[] {
  return [...lockPackages(lock)]
    .filter(([path, meta]) => path.startsWith('node_modules/') && booleanAt(meta, 'dev') !== true)
    .map(([path]) => path)
    .sort();
}

/**
 * Lists the files of both layers. Optional packages npm did not install (another platform's
 * binaries) are left out; a missing required one means `npm ci` was not run.
 */
export async function readProjectFiles(dir: string, appDir: string): Promise<ProjectFiles> {
  const pkg = await readProjectPackage(dir);
  const lock = await readJson(join(dir, 'package-lock.json'), dir);
  const packages = lockPackages(lock);
  const target = appDir.replace(/^\/+|\/+$/g, '');

  const dependencies: LayerEntry[] = [{ path: `${target}/node_modules`, type: 'directory' }];
  for (const path of productionPackages(lock)) {
    const meta = packages.get(path);
    if (booleanAt(meta, 'link') === true) {
      throw new KprodError(
        'IMAGE_PROJECT_NOT_BUILT',
        `${path} is a workspace link; kprod image build copies installed packages only`,
      );
    }
    const source = join(dir, path);
    const stats = await lstat(source).catch(() => undefined);
    if (stats === undefined) {
      if (booleanAt(meta, 'optional') === true || booleanAt(meta, 'devOptional') === true) continue;
      throw notBuilt(dir, `${path} is not installed`);
    }
    // Nested node_modules are packages of their own in the lockfile, each judged there; npm's
    // bookkeeping (node_modules/.bin, .package-lock.json) is no package and stays out.
    const files = await walk(
      source,
      `${target}/${path}`,
      (relative) => relative === 'node_modules',
    );
    dependencies.push(...files);
  }

  const dist = join(dir, 'dist');
  if ((await lstat(dist).catch(() => undefined))?.isDirectory() !== true) {
    throw notBuilt(dir, 'dist/ does not exist');
  }
  // The same files npm would publish: no compiled tests, no benchmark build.
  const application = await walk(
    dist,
    `${target}/dist`,
    (relative) => relative === '.bench' || /\.test\.[^/]*$/.test(relative),
  );
  application.push(await fileEntry(join(dir, 'package.json'), `${target}/package.json`));
  for (const [program, script] of Object.entries(pkg.bin)) {
    const path = `${target}/${script}`;
    if (!application.some((entry) => entry.path === path && entry.type === 'file')) {
      throw notBuilt(dir, `${script} (program ${program}) is not in dist/`);
    }
  }
  return {
    package: pkg,
    dependencies,
    application,
  };
}
