import { createHash } from 'node:crypto';

/**
 * The OCI image documents kprod writes (image config, manifest, index), built by pure functions
 * from the base image's documents and the build's settings, and serialised one way only so the
 * same inputs always give the same bytes and so the same digest.
 */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** A content descriptor: what a manifest or index points at. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

/** `linux/amd64`, `linux/arm64/v8`. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** An image manifest (OCI or Docker schema 2, which share this shape). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** The parts of an image config kprod reads and writes; other fields are kept as they are. */
export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, object>;
    [key: string]: unknown;
  };
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  [key: string]: unknown;
}

/** One layer kprod built: its compressed digest and size and its uncompressed digest. */
export interface BuiltLayer {
  /** What the layer holds, for history and reports: `dependencies`, `application`. */
  name: string;
  digest: string;
  diffId: string;
  size: number;
}

/** What the build puts into the config on top of the base image. */
export interface ImageSettings {
  user: string;
  workingDir: string;
  entrypoint: string[];
  /** `KEY=value`; replaces a base variable of the same name, keeps the others. */
  env: string[];
  labels: Record<string, string>;
  exposedPorts: string[];
  /** RFC 3339 UTC time (the commit time) for `created` and the history entries. */
  created: string;
}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The one serialisation of a document: compact JSON, keys in the order they were built. */
export function serialise(document: unknown): Buffer {
  return Buffer.from(JSON.stringify(document), 'utf8');
}

function mergeEnv(base: readonly string[], added: readonly string[]): string[] {
  const name = (entry: string): string => entry.slice(0, Math.max(0, entry.indexOf('=')));
  const replaced = new Set(added.map(name));
  return [...base.filter((entry) => !replaced.has(name(entry))), ...added];
}

/**
 * The new image's config: the base config with kprod's user, working dir, entrypoint (and no
 * base `Cmd`, which belonged to the base's entrypoint), environment, labels and ports, the
 * layers' diff ids appended, one history entry per layer, `created` set to the commit time.
 */
export function buildImageConfig(
  base: ImageConfig,
  layers: readonly BuiltLayer[],
  settings: ImageSettings,
): ImageConfig {
  const baseConfig = base.config ?? {};
  const ports: Record<string, object> = { ...(baseConfig.ExposedPorts ?? {}) };
  for (const port of settings.exposedPorts) ports[port] = {};
  // The base's Cmd were arguments to the base's entrypoint, not to ours.
  const keptConfig = Object.fromEntries(
    Object.entries(baseConfig).filter(([key]) => key !== 'Cmd'),
  );
  return {
    ...base,
    created: settings.created,
    architecture: base.architecture,
    os: base.os,
    config: {
      ...keptConfig,
      User: settings.user,
      Env: mergeEnv(baseConfig.Env ?? [], settings.env),
      Entrypoint: settings.entrypoint,
      WorkingDir: settings.workingDir,
      Labels: { ...(baseConfig.Labels ?? {}), ...settings.labels },
      ExposedPorts: Object.fromEntries(
        Object.keys(ports)
          .sort()
          .map((port) => [port, {}]),
      ),
    },
    rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, ...layers.map((l) => l.diffId)] },
    history: [
      ...(base.history ?? []),
      ...layers.map((layer) => ({
        created: settings.created,
        created_by: `kprod image build (${layer.name})`,
      })),
    ],
  };
}

/** Docker schema 2 layer types become their OCI equal (same bytes); others stay. */
export function ociLayerType(mediaType: string): string {
  if (mediaType === DOCKER_LAYER_GZIP) return OCI_LAYER_GZIP;
  if (mediaType === 'application/vnd.docker.image.rootfs.diff.tar') {
    return 'application/vnd.oci.image.layer.v1.tar';
  }
  return mediaType;
}

/** The OCI manifest of the new image: base layers, then kprod's layers. */
export function buildImageManifest(
  config: Buffer,
  baseLayers: readonly Descriptor[],
  layers: readonly BuiltLayer[],
  annotations: Record<string, string>,
): ImageManifest {
  return {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: sha256Digest(config), size: config.length },
    layers: [
      ...baseLayers.map((layer) => ({
        mediaType: ociLayerType(layer.mediaType),
        digest: layer.digest,
        size: layer.size,
      })),
      ...layers.map((layer) => ({
        mediaType: OCI_LAYER_GZIP,
        digest: layer.digest,
        size: layer.size,
      })),
    ],
    annotations,
  };
}

/** An OCI index over one manifest per platform, in the order the platforms were asked for. */
export function buildImageIndex(
  manifests: readonly { manifest: Buffer; platform: Platform }[],
  annotations: Record<string, string>,
): {
  schemaVersion: 2;
  mediaType: string;
  manifests: Descriptor[];
  annotations: Record<string, string>;
} {
  return {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: manifests.map(({ manifest, platform }) => ({
      mediaType: OCI_MANIFEST,
      digest: sha256Digest(manifest),
      size: manifest.length,
      platform,
    })),
    annotations,
  };
}

/** Parses `linux/amd64` or `linux/arm64/v8`; undefined when it is not of that shape. */
export function parsePlatform(text: string): Platform | undefined {
  const match = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, os = '', architecture = '', variant] = match;
  return { os, architecture, ...(variant === undefined ? {} : { variant }) };
}

/** `linux/arm64/v8`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant]
    .filter((part) => part !== undefined)
    .join('/');
}

/** True when an index entry's platform is the wanted one (a missing wanted variant matches any). */
export function platformMatches(entry: Platform | undefined, wanted: Platform): boolean {
  if (entry === undefined) return false;
  return (
    entry.os === wanted.os &&
    entry.architecture === wanted.architecture &&
    (wanted.variant === undefined || entry.variant === wanted.variant)
  );
}
