import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Backend, CanaryMetrics } from '../support/canary-prometheus.js';
import { freePort, waitFor } from '../support/prometheus.js';
import { spawnProgram, type SpawnedProgram } from '../support/service-process.js';

/**
 * The metrics side of the local pipeline's canary releases, the same way the real-cluster release
 * test gets them (test/support/canary-prometheus.ts): the canary pods of a namespace are played
 * by one multiroute process started from the pushed image's unpacked `/app` (the machine's node
 * runs `app/dist/service/main.js`), with the pods listed by `kubectl`.
 */

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

/**
 * Starts Prometheus with its config and storage in `dir`, discovering pods with `kubectl` (its
 * path and `--kubeconfig` flag in `kubectl`).
 */
export async function startCanaryMetrics(
  dir: string,
  kubectl: readonly string[],
): Promise<CanaryMetrics> {
  const [file = 'kubectl', ...args] = kubectl;
  return CanaryMetrics.start(
    dir,
    (namespace, selector) =>
      new Promise<unknown>((resolve, reject) => {
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
              resolve(JSON.parse(stdout));
            } catch (parseError) {
              reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
            }
          },
        );
      }),
  );
}
