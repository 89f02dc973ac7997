import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushTestBaseImage } from '../support/base-image.js';
import { getBlob, getManifest, unpackLayers } from '../support/image-pull.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { StepFailed, type StepRunner } from './step-runner.js';

/**
 * The pipeline's image step: the registry on loopback (started with its own temporary config
 * and storage, or one given with `--registry`), the local base image, `kprod image build` as
 * the workflow runs it, and the pushed image read back and unpacked for the canary processes.
 */

/** The pushed image. */
export interface PipelineImage {
  /** `HOST/multiroute:TAG@sha256:…`, what kprod image build printed. */
  readonly pinned: string;
  readonly digest: string;
  /** `HOST/multiroute`. */
  readonly repository: string;
  readonly tag: string;
}

/** Something to stop when the pipeline ends. */
export interface Cleanup {
  readonly what: string;
  run(): Promise<void>;
}

/** Starts a registry (basic auth), or wraps the running one at `host`; says which. */
export async function pipelineRegistry(
  host: string | undefined,
  runner: StepRunner,
  cleanups: Cleanup[],
): Promise<TestRegistry> {
  if (host === undefined) {
    const registry = await startRegistry('basic');
    cleanups.push({ what: `docker-registry on ${registry.host}`, run: () => registry.stop() });
    runner.say(
      `started docker-registry on ${registry.host} (its own temporary config and storage, basic auth)`,
    );
    return registry;
  }
  runner.say(`using the running registry ${host} (--registry)`);
  return {
    host,
    url: `http://${host}`,
    dockerConfig: '',
    tokenRequests: [],
    adminAuthorization: () => undefined,
    stop: async () => {},
  };
}

/**
 * Pushes the local base image, then runs `kprod image build` (two platforms, `-o json` into
 * `imageFile`, credentials in a DOCKER_CONFIG under `work`) and prints the workflow's summary.
 */
export async function buildAndPush(
  runner: StepRunner,
  registry: TestRegistry,
  options: { work: string; imageFile: string; buildNumber: string; kprod: readonly string[] },
): Promise<PipelineImage> {
  const docker = join(options.work, 'docker');
  mkdirSync(docker, { recursive: true });
  writeFileSync(
    join(docker, 'config.json'),
    registry.dockerConfig === '' ? '{"auths":{}}' : readFileSync(registry.dockerConfig),
    { mode: 0o600 },
  );
  const base = await pushTestBaseImage(registry, 'base/node', '1');
  runner.say(
    `pushed the local base image ${base.reference}@${base.digest} (distroless is not reachable offline: docs/image.md)`,
  );
  const repository = `${registry.host}/multiroute`;
  await runner.run(
    [
      ...options.kprod,
      'image',
      'build',
      repository,
      '--base',
      base.reference,
      '--platform',
      'linux/amd64,linux/arm64',
      '--build-number',
      options.buildNumber,
      '-o',
      'json',
    ],
    { timeoutMs: 15 * 60_000, stdoutFile: options.imageFile, env: { DOCKER_CONFIG: docker } },
  );
  const built = JSON.parse(readFileSync(options.imageFile, 'utf8')) as {
    pinned: string;
    digest: string;
    layers: { name: string; size: number }[];
  };
  // The job summary the workflow writes.
  runner.say(built.pinned);
  runner.say(`layers: ${built.layers.map((l) => `${l.name} ${String(l.size)} B`).join(', ')}`);
  const tag = /:([^:@/]+)@/.exec(built.pinned)?.[1] ?? '';
  return { pinned: built.pinned, digest: built.digest, repository, tag };
}

/** Reads the image's linux/amd64 layers back from the registry and unpacks them into `root`. */
export async function unpackImage(
  registry: TestRegistry,
  image: PipelineImage,
  root: string,
): Promise<number> {
  const index = await getManifest(registry, 'multiroute', image.digest);
  const entry = (
    index.body['manifests'] as { digest: string; platform: { architecture: string } }[]
  ).find((m) => m.platform.architecture === 'amd64');
  if (entry === undefined) throw new StepFailed(`${image.pinned} has no linux/amd64 image`);
  const manifest = await getManifest(registry, 'multiroute', entry.digest);
  const layers = manifest.body['layers'] as { digest: string }[];
  const blobs = [];
  for (const layer of layers) blobs.push(await getBlob(registry, 'multiroute', layer.digest));
  await unpackLayers(blobs, root);
  return layers.length;
}
