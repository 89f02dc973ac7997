import { describe, expect, it } from 'vitest';
import {
  formatImageReference,
  isLoopbackRegistry,
  parseImageReference,
  registryApiHost,
  splitImageReference,
} from './image-reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageReference', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36.1', 'docker.io/library/busybox:1.36.1'],
    ['leigg/go-multiroute:v1', 'docker.io/leigg/go-multiroute:v1'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['ghcr.io/org/team/app:2', 'ghcr.io/org/team/app:2'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000/app:latest'],
    ['localhost/app:x', 'localhost/app:x'],
    [`busybox:1.36.1@${DIGEST}`, `docker.io/library/busybox:1.36.1@${DIGEST}`],
    [`registry.example.com:8443/a/b@${DIGEST}`, `registry.example.com:8443/a/b@${DIGEST}`],
  ];
  it.each(cases)('should normalise %s', (input, expected) => {
    expect(formatImageReference(parseImageReference(input))).toBe(expected);
  });

  const bad: [string, string][] = [
    ['', 'image reference "" is not valid: it is empty'],
    [
      'App:1',
      'image reference "App:1" is not valid: the path component "App" must be lower-case letters, digits and separators',
    ],
    [
      'app@sha256:12',
      'image reference "app@sha256:12" is not valid: the digest must be sha256: and 64 hex digits',
    ],
    [
      'app:-x',
      'image reference "app:-x" is not valid: the tag "-x" has characters a tag cannot have',
    ],
  ];
  it.each(bad)('should refuse %j', (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
  });
});

describe('registryApiHost', () => {
  it('should send Docker Hub requests to registry-1.docker.io', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });
});

describe('isLoopbackRegistry', () => {
  it('should treat localhost and 127.0.0.0/8 as plain-HTTP registries', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true);
    expect(isLoopbackRegistry('registry.local:5000')).toBe(false);
  });
});

describe('splitImageReference', () => {
  it.each([
    ['web', { repository: 'web', digest: undefined }],
    ['web:1', { repository: 'web', tag: '1', digest: undefined }],
    ['reg:5000/team/web', { repository: 'reg:5000/team/web', digest: undefined }],
    ['reg:5000/web:2@sha256:ab', { repository: 'reg:5000/web', tag: '2', digest: 'sha256:ab' }],
    ['web@sha256:ab', { repository: 'web', digest: 'sha256:ab' }],
  ] as const)('should split %s', (image, expected) => {
    expect(splitImageReference(image)).toEqual(expected);
  });
});
