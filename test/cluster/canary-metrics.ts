import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PROMETHEUS_BIN, waitFor } from '../support/prometheus.js';
import { spawnProgram, type SpawnedProgram } from '../support/service-process.js';
import { getJson, ROOT } from './cluster.js';

/**
 * The metrics side of canary releases on the real control plane. kwok's pods run no process, so
 * each canary pod the real controllers create is played by a real multiroute process on loopback:
 * the real Prometheus scrapes that process under the pod's own `namespace` and `pod` labels, the
 * labels a Kubernetes pod scrape adds and kprod's analysis query selects by.
 *
 * Debian's Prometheus is built without Kubernetes service discovery, so this file plays the
 * discovery: it lists the Running pods of the watched Deployments through the real API server and
 * writes them as file-based scrape targets, which Prometheus picks up when the file changes.
 */

/** A multiroute process answering `/route1` as its route config says. */
export interface Backend {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts the built multiroute (dist/) with one route `/route1`. */
export async function startBackend(
  dir: string,
  name: string,
  route: { response: string; status?: number },
): Promise<Backend> {
  const port = await freePort();
  const config = join(dir, `${name}.yml`);
  const fields = Object.entries({ duration: 0, ...route })
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  writeFileSync(config, `routes:\n  /route1:\n${fields}\n`);
  const program: SpawnedProgram = spawnProgram(join(ROOT, 'dist/service/main.js'), [], {
    PORT: String(port),
    MULTIROUTE_CONFIG: config,
    SHUTDOWN_DELAY_SECONDS: '0',
  });
  await waitFor(`multiroute ${name} to be ready`, async () => {
    if (program.child.exitCode !== null) throw new Error(`exited: ${program.stderr()}`);
    const res = await fetch(`http://127.0.0.1:${String(port)}/readyz`);
    return res.status === 200 ? true : undefined;
  });
  return {
    port,
    stop: async () => {
      program.child.kill('SIGTERM');
      await program.exited;
    },
  };
}

interface PodList {
  items: {
    metadata: { name: string; deletionTimestamp?: string };
    status: { phase?: string };
  }[];
}

/** Which process plays the pods of one Deployment's selector in one namespace. */
interface Mapping {
  namespace: string;
  selector: string;
  backend: Backend;
}

/** The real Prometheus, scraping the processes that play the watched pods. */
export class CanaryMetrics {
  readonly url: string;
  private readonly mappings = new Map<string, Mapping>();
  private readonly dir: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private written = '';
  private timer: NodeJS.Timeout | undefined;
  private load: NodeJS.Timeout | undefined;
  private syncing = false;

  private constructor(url: string, dir: string, child: ChildProcess) {
    this.url = url;
    this.dir = dir;
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
  }

  /** Starts Prometheus (1 s scrapes, targets from a file) and the pod discovery loop. */
  static async start(): Promise<CanaryMetrics> {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-release-metrics-'));
    const targets = join(dir, 'targets.json');
    writeFileSync(targets, '[]');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: multiroute',
        '    file_sd_configs:',
        `      - files: ['${targets}']`,
        '        refresh_interval: 1s',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const child = spawn(
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
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const metrics = new CanaryMetrics(`http://127.0.0.1:${String(port)}`, dir, child);
    try {
      await waitFor('Prometheus to become ready', async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        const res = await fetch(`${metrics.url}/-/ready`);
        return res.status === 200 ? true : undefined;
      });
    } catch (error) {
      await metrics.stop();
      throw error;
    }
    metrics.timer = setInterval(() => void metrics.sync(), 500);
    return metrics;
  }

  /**
   * From now on the Running pods matching `selector` in `namespace` are scraped from `backend`,
   * and `backend` gets user requests (20 a second) so the analysis window has traffic.
   */
  serve(namespace: string, selector: string, backend: Backend): void {
    this.mappings.set(`${namespace}/${selector}`, { namespace, selector, backend });
    this.load ??= setInterval(() => {
      for (const port of new Set([...this.mappings.values()].map((m) => m.backend.port))) {
        void fetch(`http://127.0.0.1:${String(port)}/route1`).then(
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
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data: { result: { metric: { pod?: string } }[] } };
    return body.data.result.map((r) => r.metric.pod ?? '').sort();
  }

  private async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      const groups: { targets: string[]; labels: Record<string, string> }[] = [];
      for (const mapping of [...this.mappings.values()]) {
        const pods = (await getJson([
          'pods',
          '-n',
          mapping.namespace,
          '-l',
          mapping.selector,
        ])) as unknown as PodList;
        for (const pod of pods.items) {
          if (pod.status.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined)
            continue;
          groups.push({
            targets: [`127.0.0.1:${String(mapping.backend.port)}`],
            labels: { namespace: mapping.namespace, pod: pod.metadata.name },
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
    } finally {
      this.syncing = false;
    }
  }

  /** Stops the loops and Prometheus, and removes its data. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.load);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
