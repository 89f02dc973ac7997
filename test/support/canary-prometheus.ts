import type { ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordAt, recordsAt, stringAt } from '../../src/kube/field-access.js';
import {
  type PrometheusProcess,
  prometheusReady,
  scrapeConfig,
  spawnPrometheus,
} from './prometheus.js';

/**
 * The metrics side of canary releases on a cluster whose pods run no process (kwok): each
 * watched pod is played by a multiroute process on loopback, and the real Prometheus scrapes
 * that process once per Running pod, under the pod's own `namespace` and `pod` labels (the labels
 * a Kubernetes pod scrape adds and kprod's analysis query selects by).
 *
 * Debian's Prometheus is built without Kubernetes service discovery, so this class plays the
 * discovery: every half second it lists the pods of the watched selectors and writes them as
 * file-based scrape targets, which Prometheus picks up when the file changes. A load loop sends
 * 20 requests a second to every backend so each analysis window has traffic.
 */

/** A multiroute process answering `/route1`. */
export interface Backend {
  readonly port: number;
  stop(): Promise<void>;
}

/** Lists the pods of `selector` in `namespace`: the parsed `kubectl get pods -o json` list. */
export type PodLister = (namespace: string, selector: string) => Promise<unknown>;

/** Options of {@link CanaryMetrics.start}. */
export interface CanaryMetricsOptions {
  /** Remove `dir` when stopped (a temporary directory of the caller's). */
  removeOnStop?: boolean;
}

/** Which process plays the pods of one selector in one namespace. */
interface Mapping {
  namespace: string;
  selector: string;
  backend: Backend;
}

/** Requests to backends and Prometheus wait at most this long. */
const REQUEST_MS = 2000;

/** The names of the Running pods of a pod list that are not being deleted. */
function runningPods(list: unknown): string[] {
  return recordsAt(list, 'items')
    .filter((pod) => stringAt(recordAt(pod, 'status'), 'phase') === 'Running')
    .map((pod) => recordAt(pod, 'metadata'))
    .filter((metadata) => metadata?.['deletionTimestamp'] === undefined)
    .map((metadata) => stringAt(metadata, 'name'))
    .filter((name): name is string => name !== undefined);
}

/** Prometheus scraping the backends that play the watched pods. */
export class CanaryMetrics {
  readonly url: string;
  private readonly mappings = new Map<string, Mapping>();
  private written = '';
  private timer: NodeJS.Timeout | undefined;
  private load: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  private constructor(
    prometheus: PrometheusProcess,
    private readonly dir: string,
    private readonly listPods: PodLister,
    private readonly options: CanaryMetricsOptions,
  ) {
    this.url = prometheus.url;
    this.child = prometheus.child;
    this.exited = prometheus.exited;
  }

  /**
   * Starts Prometheus (1 s scrapes, targets from a file) with its config and storage in `dir`,
   * and the discovery loop that lists pods with `listPods`.
   */
  static async start(
    dir: string,
    listPods: PodLister,
    options: CanaryMetricsOptions = {},
  ): Promise<CanaryMetrics> {
    mkdirSync(dir, { recursive: true });
    const targets = join(dir, 'targets.json');
    writeFileSync(targets, '[]');
    const prometheus = await spawnPrometheus(
      dir,
      scrapeConfig([
        '    file_sd_configs:',
        `      - files: ['${targets}']`,
        '        refresh_interval: 1s',
      ]),
    );
    const metrics = new CanaryMetrics(prometheus, dir, listPods, options);
    try {
      await prometheusReady(prometheus);
    } catch (error) {
      await metrics.stop();
      throw error;
    }
    metrics.timer = setInterval(() => void metrics.sync(), 500);
    return metrics;
  }

  /**
   * From now on the Running pods matching `selector` in `namespace` are scraped from `backend`
   * (replacing the backend an earlier call gave the same selector), and `backend` gets requests.
   */
  serve(namespace: string, selector: string, backend: Backend): void {
    this.mappings.set(`${namespace}/${selector}`, { namespace, selector, backend });
    this.load ??= setInterval(() => {
      for (const port of new Set([...this.mappings.values()].map((m) => m.backend.port))) {
        void fetch(`http://127.0.0.1:${String(port)}/route1`, {
          signal: AbortSignal.timeout(REQUEST_MS),
        }).then(
          (r) => r.text(),
          () => '',
        );
      }
    }, 50);
  }

  /** Stops scraping the pods of `namespace`. */
  forget(namespace: string): void {
    for (const [key, mapping] of this.mappings) {
      if (mapping.namespace === namespace) this.mappings.delete(key);
    }
  }

  /** The `pod` labels of every series Prometheus scraped in `namespace` in the last 10 minutes. */
  async scrapedPods(namespace: string): Promise<string[]> {
    const query = `group by (pod) (last_over_time(http_requests_total{namespace="${namespace}"}[10m]))`;
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(query)}`, {
      signal: AbortSignal.timeout(REQUEST_MS),
    });
    const body: unknown = await res.json();
    return recordsAt(recordAt(body, 'data'), 'result')
      .map((series) => stringAt(recordAt(series, 'metric'), 'pod') ?? '')
      .sort();
  }

  private sync(): Promise<void> {
    this.syncing ??= this.writeTargets().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async writeTargets(): Promise<void> {
    try {
      const groups: { targets: string[]; labels: Record<string, string> }[] = [];
      for (const { namespace, selector, backend } of [...this.mappings.values()]) {
        for (const pod of runningPods(await this.listPods(namespace, selector))) {
          groups.push({
            targets: [`127.0.0.1:${String(backend.port)}`],
            labels: { namespace, pod },
          });
        }
      }
      const text = JSON.stringify(groups);
      if (text !== this.written) {
        // Renamed into place, so Prometheus never reads a half-written file.
        writeFileSync(join(this.dir, 'targets.tmp'), text);
        renameSync(join(this.dir, 'targets.tmp'), join(this.dir, 'targets.json'));
        this.written = text;
      }
    } catch {
      // A namespace being deleted or a slow API answer: the next round tries again.
    }
  }

  /** Stops the loops and Prometheus (and removes `dir` when asked to). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.load);
    // A discovery round still running would otherwise outlive the test.
    await this.syncing;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
    if (this.options.removeOnStop === true) rmSync(this.dir, { recursive: true, force: true });
  }
}
