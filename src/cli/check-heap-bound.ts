/**
 * The heap bound of `kprod check` on large input. V8 lets the heap of a process on a large
 * machine grow to gigabytes of garbage before it collects it all; kprod check's live data is
 * small (objects stream through it, see docs/check.md), so on large input it runs itself again
 * with `--max-old-space-size` chosen from the input's size, and peak memory stays close to what
 * is live. Should the bound be passed, the run stops with CHECK_OUT_OF_MEMORY, never with V8's
 * crash report.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXIT, KprodError } from '../errors.js';

/** Sets the bound in MiB (`0`: none); otherwise it is chosen from the input's size. */
export const HEAP_BOUND_ENV = 'KPROD_CHECK_HEAP_MB';
/** Set in the bounded run, so that it does not run itself again. */
const BOUNDED_ENV = 'KPROD_CHECK_HEAP_BOUNDED';

/**
 * Input from this size on is large: it runs with a heap bound (below it V8's own limits keep the
 * heap small enough) and its index compacts every object.
 */
export const LARGE_INPUT_BYTES = 32 * 1024 * 1024;

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Bytes of the manifest files among `paths` (directories walked); unreadable paths count 0. */
export async function manifestBytes(paths: readonly string[], cwd: string): Promise<number> {
  let total = 0;
  const visit = async (path: string, top: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      return; // the check itself reports it, with its message
    }
    if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = await readdir(path);
      } catch {
        return;
      }
      for (const entry of entries) {
        if (!entry.startsWith('.') && entry !== 'node_modules')
          await visit(join(path, entry), false);
      }
    } else if (top || MANIFEST_EXTENSIONS.some((ext) => path.endsWith(ext))) {
      total += info.size;
    }
  };
  for (const path of paths) if (path !== '-') await visit(resolve(cwd, path), true);
  return total;
}

/**
 * The heap bound in MiB for `bytes` of input: none below 32 MiB, else 48 MiB and 1.5 times the
 * input. Live data peaks at about 1.2 times the input's size on the bench objects (in the
 * cross-object passes: the compact index, the findings, the references family's index); the
 * bound leaves V8 a quarter more than that, so that peak RSS stays under 512 MiB at 200 MiB of
 * input (459 MiB, with the young generation bounded too) at the price of more collections (CPU
 * per MiB the same at 50, 100 and 200 MiB, about a third more than under a loose bound).
 * `KPROD_CHECK_HEAP_MB` overrides it.
 */
export function heapBoundMib(
  bytes: number,
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  if (env[BOUNDED_ENV] !== undefined) return undefined;
  const forced = env[HEAP_BOUND_ENV];
  if (forced !== undefined && forced !== '') {
    if (!/^\d+$/.test(forced)) {
      throw new KprodError(
        'KPROD_USAGE',
        `${HEAP_BOUND_ENV} must be a whole number of MiB (0 for no bound), got "${forced}"`,
      );
    }
    return Number(forced) === 0 ? undefined : Number(forced);
  }
  if (bytes < LARGE_INPUT_BYTES) return undefined;
  return Math.ceil(48 + (1.5 * bytes) / (1024 * 1024));
}

/**
 * The environment of the bounded run: this one's, marked as bounded, with glibc's allocator
 * told to hand large blocks back. By default it serves blocks below a threshold that grows to
 * the largest block freed so far (a file's 24 MiB buffer) from its own heap, which then keeps
 * tens of MiB it cannot return; one fixed threshold and two arenas took 70 to 90 MiB off the
 * peak RSS of 200 MiB of input. Settings the caller made are kept; other C libraries ignore
 * these names.
 */
export function boundedRunEnv(
  env: Readonly<Record<string, string | undefined>>,
  mib: number,
): Record<string, string | undefined> {
  return {
    MALLOC_MMAP_THRESHOLD_: '65536',
    MALLOC_ARENA_MAX: '2',
    ...env,
    [BOUNDED_ENV]: String(mib),
  };
}

/**
 * The young generation's half in the bounded run, in MiB: V8 lets it grow to 16 MiB (three
 * times that in all), which a heap bound does not count.
 */
const SEMI_SPACE_MIB = 4;

/** Where V8's crash report on a full heap begins (it goes on to a native stack trace). */
const OOM_REPORT = /^(?:<--- Last few GCs --->|FATAL ERROR: )/;
const OOM_MESSAGE = /heap out of memory|Reached heap limit/;

/**
 * Runs this same command again (the process's own arguments) with the heap bounded to `mib`,
 * stdin and stdout passed through and stderr passed on up to V8's crash report, if any; returns
 * its exit code. A run that passes the bound throws CHECK_OUT_OF_MEMORY.
 */
export async function runWithHeapBound(
  mib: number,
  io: {
    readonly stderr: NodeJS.WritableStream;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly signal: AbortSignal;
  },
  interrupted: () => Error,
): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      `--max-old-space-size=${mib}`,
      `--max-semi-space-size=${SEMI_SPACE_MIB}`,
      ...process.argv.slice(1),
    ],
    {
      stdio: ['inherit', 'inherit', 'pipe'],
      env: boundedRunEnv(io.env, mib),
    },
  );
  let pending = '';
  // Blank lines are held back until the next line: V8's crash report opens with one.
  let blank = '';
  // V8's crash report seen, and its out-of-memory line.
  const seen = { crashed: false, outOfMemory: false };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (data: string) => {
    pending += data;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline + 1);
      pending = pending.slice(newline + 1);
      if (OOM_REPORT.test(line)) seen.crashed = true;
      if (seen.crashed && OOM_MESSAGE.test(line)) seen.outOfMemory = true;
      if (seen.crashed) blank = '';
      else if (line.trim() === '') blank += line;
      else {
        io.stderr.write(blank + line);
        blank = '';
      }
      newline = pending.indexOf('\n');
    }
  });
  // A signal to this process is passed on: the bounded run stops as this one would.
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  io.signal.addEventListener('abort', forward, { once: true });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => {
    child.on('close', (c, s) => {
      done([c, s]);
    });
  }).finally(() => {
    io.signal.removeEventListener('abort', forward);
  });
  if (!seen.crashed && blank + pending !== '') io.stderr.write(blank + pending);
  if (seen.outOfMemory || (seen.crashed && signal === 'SIGABRT')) {
    throw new KprodError(
      'CHECK_OUT_OF_MEMORY',
      `kprod check: the input needs more than the ${mib} MiB of heap it was given`,
      {
        hint: `Check fewer files at a time, or set a larger bound: ${HEAP_BOUND_ENV}=${mib * 2} kprod check ... (0: no bound).`,
      },
    );
  }
  if (signal !== null) {
    if (io.signal.aborted) throw interrupted();
    throw new KprodError('KPROD_INTERNAL', `kprod check: the bounded run ended by ${signal}`);
  }
  return code ?? EXIT.INTERNAL;
}
