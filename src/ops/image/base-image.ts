import { KprodError } from '../../errors.js';
import { type ImageReference, formatImageReference } from '../../kube/image-reference.js';
import {
  DOCKER_CONFIG,
  DOCKER_LIST,
  DOCKER_MANIFEST,
  type Descriptor,
  type ImageConfig,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  type Platform,
  formatPlatform,
  platformMatches,
  sha256Digest,
} from './oci-image.js';
import { readBoundedBody } from '../../kube/read-bounded-body.js';
import type { RegistryClient } from './registry-client.js';
import { MAX_DOCUMENT_BYTES } from './registry-fetch.js';
import { decodeImageConfig, decodeIndex, decodeManifest } from './registry-documents.js';

/**
 * Reads the base image from its registry: the manifest (through an index, one per platform
 * asked for) and its config, each checked against the digest that named it.
 */

/** The base image for one platform. */
export interface BaseImage {
  platform: Platform;
  /** Digest of the platform's manifest. */
  manifestDigest: string;
  layers: Descriptor[];
  config: ImageConfig;
}

/** The base image as asked for: its digest (the index's, if it is one) and one entry per platform. */
export interface BaseImages {
  /** `registry/repository`. */
  name: string;
  /** Digest the reference resolved to (index or manifest). */
  digest: string;
  platforms: BaseImage[];
}

async function getDocument(
  client: RegistryClient,
  path: string,
  accept: string,
  what: string,
  expectedDigest: string | undefined,
): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
  const res = await client.send({ method: 'GET', path, headers: { Accept: accept }, what });
  if (res.status === 404) {
    await res.body?.cancel();
    throw new KprodError('IMAGE_NOT_FOUND', `${client.registry} has no ${what}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `${client.registry} answered ${res.status} for ${what}`,
    );
  }
  const bytes = await readBoundedBody(res, {
    maxBytes: MAX_DOCUMENT_BYTES,
    code: 'REGISTRY_UNREACHABLE',
    what: `the answer of ${client.registry} for ${what}`,
  });
  const digest = sha256Digest(bytes);
  if (expectedDigest !== undefined && digest !== expectedDigest) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `${client.registry} sent ${what} with digest ${digest}, not the ${expectedDigest} asked for`,
    );
  }
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  return { bytes, mediaType, digest };
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new KprodError('REGISTRY_UNREACHABLE', `${what} is not JSON`);
  }
}

async function readPlatform(
  client: RegistryClient,
  repository: string,
  manifestDigest: string,
  bytes: Buffer,
  label: string,
): Promise<Omit<BaseImage, 'platform'>> {
  const manifest = decodeManifest(parseJson(bytes, label), label);
  for (const layer of manifest.layers) {
    if (layer.mediaType.includes('foreign') || layer.mediaType.includes('nondistributable')) {
      throw new KprodError(
        'IMAGE_BASE_UNSUITABLE',
        `${label} has a layer that may not be redistributed (${layer.mediaType})`,
      );
    }
  }
  const configWhat = `the config of ${label}`;
  const config = await getDocument(
    client,
    `${repository}/blobs/${manifest.configDigest}`,
    `${OCI_CONFIG}, ${DOCKER_CONFIG}, */*`,
    configWhat,
    manifest.configDigest,
  );
  const parsed = decodeImageConfig(parseJson(config.bytes, configWhat), configWhat);
  if (parsed.rootfs.diff_ids.length !== manifest.layers.length) {
    throw new KprodError(
      'REGISTRY_UNREACHABLE',
      `${configWhat} lists ${parsed.rootfs.diff_ids.length} layers, its manifest ${manifest.layers.length}`,
    );
  }
  return { manifestDigest, layers: manifest.layers, config: parsed };
}

/**
 * Reads the base image for each platform. An index gives one manifest per platform (every
 * platform must be in it); a single manifest serves only its own platform.
 */
export async function readBaseImage(
  client: RegistryClient,
  ref: ImageReference,
  platforms: readonly Platform[],
): Promise<BaseImages> {
  const label = formatImageReference(ref);
  const top = await getDocument(
    client,
    `${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`,
    [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', '),
    `the manifest of ${label}`,
    ref.digest,
  );
  const entries = decodeIndex(
    parseJson(top.bytes, label),
    top.mediaType,
    [OCI_INDEX, DOCKER_LIST],
    label,
  );
  const result: BaseImages = {
    name: `${ref.registry}/${ref.repository}`,
    digest: top.digest,
    platforms: [],
  };
  if (entries !== undefined) {
    for (const platform of platforms) {
      const entry = entries.find((e) => platformMatches(e.platform, platform));
      if (entry === undefined) {
        const offered = entries
          .map((e) => (e.platform === undefined ? '?' : formatPlatform(e.platform)))
          .join(', ');
        throw new KprodError(
          'IMAGE_BASE_UNSUITABLE',
          `${label} has no ${formatPlatform(platform)} image (it has: ${offered || 'none'})`,
          { hint: 'Ask only for platforms the base image has (--platform), or pick another base.' },
        );
      }
      const what = `the ${formatPlatform(platform)} manifest of ${label}`;
      const doc = await getDocument(
        client,
        `${ref.repository}/manifests/${entry.digest}`,
        [OCI_MANIFEST, DOCKER_MANIFEST].join(', '),
        what,
        entry.digest,
      );
      result.platforms.push({
        platform,
        ...(await readPlatform(client, ref.repository, doc.digest, doc.bytes, what)),
      });
    }
    return result;
  }
  const single = await readPlatform(client, ref.repository, top.digest, top.bytes, label);
  const own: Platform = {
    os: single.config.os,
    architecture: single.config.architecture,
    ...(single.config.variant === undefined ? {} : { variant: single.config.variant }),
  };
  for (const platform of platforms) {
    if (!platformMatches(own, platform)) {
      throw new KprodError(
        'IMAGE_BASE_UNSUITABLE',
        `${label} is a single ${formatPlatform(own)} image, not ${formatPlatform(platform)}`,
        { hint: `Build with --platform ${formatPlatform(own)}, or use a multi-platform base.` },
      );
    }
  }
  result.platforms.push({ platform: own, ...single });
  return result;
}
