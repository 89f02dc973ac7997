import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KprodError } from '../../errors.js';
import {
  type ImageReference,
  formatImageReference,
  parseImageReference,
} from '../../kube/image-reference.js';
import { readBaseImage } from './base-image.js';
import { writeLayerCached } from './layer-cache.js';
import {
  type BuiltLayer,
  type ImageSettings,
  OCI_INDEX,
  OCI_MANIFEST,
  type Platform,
  buildImageConfig,
  buildImageIndex,
  buildImageManifest,
  formatPlatform,
  serialise,
  sha256Digest,
} from './oci-image.js';
import { readProjectFiles } from './project-files.js';
import { type BlobOutcome, pushBlob, putManifest } from './push-blobs.js';
import {
  type RegistryClient,
  type RegistryClientOptions,
  openRegistry,
} from './registry-client.js';
import { readSourceCommit } from './source-info.js';

/**
 * `kprod image build`: the image of the built project (production node_modules and dist/ as two
 * layers on a base image), written without a container engine and pushed through the registry
 * API. The same commit gives the same digest: every input that varies between machines (file
 * times, owners, listing order, the clock) is fixed or taken from the commit.
 */

/** Where the project lives inside the image. */
export const APP_DIR = '/app';
/** uid:gid of distroless's `nonroot`, numeric so `runAsNonRoot` can check it. */
export const IMAGE_USER = '65532:65532';
/** PATH of the image: distroless keeps node in /nodejs/bin. */
export const IMAGE_PATH = '/nodejs/bin:/usr/local/bin:/usr/bin:/bin';
/** The service's port. */
export const SERVICE_PORT = '3000/tcp';

/** Inputs of {@link buildImage}. */
export interface BuildImageOptions extends RegistryClientOptions {
  /** The built project: package.json, package-lock.json, node_modules/, dist/, a git checkout. */
  dir: string;
  /** Where to push, with its tag. */
  target: ImageReference;
  /** The base image reference. */
  base: string;
  platforms: Platform[];
  /** A program of package.json `bin` that becomes the entrypoint. */
  program: string;
  /** URL of the source repository for the `source` label; absent: no label. */
  sourceUrl?: string | undefined;
  /** Where layers of earlier builds are kept (layer-cache.ts); undefined: none. */
  cacheDir?: string | undefined;
  /** Called as each step ends, for progress output. */
  onStep?: (step: BuildStep) => void;
}

/** A finished step, for progress output. */
export type BuildStep =
  | { step: 'base'; name: string; digest: string; platforms: string[] }
  | { step: 'layer'; layer: BuiltLayer; files: number; fromCache: boolean }
  | { step: 'push'; blobs: Record<BlobOutcome, number> };

/** What was pushed. */
export interface BuildImageResult {
  /** `registry/repository:tag`. */
  reference: string;
  /** Digest of the manifest (one platform) or of the index (several). */
  digest: string;
  mediaType: string;
  /** `registry/repository:tag@sha256:...`. */
  pinned: string;
  revision: string;
  created: string;
  base: { name: string; digest: string };
  platforms: { platform: string; digest: string; config: string }[];
  layers: BuiltLayer[];
  blobs: Record<BlobOutcome, number>;
}

function labelsFor(
  pkg: { name: string; version: string; license?: string; description?: string },
  program: string,
  revision: string,
  created: string,
  sourceUrl: string | undefined,
): Record<string, string> {
  const labels: Record<string, string> = {
    'org.opencontainers.image.created': created,
    'org.opencontainers.image.revision': revision,
    'org.opencontainers.image.title': program,
    'org.opencontainers.image.version': pkg.version,
  };
  if (sourceUrl !== undefined) labels['org.opencontainers.image.source'] = sourceUrl;
  if (pkg.license !== undefined) labels['org.opencontainers.image.licenses'] = pkg.license;
  if (pkg.description !== undefined) {
    labels['org.opencontainers.image.description'] = pkg.description;
  }
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function withoutDigest(ref: ImageReference): ImageReference {
  return {
    registry: ref.registry,
    repository: ref.repository,
    ...(ref.tag === undefined ? {} : { tag: ref.tag }),
  };
}

function repositoryScope(repository: string, actions: string): string {
  return `repository:${repository}:${actions}`;
}

/**
 * Builds and pushes the image; see the module comment. Local inputs are all read and checked
 * before the first request to a registry.
 */
export async function buildImage(options: BuildImageOptions): Promise<BuildImageResult> {
  // Complete and validate: everything local first.
  const baseRef = parseImageReference(options.base);
  const commit = await readSourceCommit(options.dir, options.env ?? {});
  const files = await readProjectFiles(options.dir, APP_DIR);
  const script = files.package.bin[options.program];
  if (script === undefined) {
    throw new KprodError(
      'KPROD_USAGE',
      `--program ${options.program} is not a program of package.json "bin" (${Object.keys(files.package.bin).join(', ')})`,
    );
  }
  const tag = options.target.tag;
  if (tag === undefined) {
    throw new KprodError('KPROD_USAGE', 'the image to push needs a tag');
  }
  const settings: ImageSettings = {
    user: IMAGE_USER,
    workingDir: APP_DIR,
    entrypoint: ['node', `${APP_DIR}/${script}`],
    env: [`PATH=${IMAGE_PATH}`, 'NODE_ENV=production', `GIT_COMMIT=${commit.revision}`],
    labels: labelsFor(
      files.package,
      options.program,
      commit.revision,
      commit.time,
      options.sourceUrl,
    ),
    exposedPorts: [SERVICE_PORT],
    created: commit.time,
  };

  // Run: log in, read the base, write the layers, push.
  const target = options.target;
  const sameRegistry = baseRef.registry === target.registry;
  const targetScopes = [repositoryScope(target.repository, 'pull,push')];
  if (sameRegistry && baseRef.repository !== target.repository) {
    targetScopes.push(repositoryScope(baseRef.repository, 'pull'));
  }
  const targetClient = await openRegistry(target.registry, targetScopes, options);
  const baseClient: RegistryClient = sameRegistry
    ? targetClient
    : await openRegistry(baseRef.registry, [repositoryScope(baseRef.repository, 'pull')], options);
  const base = await readBaseImage(baseClient, baseRef, options.platforms);
  options.onStep?.({
    step: 'base',
    name: base.name,
    digest: base.digest,
    platforms: base.platforms.map((p) => formatPlatform(p.platform)),
  });

  const work = await mkdtemp(join(tmpdir(), 'kprod-image-'));
  try {
    const layers: { layer: BuiltLayer; file: string }[] = [];
    for (const [name, entries] of [
      ['dependencies', files.dependencies],
      ['application', files.application],
    ] as const) {
      const file = join(work, `${name}.tar.gz`);
      const { layer, fromCache } = await writeLayerCached(name, entries, file, options.cacheDir);
      layers.push({ layer, file });
      options.onStep?.({
        step: 'layer',
        layer,
        files: entries.filter((e) => e.type !== 'directory').length,
        fromCache,
      });
    }

    const blobs: Record<BlobOutcome, number> = { present: 0, mounted: 0, uploaded: 0 };
    const count = (outcome: BlobOutcome): void => {
      blobs[outcome] += 1;
    };
    const pushedBase = new Set<string>();
    const platforms: BuildImageResult['platforms'] = [];
    const manifests: { manifest: Buffer; platform: Platform }[] = [];
    const annotations = {
      'org.opencontainers.image.base.digest': base.digest,
      'org.opencontainers.image.base.name': formatImageReference(withoutDigest(baseRef)),
    };
    for (const { layer, file } of layers) {
      count(await pushBlob(targetClient, target.repository, layer, { kind: 'file', path: file }));
    }
    for (const image of base.platforms) {
      for (const layer of image.layers) {
        if (pushedBase.has(layer.digest)) continue;
        pushedBase.add(layer.digest);
        count(
          await pushBlob(
            targetClient,
            target.repository,
            layer,
            { kind: 'registry', client: baseClient, repository: baseRef.repository },
            sameRegistry ? baseRef.repository : undefined,
          ),
        );
      }
      const built = layers.map((l) => l.layer);
      const config = serialise(buildImageConfig(image.config, built, settings));
      count(
        await pushBlob(
          targetClient,
          target.repository,
          { digest: sha256Digest(config), size: config.length },
          { kind: 'bytes', bytes: config },
        ),
      );
      const manifest = serialise(buildImageManifest(config, image.layers, built, annotations));
      manifests.push({ manifest, platform: image.platform });
      platforms.push({
        platform: formatPlatform(image.platform),
        digest: sha256Digest(manifest),
        config: sha256Digest(config),
      });
    }
    options.onStep?.({ step: 'push', blobs: { ...blobs } });

    let digest: string;
    let mediaType: string;
    const single = manifests.length === 1 ? manifests[0] : undefined;
    if (single !== undefined) {
      mediaType = OCI_MANIFEST;
      digest = await putManifest(targetClient, target.repository, tag, mediaType, single.manifest);
    } else {
      for (const { manifest } of manifests) {
        await putManifest(
          targetClient,
          target.repository,
          sha256Digest(manifest),
          OCI_MANIFEST,
          manifest,
        );
      }
      mediaType = OCI_INDEX;
      const index = serialise(buildImageIndex(manifests, annotations));
      digest = await putManifest(targetClient, target.repository, tag, mediaType, index);
    }
    const reference = formatImageReference(withoutDigest(target));
    return {
      reference,
      digest,
      mediaType,
      pinned: `${reference}@${digest}`,
      revision: commit.revision,
      created: commit.time,
      base: { name: base.name, digest: base.digest },
      platforms,
      layers: layers.map((l) => l.layer),
      blobs,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
