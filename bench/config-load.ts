import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseDocument } from 'yaml';

// npm run bench:config: what loading a routes file costs.
// 1. Parse time of parseRoutesConfig at 1k, 10k and 40k routes (limits lifted: 40k routes of
//    this shape are 1.5 MB, over the 1 MiB limit), beside the yaml library's own quadratic
//    duplicate-key check (uniqueKeys) that the parser used before, measured in the same run.
// 2. The event-loop stall while a running multiroute hot-reloads 20,000 routes (880 KB), with
//    the parse in a worker (the service) and on the event loop (the previous way), measured with
//    perf_hooks.monitorEventLoopDelay at 1 ms resolution.

const ROOT = resolve(import.meta.dirname, '../..');

interface ParseModule {
  parseRoutesConfig: (
    text: string,
    file: string,
    limits?: { maxBytes: number; maxRoutes: number },
  ) => { ok: boolean };
}
interface StartModule {
  startService: (
    settings: Record<string, unknown>,
    options: Record<string, unknown>,
  ) => Promise<{
    service: { configHash(): string | undefined; server: { close(): void } } & {
      adminServer: { close(): void };
      setRoutes(config: unknown): void;
    };
    watch?: { close(): void };
  }>;
}
interface LoggerModule {
  createLogger: (level: string, destination: { write(line: string): void }) => unknown;
}

const load = async <T>(file: string): Promise<T> =>
  (await import(join(ROOT, 'dist/service', file))) as T;
const { parseRoutesConfig } = await load<ParseModule>('routes-config.js');
const { startService } = await load<StartModule>('start-service.js');
const { createLogger } = await load<LoggerModule>('logger.js');

function routesYaml(count: number): string {
  const lines = ['routes:'];
  for (let i = 0; i < count; i += 1) {
    const n = String(i).padStart(5, '0');
    lines.push(`  /route-${n}: {response: "content ${n}"}`);
  }
  return `${lines.join('\n')}\n`;
}

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const unlimited = { maxBytes: Infinity, maxRoutes: Infinity };
console.log('config parse time (ms), best of 3; quadratic = yaml uniqueKeys, the former check');
for (const count of [1000, 10_000, 40_000]) {
  const text = routesYaml(count);
  const best = Math.min(
    ...[1, 2, 3].map(() =>
      timeMs(() => {
        if (!parseRoutesConfig(text, 'bench.yml', unlimited).ok) throw new Error('invalid');
      }),
    ),
  );
  // The quadratic check only where it ends in reasonable time.
  const quadratic =
    count <= 10_000
      ? timeMs(() => {
          parseDocument(text, { uniqueKeys: true }).toJS();
        })
      : NaN;
  console.log(
    `${String(count).padStart(6)} routes ${(text.length / 1024).toFixed(0).padStart(5)} KiB  ` +
      `parseRoutesConfig ${best.toFixed(0).padStart(6)} ms` +
      (Number.isNaN(quadratic)
        ? '  (quadratic: not run)'
        : `  quadratic ${quadratic.toFixed(0).padStart(6)} ms  ratio ${(quadratic / best).toFixed(1)}`),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'multiroute-bench-config-'));
const path = join(dir, 'config.yml');
const small = 'routes:\n  /small: {response: x}\n';
const big = routesYaml(20_000);
writeFileSync(path, small);
const running = await startService(
  {
    configPath: path,
    host: '127.0.0.1',
    port: 0,
    adminPort: 0,
    version: 'v1',
    podIp: 'bench',
    dbPass: undefined,
    dbExpectedPass: undefined,
    accessLog: false,
    logLevel: 'warn',
    shutdownDelayMs: 0,
    shutdownTimeoutMs: 1000,
    gitCommit: 'bench',
    help: false,
  },
  {
    logger: createLogger('warn', { write: () => undefined }),
    processMetrics: false,
    watch: { debounceMs: 10, pollMs: 100 },
  },
);

/**
 * The longest the event loop was held during a change: the maximum of monitorEventLoopDelay and
 * of the largest gap between the ticks of a 1 ms timer chain (the histogram alone can miss a
 * stall that ends just before it is disabled).
 */
async function stallDuring(change: () => void, done: () => boolean): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let maxGap = 0;
  let ticking = true;
  const tick = (): void => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    if (ticking) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  change();
  const deadline = Date.now() + 60_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('reload did not finish in 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  // Let the histogram's timer and the ticker record the last delay.
  await new Promise((r) => setTimeout(r, 20));
  ticking = false;
  histogram.disable();
  return Math.max(histogram.max / 1e6, maxGap);
}

const rounds = 3;
const workerStalls: number[] = [];
const inlineStalls: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  for (const text of [big, small]) {
    const before = running.service.configHash();
    const stall = await stallDuring(
      () => {
        writeFileSync(`${path}.next`, text);
        renameSync(`${path}.next`, path);
      },
      () => running.service.configHash() !== before,
    );
    if (text === big) workerStalls.push(stall);
  }
}
running.watch?.close();
for (let round = 0; round < rounds; round += 1) {
  // The previous way: parse and swap on the event loop, in one go.
  let swapped = false;
  const stall = await stallDuring(
    () => {
      setImmediate(() => {
        const result = parseRoutesConfig(big, path) as { ok: boolean; config?: unknown };
        running.service.setRoutes(result.config);
        swapped = true;
      });
    },
    () => swapped,
  );
  inlineStalls.push(stall);
}
running.service.server.close();
running.service.adminServer.close();
rmSync(dir, { recursive: true, force: true });
const fmt = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
console.log(
  `\nevent-loop stall while hot-reloading 20,000 routes (${(big.length / 1024).toFixed(0)} KiB), ` +
    `max delay per reload (ms):\n` +
    `  parsed in a worker (multiroute):  ${fmt(workerStalls)}\n` +
    `  parsed on the event loop (before): ${fmt(inlineStalls)}`,
);
