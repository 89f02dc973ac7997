import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../kube/image-reference.js';
import { readBaseImage } from './base-image.js';
import { OCI_CONFIG, OCI_INDEX, OCI_MANIFEST, sha256Digest } from './oci-image.js';
import type { RegistryClient } from './registry-client.js';

/**
 * A registry client that answers from a table of documents, for replies a real registry never
 * stores (it checks what is pushed): `ref` names the tag, the other documents are found by digest.
 */
function tableClient(top: unknown, documents: unknown[] = []): RegistryClient {
  const bodies = new Map<string, string>();
  for (const document of documents) {
    const text = JSON.stringify(document);
    bodies.set(sha256Digest(text), text);
  }
  return {
    registry: 'registry.test',
    origin: 'https://registry.test',
    send(request) {
      const key = request.path.split('/').at(-1) ?? '';
      const body = key === 'base' ? JSON.stringify(top) : bodies.get(key);
      return Promise.resolve(
        body === undefined ? new Response(null, { status: 404 }) : new Response(body),
      );
    },
  };
}

const ref = parseImageReference('registry.test/lib/img:base');
const amd64 = { os: 'linux', architecture: 'amd64' };
const config = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } };
const configDescriptor = {
  mediaType: OCI_CONFIG,
  digest: sha256Digest(JSON.stringify(config)),
  size: 1,
};
const manifest = {
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: configDescriptor,
  layers: [],
};

describe('readBaseImage on malformed registry replies', () => {
  const rows: [string, unknown, unknown[], string][] = [
    ['a manifest that is null', null, [], 'registry.test/lib/img:base is not an image manifest'],
    [
      'a layer that is not an object',
      { ...manifest, layers: [null] },
      [],
      'registry.test/lib/img:base is not an image manifest',
    ],
    [
      'a layer without a media type',
      { ...manifest, layers: [{ digest: 'sha256:0', size: 1 }] },
      [],
      'registry.test/lib/img:base is not an image manifest',
    ],
    [
      'an index entry that is not an object',
      { mediaType: OCI_INDEX, manifests: [null] },
      [],
      'registry.test/lib/img:base is not an image index: entry 0 is not a descriptor',
    ],
    [
      'a config that is null',
      { ...manifest, config: { ...configDescriptor, digest: sha256Digest('null') } },
      [null],
      'the config of registry.test/lib/img:base is not an image config',
    ],
    [
      'a config without an os',
      {
        ...manifest,
        config: { ...configDescriptor, digest: sha256Digest(JSON.stringify({ ...config, os: 1 })) },
      },
      [{ ...config, os: 1 }],
      'the config of registry.test/lib/img:base is not an image config',
    ],
  ];
  it.each(rows)('should refuse %s as the registry’s error', async (_, top, documents, message) => {
    await expect(readBaseImage(tableClient(top, documents), ref, [amd64])).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message,
    });
  });

  it('should read a well-formed single-platform image', async () => {
    const image = await readBaseImage(tableClient(manifest, [config]), ref, [amd64]);
    expect(image.platforms).toEqual([
      {
        platform: amd64,
        manifestDigest: sha256Digest(JSON.stringify(manifest)),
        layers: [],
        config,
      },
    ]);
  });
});
