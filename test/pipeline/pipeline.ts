import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROMETHEUS_BIN } from '../support/prometheus.js';
import type { Backend, CanaryMetrics } from '../support/canary-prometheus.js';
import { startCanaryMetrics, startImageBackend } from './canary-backends.js';
import { askApproval, deploymentExists, writeOverlayCopy } from './environment.js';
import {
  type Cleanup,
  type PipelineImage,
  buildAndPush,
  pipelineRegistry,
  unpackImage,
} from './image-step.js';
import { type PipelineOptions, USAGE, UsageError, parsePipelineOptions } from './options.js';
import { StepFailed, StepRunner, renderSummary } from './step-runner.js';

/**
 * `npm run pipeline:local`: the jobs of .github/workflows/pipeline.yml, in their order, on this
 * machine. Each step runs the kprod command its job runs; the differences are the local
 * stand-ins for what CI gets from outside (docs/pipeline.md): a docker-registry on loopback
 * instead of GitHub Packages, a base image made here instead of distroless, namespaces of the
 * local control plane instead of the staging and production clusters, and Prometheus scraping
 * multiroute processes of the pushed image instead of the cluster's pods.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');
const MINUTE = 60_000;
/** The selector of the canary pods kprod release creates (track: canary). */
const CANARY_PODS = 'app.kubernetes.io/name=multiroute,track=canary';

/** What a finished run wrote to `<out>/pipeline.json`, for scripts and the cluster test. */
export interface PipelineReport {
  readonly status: 'passed' | 'failed' | 'waiting' | 'interrupted';
  readonly exitCode: number;
  readonly steps: readonly { name: string; result: string; ms: number; note: string }[];
  readonly totalMs: number;
  readonly image?: PipelineImage;
  readonly registry?: string;
  readonly namespaces: { dev: string; staging: string; production: string };
  readonly files: { sarif: string; image: string };
}

/** How the pipeline reaches the outside world; the launcher passes the real ones. */
export interface PipelineIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  write(text: string): void;
  readonly stdinIsTty: boolean;
  /** Registers the handler of SIGINT/SIGTERM; returns a function that removes it. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
}

class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

function which(program: string): boolean {
  return (process.env['PATH'] ?? '')
    .split(':')
    .some((dir) => dir !== '' && existsSync(join(dir, program)));
}

/** Runs the pipeline and returns its exit code (docs/pipeline.md). */
export async function runPipeline(io: PipelineIo): Promise<number> {
  let options: PipelineOptions;
  try {
    options = parsePipelineOptions(io.argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.write(`pipeline:local: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    io.write(`${USAGE}\n`);
    return 0;
  }
  const missing = [
    ...(options.registry === undefined && !which('docker-registry') ? ['docker-registry'] : []),
    ...(existsSync(PROMETHEUS_BIN) ? [] : [PROMETHEUS_BIN]),
    ...(which('git') ? [] : ['git']),
  ];
  if (missing.length > 0) {
    io.write(
      `pipeline:local: not found: ${missing.join(', ')} (apt-get install -y docker-registry prometheus git)\n`,
    );
    return 2;
  }

  const started = Date.now();
  const runner = new StepRunner((text) => {
    io.write(text);
  }, ROOT);
  const out =
    options.out === undefined
      ? mkdtempSync(join(tmpdir(), 'kprod-pipeline-'))
      : resolve(options.out);
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'kprod-pipeline-work-'));
  const namespaces = {
    dev: `${options.namespacePrefix}-dev`,
    staging: `${options.namespacePrefix}-staging`,
    production: `${options.namespacePrefix}-production`,
  };
  const files = { sarif: join(out, 'kprod-check.sarif'), image: join(out, 'image.json') };
  const cleanups: Cleanup[] = [];
  const abort = new AbortController();
  let interrupted: Interrupted | undefined;
  const removeSignal = io.onSignal((signal) => {
    if (interrupted !== undefined) return;
    interrupted = new Interrupted(signal);
    io.write(`\npipeline:local: ${signal}: stopping the running step, then cleaning up\n`);
    abort.abort();
    runner.interrupt(signal);
  });
  const notInterrupted = (): void => {
    if (interrupted !== undefined) throw interrupted;
  };

  let image: PipelineReport['image'];
  let registryHost: string | undefined;
  let status: PipelineReport['status'] = 'passed';
  let exitCode = 0;
  try {
    // The control plane: npm run cluster:up starts it, or only checks it when it is up.
    const wasUp = existsSync(join(ROOT, 'test/cluster/.run/state.json'));
    const cluster = { kubeconfig: '' };
    await runner.step(
      'cluster',
      wasUp
        ? 'the control plane is up (npm run cluster:up checks it)'
        : 'the control plane is not up: starting it with npm run cluster:up (it stays up afterwards; npm run cluster:down stops it)',
      async () => {
        const up = await runner.run(['npm', 'run', '-s', 'cluster:up'], {
          timeoutMs: 40 * MINUTE,
          capture: true,
        });
        const found = /export KUBECONFIG=(\S+)\s*$/.exec(up)?.[1];
        if (found === undefined) throw new StepFailed('npm run cluster:up printed no KUBECONFIG');
        cluster.kubeconfig = found;
        return wasUp ? 'was up' : 'started by this run';
      },
    );
    const kubeconfig = cluster.kubeconfig;
    const kubectl = [join(ROOT, 'test/cluster/bin/kubectl'), '--kubeconfig', kubeconfig];
    const kprodEnv = { KUBECONFIG: kubeconfig, NO_COLOR: '1' };
    const kprod = (...args: string[]): string[] => [process.execPath, CLI, ...args];

    // 1. test (the workflow's test job).
    notInterrupted();
    if (options.skipTests) {
      runner.record('test', 'skipped', '--skip-tests');
      await runner.step('build', 'npm run build (dist/ for the next steps)', async () => {
        await runner.run(['npm', 'run', 'build'], { timeoutMs: 10 * MINUTE });
        return '';
      });
    } else if (options.tests !== undefined) {
      const tests = options.tests;
      await runner.step(
        'test',
        `npm run build, then ${tests} (--tests, instead of npm test)`,
        async () => {
          await runner.run(['npm', 'run', 'build'], { timeoutMs: 10 * MINUTE });
          await runner.run(['sh', '-c', tests], { timeoutMs: 30 * MINUTE });
          return `${tests} (not npm test)`;
        },
      );
    } else {
      await runner.step('test', 'npm test (as the workflow)', async () => {
        await runner.run(['npm', 'test'], { timeoutMs: 30 * MINUTE });
        return 'npm test';
      });
    }

    // 2. check: SARIF written to a file, as the upload step reads it.
    notInterrupted();
    await runner.step('check', 'kprod check -k deploy/overlays/dev -o sarif', async () => {
      await runner.run(kprod('check', '-k', 'deploy/overlays/dev', '-o', 'sarif'), {
        timeoutMs: 10 * MINUTE,
        stdoutFile: files.sarif,
      });
      const sarif = JSON.parse(readFileSync(files.sarif, 'utf8')) as {
        runs: { results: unknown[] }[];
      };
      const results = sarif.runs.reduce((n, run) => n + run.results.length, 0);
      return `${files.sarif} (${String(results)} results)`;
    });

    // 3. image: build and push to the local registry.
    notInterrupted();
    await runner.step(
      'image',
      'kprod image build, pushed to a docker-registry on loopback',
      async () => {
        const registry = await pipelineRegistry(options.registry, runner, cleanups);
        registryHost = registry.host;
        const built = await buildAndPush(runner, registry, {
          work,
          imageFile: files.image,
          buildNumber: options.buildNumber,
          kprod: kprod(),
        });
        image = built;
        // The canary processes run the image's own files: its linux/amd64 layers, unpacked.
        const layers = await unpackImage(registry, built, join(work, 'rootfs'));
        runner.say(
          `unpacked the linux/amd64 image (${String(layers)} layers) for the canary processes`,
        );
        return built.pinned;
      },
    );
    if (image === undefined) throw new StepFailed('no image');
    const pinned = image;

    // 4. dev: the dev overlay with the new digest.
    notInterrupted();
    await runner.step(
      'dev',
      `kprod apply -k (deploy/overlays/dev, image by digest) into ${namespaces.dev}`,
      async () => {
        const dir = join(work, 'dev');
        writeOverlayCopy(ROOT, dir, namespaces.dev, {
          name: pinned.repository,
          digest: pinned.digest,
        });
        runner.say(
          `${join(dir, 'kustomization.yaml')}:\n${readFileSync(join(dir, 'kustomization.yaml'), 'utf8').trimEnd()}`,
        );
        await runner.run(kprod('apply', '-k', dir), { timeoutMs: 10 * MINUTE, env: kprodEnv });
        return `${namespaces.dev}: ${pinned.repository}@${pinned.digest}`;
      },
    );

    // 5 and 6: staging, the approval gate, production.
    let metrics: CanaryMetrics | undefined;
    const release = async (name: 'staging' | 'production'): Promise<string> => {
      const namespace = namespaces[name];
      const present = await deploymentExists(kubectl, namespace);
      if (!present) {
        runner.say(
          `${namespace} is new: it gets the overlay's committed release first, as a running environment would have`,
        );
        const dir = join(work, name);
        writeOverlayCopy(ROOT, dir, namespace);
        await runner.run(kprod('apply', '-k', dir), { timeoutMs: 10 * MINUTE, env: kprodEnv });
      }
      if (metrics === undefined) {
        const started = await startCanaryMetrics(join(work, 'prometheus'), kubectl);
        metrics = started;
        cleanups.push({ what: 'Prometheus', run: () => started.stop() });
        runner.say(
          `started Prometheus on ${started.url} (1 s scrapes of the canary pods' processes)`,
        );
      }
      const backend: Backend = await startImageBackend(join(work, 'rootfs'), work, name);
      cleanups.push({ what: `multiroute (${name})`, run: () => backend.stop() });
      runner.say(
        `started multiroute from the image on 127.0.0.1:${String(backend.port)}, playing the canary pods of ${namespace}`,
      );
      metrics.serve(namespace, CANARY_PODS, backend);
      try {
        const stdout = await runner.run(
          kprod(
            'release',
            'deploy/multiroute',
            '-n',
            namespace,
            '--image',
            pinned.pinned,
            '--no-resolve',
            '--strategy',
            'canary',
            '--traffic',
            'nginx',
            '--prometheus',
            metrics.url,
            '--steps',
            options.canarySteps,
            '--interval',
            options.canaryInterval,
            '--timeout',
            '5m',
            '-o',
            'json',
          ),
          { timeoutMs: (name === 'staging' ? 30 : 45) * MINUTE, env: kprodEnv, capture: true },
        );
        const state = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { event?: string; status?: string })
          .find((e) => e.event === 'release.state');
        return `${namespace}: release ${state?.status ?? 'unknown'}`;
      } finally {
        metrics.forget(namespace);
        await backend.stop();
      }
    };

    notInterrupted();
    await runner.step('staging', `kprod release --strategy canary into ${namespaces.staging}`, () =>
      release('staging'),
    );

    notInterrupted();
    let approved = options.approve;
    let how = '--approve';
    if (!approved && io.stdinIsTty) {
      runner.say('\n==> approval: the production environment needs a reviewer');
      approved = await askApproval(
        `Release ${pinned.pinned} to production (${namespaces.production})? [y/N] `,
        options.approvalTimeoutMs,
        abort.signal,
      );
      notInterrupted();
      how = approved ? 'approved on the terminal' : 'declined on the terminal (or no answer)';
    }
    if (approved) {
      runner.record('approval', 'passed', how);
      await runner.step(
        'production',
        `kprod release --strategy canary into ${namespaces.production}`,
        () => release('production'),
      );
    } else {
      const note = io.stdinIsTty ? how : 'no terminal and no --approve: run again with --approve';
      runner.record('approval', 'waiting', note);
      runner.record('production', 'skipped', 'not approved');
      status = 'waiting';
    }
  } catch (error) {
    if (interrupted !== undefined) {
      status = 'interrupted';
      exitCode = interrupted.signal === 'SIGINT' ? 130 : 143;
    } else {
      status = 'failed';
      exitCode = 1;
      if (!(error instanceof StepFailed) && !runner.records.some((r) => r.result === 'failed')) {
        runner.say(`pipeline:local: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup.run().then(
        () => {
          runner.say(`stopped ${cleanup.what}`);
        },
        (error: unknown) => {
          runner.say(`could not stop ${cleanup.what}: ${String(error)}`);
        },
      );
    }
    rmSync(work, { recursive: true, force: true });
    removeSignal();
  }
  const totalMs = Date.now() - started;
  runner.say(`\n${renderSummary(runner.records, totalMs)}`);
  const report: PipelineReport = {
    status,
    exitCode,
    steps: runner.records,
    totalMs,
    ...(image === undefined ? {} : { image }),
    ...(registryHost === undefined ? {} : { registry: registryHost }),
    namespaces: {
      dev: `${options.namespacePrefix}-dev`,
      staging: `${options.namespacePrefix}-staging`,
      production: `${options.namespacePrefix}-production`,
    },
    files,
  };
  writeFileSync(join(out, 'pipeline.json'), `${JSON.stringify(report, null, 2)}\n`);
  runner.say(`pipeline ${status} (exit ${String(exitCode)}); files in ${out}`);
  return exitCode;
}
