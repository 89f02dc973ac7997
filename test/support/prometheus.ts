import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the real Prometheus server from the Debian package (`/usr/bin/prometheus`) on
 * 127.0.0.1, with a temporary config and TSDB directory, scraping the given targets every second.
 * Tests use it to check analysis queries against metrics a real scrape produced.
 */

/** One scraped target: `host:port` and the labels a Kubernetes scrape would add. */
export interface ScrapeTarget {
  address: string;
  labels: Record<string, string>;
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  stop(): Promise<void>;
}

/** The binary the Debian package installs; PROMETHEUS_BIN overrides it. */
export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

/** A free TCP port on 127.0.0.1 (for programs that cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}${why}`, {
        cause: last,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A config that scrapes and evaluates every second, with one job `multiroute` whose target lines
 * (`static_configs:` or `file_sd_configs:` and what follows, indented under the job) are given.
 */
export function scrapeConfig(targetLines: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: multiroute',
    ...targetLines,
    '',
  ].join('\n');
}

/** A Prometheus process on a free loopback port, its config and storage in one directory. */
export interface PrometheusProcess {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;
  /** What it wrote to stderr so far. */
  stderr(): string;
}

/** Writes `config` as `dir/prometheus.yml` and starts Prometheus on it (storage in `dir/data`). */
export async function spawnPrometheus(dir: string, config: string): Promise<PrometheusProcess> {
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${String(port)}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  return { url: `http://127.0.0.1:${String(port)}`, child, exited, stderr: () => stderr };
}

/** Resolves once `/-/ready` answers 200; fails when Prometheus exits first or after 20 s. */
export async function prometheusReady(prometheus: PrometheusProcess): Promise<void> {
  await waitFor('Prometheus to become ready', async () => {
    if (prometheus.child.exitCode !== null) {
      throw new Error(`prometheus exited: ${prometheus.stderr()}`);
    }
    const res = await fetch(`${prometheus.url}/-/ready`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 ? true : undefined;
  });
}

/** Starts Prometheus and resolves once `/-/ready` answers 200. */
export async function startPrometheus(targets: ScrapeTarget[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-prometheus-'));
  const config = scrapeConfig([
    '    static_configs:',
    ...targets.flatMap((t) => [
      `      - targets: ['${t.address}']`,
      '        labels:',
      ...Object.entries(t.labels).map(([k, v]) => `          ${k}: '${v}'`),
    ]),
  ]);
  const prometheus = await spawnPrometheus(dir, config);
  const stop = async (): Promise<void> => {
    const { child } = prometheus;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await prometheus.exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await prometheusReady(prometheus);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${prometheus.stderr()}`, { cause: error });
  }
  return { url: prometheus.url, stop };
}
