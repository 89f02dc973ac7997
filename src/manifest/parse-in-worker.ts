/**
 * Reads YAML documents with the fast reader on a worker thread, so that a large input is parsed
 * on two cores: the main thread reads one part while the worker reads the other. Parsing is
 * most of what `kprod check` spends on a big input, and the values come back by structured
 * clone, which costs a tenth of parsing them.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the worker posts back: one value per document, and the documents it declined. */
export interface WorkerAnswer {
  readonly values: unknown[];
  /** Indexes of documents the fast reader declined; the caller reads them itself. */
  readonly declined: number[];
}

const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * True when a second thread can help: more than one CPU is available to this process (taskset
 * and cgroup limits count) and the compiled worker exists (it does not when the sources run
 * directly, as under the test runner).
 */
export function canParseInWorker(): boolean {
  return availableParallelism() > 1 && existsSync(fileURLToPath(WORKER));
}

/**
 * Starts reading `texts` on a worker thread. Resolves to the answer, or to undefined when the
 * worker fails for any reason, in which case the caller reads the documents itself: a worker
 * only ever makes reading faster, never changes its outcome.
 */
export function parseInWorker(texts: readonly string[]): Promise<WorkerAnswer | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER, { workerData: texts });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (answer: WorkerAnswer) => {
      resolve(answer);
    });
    // Whatever stops the worker before it answers, the caller reads the documents itself.
    worker.once('error', () => {
      resolve(undefined);
    });
    worker.once('exit', () => {
      resolve(undefined);
    });
  });
}
