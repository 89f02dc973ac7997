/**
 * The stdout side of `kprod logs`: lines are gathered and written in batches (one write per
 * event-loop turn or per 64 KiB, not one per line, which costs a system call each), and a full
 * stdout makes every stream wait for one shared 'drain'.
 */

/** Where the batches go: a Writable such as process.stdout. */
export interface BatchTarget {
  write(chunk: string): boolean;
  on(event: 'drain' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'error', listener: () => void): unknown;
}

/** A batching writer. */
export interface BatchedWriter {
  /** Queues text; a returned promise means the output is full: wait for it before the next. */
  write(text: string): Promise<void> | undefined;
  /** Writes what is queued (at the end of a run). */
  flush(): void;
}

/** A batch is written once it holds this many characters, or at the end of the turn. */
export const BATCH_CHARS = 64 * 1024;

/** Batches writes to `target`; `signal` releases waiting writers when the run stops. */
export function createBatchedWriter(target: BatchTarget, signal: AbortSignal): BatchedWriter {
  let batch = '';
  let scheduled = false;
  // Set while the output is full: what every writer waits for.
  let drained: Promise<void> | undefined;

  // Listen at once: a synchronous stdout (a pipe on Linux) emits 'drain' on the next tick,
  // before any stream writes again, and a listener added later would wait forever.
  const waitForDrain = (): void => {
    drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        drained = undefined;
        target.off('drain', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      target.on('drain', done);
      signal.addEventListener('abort', done, { once: true });
    });
  };

  const flush = (): void => {
    scheduled = false;
    if (batch === '') return;
    const text = batch;
    batch = '';
    if (!target.write(text) && !signal.aborted) waitForDrain();
  };

  return {
    write(text) {
      if (signal.aborted) return undefined;
      batch += text;
      if (batch.length >= BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return drained;
    },
    flush,
  };
}
