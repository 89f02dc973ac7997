/**
 * Builds deploy/ kustomizations with the real `kubectl kustomize` and reads the objects, for the
 * deploy and monitoring end-to-end tests.
 */
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** deploy/ in the repository. */
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');

/** A Kubernetes object as plain data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  } & Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** What a finished process left behind. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell, bounded in time; never rejects for a non-zero exit. */
export function runProgram(
  file: string,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`${file} could not run: ${error.message}`, { cause: error }));
          return;
        }
        resolvePromise({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

/** Every directory below `dir` (relative to deploy/) holding a kustomization.yaml. */
function kustomizationDirs(dir: string): string[] {
  const absolute = join(DEPLOY_DIR, dir);
  return readdirSync(absolute)
    .filter((name) =>
      statSync(join(absolute, name, 'kustomization.yaml'), { throwIfNoEntry: false }),
    )
    .map((name) => `${dir}/${name}`)
    .sort();
}

/**
 * The buildable targets: the three overlays and every documented overlay + component
 * combination under deploy/examples, as paths relative to deploy/.
 */
export function buildTargets(): string[] {
  return [...kustomizationDirs('overlays'), ...kustomizationDirs('examples')];
}

/** Runs `kubectl kustomize deploy/<target>` and parses its output; throws with kubectl's error. */
export async function buildTarget(target: string): Promise<KubeObject[]> {
  const result = await runProgram('kubectl', ['kustomize', join(DEPLOY_DIR, target)]);
  if (result.code !== 0) {
    throw new Error(`kubectl kustomize ${target} failed: ${result.stderr.trim()}`);
  }
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** The pod template of a workload object, or the pod's own spec for a bare Pod. */
export interface PodTemplate {
  readonly owner: string;
  readonly labels: Record<string, string>;
  readonly spec: PodSpec;
}

/** The fields of a pod spec the tests read. */
export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  readonly securityContext?: Record<string, unknown>;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly Record<string, unknown>[];
}

/** The fields of a container the tests read. */
export interface Container {
  readonly name: string;
  readonly image: string;
  readonly args?: readonly string[];
  readonly env?: readonly { name: string; value?: string }[];
  readonly resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  readonly securityContext?: Record<string, unknown>;
  readonly lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  readonly volumeMounts?: readonly { name: string; mountPath: string; subPath?: string }[];
  readonly [field: string]: unknown;
}

/** Every pod template in `objects` (Deployments and bare Pods), named `Kind/name`. */
export function podTemplates(objects: readonly KubeObject[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const object of objects) {
    const owner = `${object.kind}/${object.metadata.name}`;
    if (object.kind === 'Pod') {
      out.push({
        owner,
        labels: object.metadata.labels ?? {},
        spec: object.spec as PodSpec,
      });
    } else if (object.kind === 'Deployment') {
      const template = (
        object.spec as { template: { metadata: { labels: object }; spec: PodSpec } }
      ).template;
      out.push({
        owner,
        labels: template.metadata.labels as Record<string, string>,
        spec: template.spec,
      });
    }
  }
  return out;
}

/** The objects of one kind. */
export function ofKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** True when every key/value of `selector` is among `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
