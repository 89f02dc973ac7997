import { KprodError } from '../../errors.js';
import { type JsonRecord, isRecord, recordAt, stringAt } from '../../kube/field-access.js';
import type { Descriptor, ImageConfig, Platform } from './oci-image.js';

/**
 * Decoders for the documents a registry sends (image index, manifest, config): each checks the
 * fields kprod reads and returns them typed, so a document without that shape is the registry's
 * error (REGISTRY_UNREACHABLE) that names the document, never a crash further on.
 */

/** An index entry: the manifest it points at, for the platform it declares (if any). */
export interface IndexEntry {
  digest: string;
  platform: Platform | undefined;
}

function notA(what: string, kind: string, detail = ''): KprodError {
  return new KprodError('REGISTRY_UNREACHABLE', `${what} is not ${kind}${detail}`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** A platform object, or undefined when it lacks a string os and architecture. */
function decodePlatform(value: unknown): Platform | undefined {
  const os = stringAt(value, 'os');
  const architecture = stringAt(value, 'architecture');
  if (os === undefined || architecture === undefined) return undefined;
  const variant = stringAt(value, 'variant');
  return { os, architecture, ...(variant === undefined ? {} : { variant }) };
}

/** The descriptor fields kprod copies: media type, digest and size. */
function decodeDescriptor(value: unknown): Descriptor | undefined {
  const mediaType = stringAt(value, 'mediaType');
  const digest = stringAt(value, 'digest');
  const size = isRecord(value) ? value['size'] : undefined;
  if (mediaType === undefined || digest === undefined || typeof size !== 'number') {
    return undefined;
  }
  return { mediaType, digest, size };
}

/**
 * The entries of an image index (`manifests`), or undefined when `value` is no index: neither
 * its media type (the document's own, else `headerType`) says so nor does it list manifests.
 */
export function decodeIndex(
  value: unknown,
  headerType: string,
  indexTypes: readonly string[],
  what: string,
): IndexEntry[] | undefined {
  const mediaType = stringAt(value, 'mediaType') ?? headerType;
  const manifests = isRecord(value) ? value['manifests'] : undefined;
  if (!indexTypes.includes(mediaType) && !Array.isArray(manifests)) return undefined;
  if (manifests === undefined) return [];
  if (!Array.isArray(manifests)) throw notA(what, 'an image index', ': "manifests" is no list');
  return manifests.map((entry: unknown, index) => {
    const digest = stringAt(entry, 'digest');
    if (digest === undefined) {
      throw notA(what, 'an image index', `: entry ${index} is not a descriptor`);
    }
    return { digest, platform: decodePlatform(recordAt(entry, 'platform')) };
  });
}

/** What kprod reads of an image manifest: the config's digest and the layer descriptors. */
export interface ManifestContent {
  configDigest: string;
  layers: Descriptor[];
}

/** An image manifest: a config digest and layers that each have a type, digest and size. */
export function decodeManifest(value: unknown, what: string): ManifestContent {
  const configDigest = stringAt(recordAt(value, 'config'), 'digest');
  const layers = isRecord(value) ? value['layers'] : undefined;
  const decoded = Array.isArray(layers) ? layers.map(decodeDescriptor) : [undefined];
  if (configDigest === undefined || !decoded.every((layer) => layer !== undefined)) {
    throw notA(what, 'an image manifest');
  }
  return { configDigest, layers: decoded };
}

/**
 * An image config with the fields the build reads checked (architecture, os, variant, the
 * layers' diff ids, `config.Env`, `history`); every other field is kept as it came.
 */
export function decodeImageConfig(value: unknown, what: string): ImageConfig {
  const architecture = stringAt(value, 'architecture');
  const os = stringAt(value, 'os');
  const diffIds = recordAt(value, 'rootfs')?.['diff_ids'];
  const record: JsonRecord = isRecord(value) ? value : {};
  const variant = record['variant'];
  const config = record['config'];
  const env = isRecord(config) ? config['Env'] : undefined;
  const history = record['history'];
  if (
    architecture === undefined ||
    os === undefined ||
    !isStringArray(diffIds) ||
    (variant !== undefined && typeof variant !== 'string') ||
    (config !== undefined && config !== null && !isRecord(config)) ||
    (env !== undefined && env !== null && !isStringArray(env)) ||
    (history !== undefined && !Array.isArray(history))
  ) {
    throw notA(what, 'an image config');
  }
  return { ...record, architecture, os, rootfs: { type: 'layers', diff_ids: diffIds } };
}
