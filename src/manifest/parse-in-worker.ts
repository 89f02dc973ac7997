/**
 * Reads YAML documents with the fast reader on a worker thread, so that a large input is parsed
 * on two cores: the main thread reads one part while the worker reads the other. Parsing is
 * most of what `kprod check` spends on a big input, and the values come back by structured
 * clone, which costs a tenth of parsing them. A worker takes about as long to start as a
 * Node.js process, so `kprod check` starts it (startReaderFor) before loading its own modules.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the worker posts back: one value per document, and the documents it declined. */
export interface WorkerAnswer {
  readonly values: unknown[];
  /** Indexes of documents the fast reader declined; the caller reads them itself. */
  readonly declined: number[];
}

/** Inputs at least this large are parsed on two threads when two CPUs are available. */
export const PARALLEL_MIN_BYTES = 512 * 1024;

const WORKER = new URL('./parse-worker.js', import.meta.url);

/**
 * True when a second thread can help: more than one CPU is available to this process (taskset
 * and cgroup limits count) and the compiled worker exists (it does not when the sources run
 * directly, as under the test runner).
 */
export function canParseInWorker(): boolean {
  return availableParallelism() > 1 && existsSync(fileURLToPath(WORKER));
}

/** A started worker and a promise that settles when it stops, for whatever reason. */
interface Reader {
  readonly worker: Worker;
  readonly stopped: Promise<undefined>;
}

let started: Reader | undefined;

function startReader(): Reader | undefined {
  let worker: Worker;
  try {
    worker = new Worker(WORKER);
  } catch {
    return undefined;
  }
  // Until it is given work, the worker must not keep the process alive.
  worker.unref();
  const stopped = new Promise<undefined>((resolve) => {
    // An error (it failed to start) is handled here so that it never reaches the process.
    worker.once('error', () => {
      resolve(undefined);
    });
    worker.once('exit', () => {
      resolve(undefined);
    });
  });
  return { worker, stopped };
}

/**
 * Starts the reader thread ahead of time when one of `paths` is a file of at least
 * PARALLEL_MIN_BYTES and two CPUs are available; parseInWorker then uses it. Unused, it ends
 * with the process.
 */
export function startReaderFor(paths: readonly string[]): void {
  if (started !== undefined || !canParseInWorker()) return;
  const large = paths.some((path) => {
    try {
      const info = statSync(path);
      return info.isFile() && info.size >= PARALLEL_MIN_BYTES;
    } catch {
      // Unreadable paths are reported by the loader, with its own message.
      return false;
    }
  });
  if (large) started = startReader();
}

/**
 * Reads `texts` on the worker thread (the one started ahead, or a new one). Resolves to the
 * answer, or to undefined when the worker fails for any reason, in which case the caller reads
 * the documents itself: a worker only ever makes reading faster, never changes its outcome.
 */
export async function parseInWorker(texts: readonly string[]): Promise<WorkerAnswer | undefined> {
  const reader = started ?? startReader();
  started = undefined;
  if (reader === undefined) return undefined;
  const answered = new Promise<WorkerAnswer>((resolve) => {
    reader.worker.once('message', (answer: WorkerAnswer) => {
      resolve(answer);
    });
  });
  reader.worker.ref();
  reader.worker.postMessage(texts);
  return Promise.race([answered, reader.stopped]);
}
