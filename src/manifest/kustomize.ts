/**
 * Builds a kustomization with `kubectl kustomize DIR` and reads the result as manifests, each
 * object remembering its line in the built output.
 */
import { execFile } from 'node:child_process';
import { KprodError } from '../errors.js';
import { loadManifestText } from './load.js';
import type { SourceObject } from './source-object.js';

/** Options of {@link buildKustomize}. */
export interface KustomizeOptions {
  /** The kubectl executable; default `kubectl` from PATH. */
  readonly kubectl?: string | undefined;
  /** Give up after this many milliseconds; default 60 s. */
  readonly timeoutMs?: number | undefined;
}

/** Built output larger than this is refused (kubectl writes it to a pipe kprod buffers). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs `kubectl kustomize TARGET` and returns its output; errors name `dir`, the directory the
 * user gave (TARGET may be a kustomization kprod made around it).
 * Throws KUSTOMIZE_FAILED with kubectl's own message when the build fails or kubectl is missing.
 */
export function runKubectlKustomize(
  target: string,
  dir: string,
  opts: KustomizeOptions = {},
): Promise<string> {
  const kubectl = opts.kubectl ?? 'kubectl';
  return new Promise<string>((resolve, reject) => {
    execFile(
      kubectl,
      ['kustomize', target],
      { maxBuffer: MAX_OUTPUT_BYTES, timeout: opts.timeoutMs ?? 60_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve(stdout);
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        const detail =
          code === 'ENOENT'
            ? `${kubectl} was not found on PATH`
            : error.killed
              ? `${kubectl} kustomize did not finish in time and was stopped`
              : stderr.trim().replace(/^error: /, '') || error.message;
        reject(
          new KprodError('KUSTOMIZE_FAILED', `kustomize ${dir}: ${detail}`, {
            cause: error,
            hint:
              code === 'ENOENT'
                ? 'Install kubectl (it includes kustomize) or pass the built YAML on stdin: kustomize build DIR | kprod check -'
                : `Run "kubectl kustomize ${dir}" to see the full error, fix the kustomization and retry.`,
          }),
        );
      },
    );
  });
}

/**
 * Runs `kubectl kustomize DIR` and loads its output; objects carry `file: 'kustomize:DIR'`.
 * Throws KUSTOMIZE_FAILED with kubectl's own message when the build fails or kubectl is missing.
 */
export async function buildKustomize(
  dir: string,
  opts: KustomizeOptions = {},
): Promise<SourceObject[]> {
  return loadManifestText(await runKubectlKustomize(dir, dir, opts), `kustomize:${dir}`);
}
