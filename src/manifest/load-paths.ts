/**
 * Reads manifests from files, directories and standard input, refusing binary and oversized
 * input with a clear error, and hands the text to {@link loadManifestText}.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { KprodError } from '../errors.js';
import { loadManifestText } from './load.js';
import type { SourceObject } from './source-object.js';

/** Files larger than this are refused rather than parsed (a manifest is rarely over 1 MiB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** File name extensions read when a directory is given. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** kustomize's own files describe a build, not objects: skipped when walking a directory. */
const KUSTOMIZE_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function tooLarge(file: string, size: number): KprodError {
  return new KprodError(
    'MANIFEST_NOT_TEXT',
    `${file}: ${size} bytes is more than the ${MAX_MANIFEST_BYTES} bytes kprod reads`,
    { hint: 'Split the file, or check that it is really a manifest.' },
  );
}

/** Decodes file bytes as UTF-8 text, refusing binary content with a clear error. */
export function decodeManifestBytes(bytes: Uint8Array, file: string): string {
  if (bytes.length > MAX_MANIFEST_BYTES) throw tooLarge(file, bytes.length);
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul < 0) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    const line =
      nul < 0
        ? undefined
        : Buffer.from(bytes.subarray(0, nul)).toString('latin1').split('\n').length;
    throw new KprodError(
      'MANIFEST_NOT_TEXT',
      `${file}${line === undefined ? '' : `:${line}`}: binary content, not UTF-8 YAML or JSON`,
      { hint: 'Pass only manifest files (.yaml, .yml, .json); check the path.' },
    );
  }
  return text;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    // Stop reading early: decodeManifestBytes refuses anything past the limit anyway.
    if (size > MAX_MANIFEST_BYTES) throw tooLarge('<stdin>', size);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function unreadable(path: string, cause: unknown): KprodError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : (cause as Error).message;
  return new KprodError('KPROD_INPUT_UNREADABLE', `${path}: ${reason}`, { cause });
}

/** Manifest files below `dir`, recursively, in a stable (sorted) order. */
async function manifestFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw unreadable(dir, cause);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    // Dot files hold tool settings (.kprod.yaml, .github/), not manifests.
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await manifestFiles(path)));
    else if (
      (entry.isFile() || entry.isSymbolicLink()) &&
      MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) &&
      !KUSTOMIZE_FILES.has(entry.name)
    ) {
      files.push(path);
    }
  }
  return files;
}

/** True when text may hold a Kubernetes object: some `kind` key appears in it. */
const MENTIONS_KIND = /(?:^|[\s{,"])kind"?\s*:/m;

async function loadFile(
  path: string,
  fromDirectory: boolean,
  onSkip: ((file: string) => void) | undefined,
): Promise<SourceObject[]> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (info.size > MAX_MANIFEST_BYTES) throw tooLarge(path, info.size);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw unreadable(path, cause);
  }
  const text = decodeManifestBytes(bytes, path);
  // Directories of manifests also hold other YAML (an app's config for a configMapGenerator,
  // Helm values): a file found by walking that never mentions `kind` is skipped, not refused.
  if (fromDirectory && !MENTIONS_KIND.test(text)) {
    onSkip?.(path);
    return [];
  }
  return loadManifestText(text, path);
}

/** Options of {@link loadManifestPaths}. */
export interface LoadPathsOptions {
  /** Read when a path is `-`. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Told about each file found in a directory and skipped because it holds no `kind`. */
  readonly onSkip?: ((file: string) => void) | undefined;
}

/**
 * Loads files and directories (recursively: `.yaml`, `.yml`, `.json`, skipping dot files,
 * kustomization files and files that never mention `kind`) and `-` for standard input, in the
 * order given. A file named explicitly is always read.
 */
export async function loadManifestPaths(
  paths: readonly string[],
  opts: LoadPathsOptions = {},
): Promise<SourceObject[]> {
  const objects: SourceObject[] = [];
  for (const path of paths) {
    if (path === '-') {
      if (opts.stdin === undefined) {
        throw new KprodError('KPROD_USAGE', '"-" given but no standard input is available');
      }
      const bytes = await readStream(opts.stdin);
      objects.push(...loadManifestText(decodeManifestBytes(bytes, '<stdin>'), '<stdin>'));
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (cause) {
      throw unreadable(path, cause);
    }
    if (info.isDirectory()) {
      for (const file of await manifestFiles(path)) {
        objects.push(...(await loadFile(file, true, opts.onSkip)));
      }
    } else {
      objects.push(...(await loadFile(path, false, undefined)));
    }
  }
  return objects;
}
