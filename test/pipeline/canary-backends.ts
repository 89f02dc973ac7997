import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, PROMETHEUS_BIN, waitFor } from '../support/prometheus.js';
import { spawnProgram, type SpawnedProgram } from '../support/service-process.js';

/**
 * The metrics side of the local pipeline's canary releases, the same way the real-cluster release
 * test gets them: kwok's pods run no process, so the canary pods of a namespace are played by one
 * multiroute process started from the pushed image's unpacked `/app` (the machine's node runs
 * `app/dist/service/main.js`), and the real Prometheus scrapes it once per Running canary pod,
 * under that pod's `namespace` and `pod` labels (file-based targets: Debian's Prometheus has no
 * Kubernetes discovery). A load loop sends 20 requests a second so each window has traffic.
 */

/** One multiroute process of the image. */
export interface Backend {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts `root/app/dist/service/main.js` (the unpacked image) with one route `/route1`. */
export async function startImageBackend(
  root: string,
  work: string,
  name: string,
): Promise<Backend> {
  const port = await freePort();
  const config = join(work, `${name}-routes.yml`);
  writeFileSync(config, 'routes:\n  /route1:\n    duration: 0\n    response: "ok"\n');
  const program: SpawnedProgram = spawnProgram(join(root, 'app/dist/service/main.js'), [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    MULTIROUTE_CONFIG: config,
    SHUTDOWN_DELAY_SECONDS: '0',
  });
  try {
    await waitFor(`multiroute (${name}) from the image to answer /readyz`, async () => {
      if (program.child.exitCode !== null) throw new Error(`exited: ${program.stderr()}`);
      const res = await fetch(`http://127.0.0.1:${String(port)}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.status === 200 ? true : undefined;
    });
  } catch (error) {
    program.child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    stop: async () => {
      if (program.child.exitCode === null) program.child.kill('SIGTERM');
      await program.exited;
    },
  };
}

interface PodList {
  items: { metadata: { name: string; deletionTimestamp?: string }; status: { phase?: string } }[];
}

/** Prometheus scraping the backends that play the canary pods of each watched namespace. */
export class CanaryMetrics {
  readonly url: string;
  private readonly watched = new Map<string, { selector: string; backend: Backend }>();
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly kubectl: readonly string[];
  private readonly dir: string;
  private written = '';
  private timer: NodeJS.Timeout | undefined;
  private load: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  private constructor(url: string, dir: string, child: ChildProcess, kubectl: readonly string[]) {
    this.url = url;
    this.dir = dir;
    this.child = child;
    this.kubectl = kubectl;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
  }

  /**
   * Starts Prometheus (1 s scrapes) with its config and storage in `dir`, and the discovery loop
   * that lists pods with `kubectl` (its path and `--kubeconfig` flag in `kubectl`).
   */
  static async start(dir: string, kubectl: readonly string[]): Promise<CanaryMetrics> {
    mkdirSync(dir, { recursive: true });
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
    const metrics = new CanaryMetrics(`http://127.0.0.1:${String(port)}`, dir, child, kubectl);
    try {
      await waitFor('Prometheus to become ready', async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        const res = await fetch(`${metrics.url}/-/ready`, { signal: AbortSignal.timeout(2000) });
        return res.status === 200 ? true : undefined;
      });
    } catch (error) {
      await metrics.stop();
      throw error;
    }
    metrics.timer = setInterval(() => void metrics.sync(), 500);
    return metrics;
  }

  /** From now on the Running pods matching `selector` in `namespace` are scraped from `backend`. */
  serve(namespace: string, selector: string, backend: Backend): void {
    this.watched.set(namespace, { selector, backend });
    this.load ??= setInterval(() => {
      for (const { backend: b } of this.watched.values()) {
        void fetch(`http://127.0.0.1:${String(b.port)}/route1`, {
          signal: AbortSignal.timeout(2000),
        }).then(
          (r) => r.text(),
          () => '',
        );
      }
    }, 50);
  }

  /** Stops scraping the pods of `namespace`. */
  forget(namespace: string): void {
    this.watched.delete(namespace);
  }

  private listPods(namespace: string, selector: string): Promise<PodList> {
    const [file = 'kubectl', ...args] = this.kubectl;
    return new Promise((resolve, reject) => {
      execFile(
        file,
        [...args, 'get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'],
        { timeout: 10_000, maxBuffer: 16 << 20 },
        (error, stdout) => {
          if (error !== null) {
            reject(new Error(`kubectl get pods -n ${namespace}: ${error.message}`));
            return;
          }
          try {
            resolve(JSON.parse(stdout) as PodList);
          } catch (parseError) {
            reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
          }
        },
      );
    });
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
      for (const [namespace, { selector, backend }] of [...this.watched]) {
        for (const pod of (await this.listPods(namespace, selector)).items) {
          if (pod.status.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined) {
            continue;
          }
          groups.push({
            targets: [`127.0.0.1:${String(backend.port)}`],
            labels: { namespace, pod: pod.metadata.name },
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
      // A slow API answer: the next round, half a second later, tries again.
    }
  }

  /** Stops the loops and Prometheus. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.load);
    // A discovery round still running would otherwise outlive the pipeline.
    await this.syncing;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}
