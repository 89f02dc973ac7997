import { describe, expect, it } from 'vitest';
import {
  type ImageConfig,
  buildImageConfig,
  buildImageManifest,
  ociLayerType,
  parsePlatform,
  platformMatches,
  serialise,
  sha256Digest,
} from './oci-image.js';

const BASE: ImageConfig = {
  architecture: 'arm64',
  os: 'linux',
  variant: 'v8',
  created: '2020-01-01T00:00:00Z',
  config: {
    User: '0',
    Env: ['PATH=/bin', 'TZ=UTC'],
    Entrypoint: ['/nodejs/bin/node'],
    Cmd: ['--version'],
    Labels: { a: 'base', b: 'base' },
    ExposedPorts: { '8080/tcp': {} },
    StopSignal: 'SIGTERM',
  },
  rootfs: { type: 'layers', diff_ids: ['sha256:base'] },
  history: [{ created_by: 'base' }],
};

const LAYER = { name: 'application', digest: 'sha256:gz', diffId: 'sha256:tar', size: 10 };

describe('buildImageConfig', () => {
  it('should put the settings over the base, keep its other fields and drop its Cmd', () => {
    const config = buildImageConfig(BASE, [LAYER], {
      user: '65532:65532',
      workingDir: '/app',
      entrypoint: ['node', '/app/main.js'],
      env: ['PATH=/nodejs/bin', 'NODE_ENV=production'],
      labels: { b: 'kprod' },
      exposedPorts: ['3000/tcp'],
      created: '2026-01-02T03:04:05Z',
    });
    expect(config).toEqual({
      architecture: 'arm64',
      os: 'linux',
      variant: 'v8',
      created: '2026-01-02T03:04:05Z',
      config: {
        User: '65532:65532',
        Env: ['TZ=UTC', 'PATH=/nodejs/bin', 'NODE_ENV=production'],
        Entrypoint: ['node', '/app/main.js'],
        WorkingDir: '/app',
        Labels: { a: 'base', b: 'kprod' },
        ExposedPorts: { '3000/tcp': {}, '8080/tcp': {} },
        StopSignal: 'SIGTERM',
      },
      rootfs: { type: 'layers', diff_ids: ['sha256:base', 'sha256:tar'] },
      history: [
        { created_by: 'base' },
        { created: '2026-01-02T03:04:05Z', created_by: 'kprod image build (application)' },
      ],
    });
  });
});

describe('buildImageManifest', () => {
  it('should list base layers as OCI types, then kprod layers, with the config descriptor', () => {
    const config = serialise({ a: 1 });
    expect(
      buildImageManifest(
        config,
        [
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            digest: 'sha256:b',
            size: 5,
          },
        ],
        [LAYER],
        { k: 'v' },
      ),
    ).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256Digest(config),
        size: 7,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:b', size: 5 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:gz', size: 10 },
      ],
      annotations: { k: 'v' },
    });
  });
});

describe('ociLayerType', () => {
  it.each([
    [
      'application/vnd.docker.image.rootfs.diff.tar.gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ],
    ['application/vnd.docker.image.rootfs.diff.tar', 'application/vnd.oci.image.layer.v1.tar'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'application/vnd.oci.image.layer.v1.tar+zstd'],
  ])('should map %s to %s', (from, to) => {
    expect(ociLayerType(from)).toBe(to);
  });
});

describe('parsePlatform', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['amd64', undefined],
    ['linux/amd64/v8/x', undefined],
    ['Linux/AMD64', undefined],
  ])('should parse %s', (text, expected) => {
    expect(parsePlatform(text)).toEqual(expected);
  });
});

describe('platformMatches', () => {
  it('should match any variant when none is asked for, and only that one otherwise', () => {
    const arm = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    expect(platformMatches(arm, { os: 'linux', architecture: 'arm64' })).toBe(true);
    expect(platformMatches(arm, { os: 'linux', architecture: 'arm64', variant: 'v7' })).toBe(false);
    expect(platformMatches(undefined, { os: 'linux', architecture: 'arm64' })).toBe(false);
  });
});
