import { watch, type FSWatcher } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashConfig } from './routes-config.js';

/** Options of {@link watchConfigFile}. */
export interface ConfigWatchOptions {
  /** The config path as given (in Kubernetes, a symlink into the volume's `..data`). */
  readonly path: string;
  /** Hash of the content already loaded: the same content is not reported again. */
  readonly initialHash: string;
  /** Called with the new text when the content changed; the next read waits for its promise. */
  readonly onChange: (text: string, hash: string) => void | Promise<void>;
  /** Called once per distinct read error (a missing file stays one error until it changes). */
  readonly onError: (error: Error) => void;
  /** Wait for more events this long before reading (default 100 ms). */
  readonly debounceMs?: number;
  /** Re-stat the resolved file this often, in case an event was missed (default 5000 ms). */
  readonly pollMs?: number;
  /** Use file system events (default true); polling alone serves file systems without them. */
  readonly events?: boolean;
}

/** A running watch. */
export interface ConfigWatch {
  /** Reads the file now and reports a change; resolves when done. */
  check(): Promise<void>;
  close(): void;
}

/**
 * Watches a config file for content changes. kubelet updates a ConfigMap volume by swapping the
 * `..data` symlink in the mounted directory, which a watch on the file itself never sees, so the
 * directory is watched; a periodic stat of the resolved real path catches what events miss
 * (some file systems send none). Content is hashed, so touches and no-op swaps are not reported.
 */
export function watchConfigFile(options: ConfigWatchOptions): ConfigWatch {
  const { path, onChange, onError } = options;
  const debounceMs = options.debounceMs ?? 100;
  const pollMs = options.pollMs ?? 5000;
  let lastHash = options.initialHash;
  let lastError = '';
  let lastSignature = '';
  let debounce: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let requested = 0;
  let closed = false;

  const readOnce = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      const key = err.code ?? err.message;
      if (key !== lastError && !closed) {
        lastError = key;
        onError(err);
      }
      return;
    }
    lastError = '';
    const hash = hashConfig(text);
    if (hash === lastHash || closed) return;
    lastHash = hash;
    await onChange(text, hash);
  };

  // One read at a time; events during a read cause one more read after it.
  const check = async (): Promise<void> => {
    if (running !== undefined) {
      requested += 1;
      return running;
    }
    running = (async () => {
      let seen: number;
      do {
        seen = requested;
        await readOnce();
      } while (seen !== requested && !closed);
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  };

  const schedule = (): void => {
    if (debounce !== undefined) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      void check();
    }, debounceMs);
  };

  const poll = async (): Promise<void> => {
    try {
      const real = await realpath(path);
      const info = await stat(real);
      const signature = `${real}:${info.ino}:${info.size}:${info.mtimeMs}`;
      if (signature !== lastSignature) {
        lastSignature = signature;
        schedule();
      }
    } catch {
      schedule();
    }
  };

  const startWatcher = (): FSWatcher | undefined => {
    if (options.events === false) return undefined;
    try {
      const dirWatcher = watch(dirname(path), schedule);
      dirWatcher.on('error', () => {
        // The directory went away (volume unmounted): polling keeps trying.
        dirWatcher.close();
      });
      return dirWatcher;
    } catch {
      // No such directory yet, or no events on this file system: polling covers it.
      return undefined;
    }
  };
  const watcher = startWatcher();
  void poll();
  const timer = setInterval(() => void poll(), pollMs);
  timer.unref();

  return {
    check,
    close() {
      closed = true;
      watcher?.close();
      clearInterval(timer);
      if (debounce !== undefined) clearTimeout(debounce);
    },
  };
}
