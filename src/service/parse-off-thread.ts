import { Worker } from 'node:worker_threads';
import { parseRoutesConfig, type ConfigParseResult } from './routes-config.js';

/** Bounds on one off-thread parse. */
export interface OffThreadLimits {
  /** The worker is stopped after this long and the file counts as too expensive. */
  readonly timeoutMs: number;
  /** Heap of the worker: a file that needs more is too expensive. */
  readonly maxHeapMb: number;
}

/**
 * What a reload may cost: 60 s and 256 MiB of heap. A valid 1 MiB file needs a few seconds of
 * CPU at most; the clock allows for a CPU-throttled pod on a busy node, since the size, alias and
 * route limits already bound the work.
 */
export const OFF_THREAD_LIMITS: OffThreadLimits = { timeoutMs: 60_000, maxHeapMb: 256 };

const WORKER_URL = new URL('./routes-config-worker.js', import.meta.url);

/**
 * Parses a routes file in a worker thread, so a hot reload never stalls the requests the event
 * loop is serving. The worker is bounded in time and heap; running out of either gives an invalid
 * result, never an exception. From TypeScript sources (the unit tests) there is no compiled
 * worker, and the file is parsed on the calling thread.
 */
export function parseRoutesConfigOffThread(
  text: string,
  file: string,
  limits: OffThreadLimits = OFF_THREAD_LIMITS,
): Promise<ConfigParseResult> {
  if (import.meta.url.endsWith('.ts')) return Promise.resolve(parseRoutesConfig(text, file));
  return new Promise((resolve) => {
    const fail = (message: string): void => {
      resolve({ ok: false, issues: [{ file, line: 1, field: '(file)', message }] });
    };
    let settled = false;
    const worker = new Worker(WORKER_URL, {
      workerData: { text, file },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fail(`took longer than ${limits.timeoutMs / 1000} s to load: too expensive`);
    }, limits.timeoutMs);
    worker.once('message', (result: ConfigParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `needs more than ${limits.maxHeapMb} MiB to load: too expensive`
          : `could not be loaded: ${error.code ?? error.name}`,
      );
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        fail('could not be loaded: the parser stopped without an answer');
      }
    });
  });
}
