import { KprodError } from '../errors.js';

/**
 * Container image references, parsed and normalised the way Docker does: `busybox` is
 * `docker.io/library/busybox:latest`, a first component with a dot, a colon or `localhost` is a
 * registry host (with its port), `name:tag@sha256:...` keeps both tag and digest. Pure.
 */

/** A parsed image reference. */
export interface ImageReference {
  /** Registry host as written, with port: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Repository path: `library/busybox`, `org/app`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>`. */
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

function invalid(ref: string, why: string): KprodError {
  return new KprodError('IMAGE_REFERENCE_INVALID', `image reference "${ref}" is not valid: ${why}`);
}

/** An image reference split into its parts as written, without validation. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

/**
 * Splits `registry:5000/team/app:1.2@sha256:…` into repository (with any registry, as written),
 * tag and digest. Never throws: `kprod check` reports on images it cannot make sense of.
 */
export function splitImageReference(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const named = at < 0 ? image : image.slice(0, at);
  const colon = named.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > named.lastIndexOf('/')) {
    return { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest };
  }
  return { repository: named, digest };
}

/** Parses and normalises an image reference; throws IMAGE_REFERENCE_INVALID with the reason. */
export function parseImageReference(ref: string): ImageReference {
  const trimmed = ref.trim();
  if (trimmed === '') throw invalid(ref, 'it is empty');
  const split = splitImageReference(trimmed);
  const digest = split.digest;
  if (digest !== undefined && !DIGEST.test(digest)) {
    throw invalid(ref, 'the digest must be sha256: and 64 hex digits');
  }
  let tag = split.tag;
  if (tag !== undefined && !TAG.test(tag)) {
    throw invalid(ref, `the tag "${tag}" has characters a tag cannot have`);
  }
  const rest = split.repository;
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      throw invalid(
        ref,
        `the path component "${part}" must be lower-case letters, digits and separators`,
      );
    }
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    registry,
    repository: parts.join('/'),
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** Formats a reference in full: `docker.io/library/busybox:1.36@sha256:...`. */
export function formatImageReference(ref: ImageReference): string {
  return (
    `${ref.registry}/${ref.repository}` +
    (ref.tag === undefined ? '' : `:${ref.tag}`) +
    (ref.digest === undefined ? '' : `@${ref.digest}`)
  );
}

/** The host to send API requests to: Docker Hub's API lives at `registry-1.docker.io`. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** Loopback registries speak plain HTTP, as Docker allows for them without configuration. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
