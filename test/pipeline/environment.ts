import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { StepFailed } from './step-runner.js';

/**
 * The pipeline's environments, namespaces of the local control plane: the kustomization that
 * takes the dev overlay into one, whether one runs multiroute yet, and the approval gate.
 */

/**
 * Writes `dir/kustomization.yaml`: the dev overlay of the project at `root`, in `namespace`,
 * with the image set to `image` by digest when given (what `kustomize edit set image` writes).
 */
export function writeOverlayCopy(
  root: string,
  dir: string,
  namespace: string,
  image?: { name: string; digest: string },
): void {
  mkdirSync(dir, { recursive: true });
  const lines = [
    "# Made by npm run pipeline:local: the dev overlay in this environment's namespace.",
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${namespace}`,
    'resources:',
    `  - ${relative(dir, join(root, 'deploy/overlays/dev'))}`,
  ];
  if (image !== undefined) {
    lines.push(
      'images:',
      '  - name: ghcr.io/kprod-dev/multiroute',
      `    newName: ${image.name}`,
      `    digest: ${image.digest}`,
    );
  }
  writeFileSync(join(dir, 'kustomization.yaml'), `${lines.join('\n')}\n`);
}

/** Whether `namespace` has the Deployment multiroute (kubectl: its path, then its flags). */
export function deploymentExists(kubectl: readonly string[], namespace: string): Promise<boolean> {
  const [file = 'kubectl', ...flags] = kubectl;
  const args = [...flags, 'get', 'deployment', 'multiroute', '-n', namespace];
  return new Promise((done, fail) => {
    execFile(
      file,
      [...args, '--ignore-not-found', '-o', 'name'],
      { timeout: 30_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error === null) done(stdout.trim() !== '');
        else
          fail(
            new StepFailed(
              `kubectl get deployment -n ${namespace}: ${stderr.trim() || error.message}`,
            ),
          );
      },
    );
  });
}

/** Asks on the terminal; resolves false on anything but y/yes, or when the time is up. */
export async function askApproval(
  question: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(question, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
