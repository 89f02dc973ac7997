import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { validateVolumes } from './pod-volumes.js';

// Expected messages: the causes of the v1.36.3 API server for a Pod with these volumes on a
// dry-run create (its paths keep the API server's quirks: no item index under downwardAPI).
describe('validateVolumes (downwardAPI and projected sources)', () => {
  const messages = (volumes: readonly unknown[]) =>
    validateVolumes(volumes, ['spec', 'volumes']).errors.map(formatFieldError).sort();

  it('should report token lifetimes, duplicate paths, sources with two kinds and item errors', () => {
    const volumes = [
      {
        name: 'data',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'x', expirationSeconds: 599 } },
            { configMap: { name: 'c', items: [{ key: 'a', path: 'x' }] } },
            { secret: { name: 's', items: [{ key: 'a', path: 'x' }] }, configMap: { name: 'd' } },
          ],
        },
      },
      {
        name: 'd2',
        downwardAPI: {
          items: [
            { path: '..', fieldRef: { fieldPath: 'spec.nope' } },
            { path: 'a', resourceFieldRef: { resource: 'limits.cpu' } },
          ],
        },
      },
    ];
    expect(messages(volumes)).toEqual(
      [
        'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
        'spec.volumes[0].projected: Invalid value: "s": conflicting duplicate paths',
        'spec.volumes[0].projected.sources[2]: Forbidden: may not specify more than 1 volume type per source',
        'spec.volumes[1].downwardAPI.path: Invalid value: "..": must not contain \'..\'',
        'spec.volumes[1].downwardAPI.path: Invalid value: "..": must not start with \'..\'',
        'spec.volumes[1].downwardAPI.fieldRef.fieldPath: Invalid value: "spec.nope": error converting fieldPath: field label not supported: spec.nope',
        'spec.volumes[1].downwardAPI.resourceFieldRef.containerName: Required value',
      ].sort(),
    );
  });

  it('should accept labels, annotations and resources projected as files', () => {
    const volumes = [
      {
        name: 'info',
        projected: {
          sources: [
            {
              downwardAPI: {
                items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }],
              },
            },
            { serviceAccountToken: { path: 'token', audience: 'vault' } },
            { configMap: { name: 'cfg', items: [{ key: 'a', path: 'a.txt', mode: 0o644 }] } },
          ],
        },
      },
      {
        name: 'limits',
        downwardAPI: {
          items: [
            { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } },
          ],
        },
      },
    ];
    expect(messages(volumes)).toEqual([]);
  });
});
