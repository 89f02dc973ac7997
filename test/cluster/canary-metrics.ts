import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, CanaryMetrics } from '../support/canary-prometheus.js';
import { freePort, waitFor } from '../support/prometheus.js';
import { spawnProgram, type SpawnedProgram } from '../support/service-process.js';
import { getJson, ROOT } from './cluster.js';

/**
 * The metrics side of canary releases on the real control plane: the canary pods the real
 * controllers create are played by real multiroute processes (dist/) on loopback, scraped by the
 * real Prometheus under each pod's labels (test/support/canary-prometheus.ts), with the pods
 * listed through the real API server.
 */

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

/**
 * Starts the real Prometheus in a temporary directory (removed when it stops), discovering pods
 * through the real API server.
 */
export async function startCanaryMetrics(): Promise<CanaryMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-release-metrics-'));
  return CanaryMetrics.start(
    dir,
    (namespace, selector) => getJson(['pods', '-n', namespace, '-l', selector]),
    { removeOnStop: true },
  );
}
