import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

const CONTAINER = ['image', 'imagePullPolicy', 'name', 'ports', 'resources', 'volumeMounts'];
const SPEC = ['minReadySeconds', 'paused', 'replicas', 'selector', 'strategy', 'template'];

describe('closestName', () => {
  it.each([
    ['a missing last letter', 'replica', SPEC, 'replicas'],
    ['an extra letter', 'replicass', SPEC, 'replicas'],
    ['a wrong last letter', 'imagePullPolice', CONTAINER, 'imagePullPolicy'],
    ['a missing plural', 'resource', CONTAINER, 'resources'],
    ['two swapped letters', 'naem', CONTAINER, 'name'],
    ['a difference in case only', 'ImagePullPolicy', CONTAINER, 'imagePullPolicy'],
    ['snake_case', 'image_pull_policy', CONTAINER, 'imagePullPolicy'],
    ['kebab-case', 'volume-mounts', CONTAINER, 'volumeMounts'],
    ['two typos in a long name', 'volumMount', CONTAINER, 'volumeMounts'],
    ['the nearest of several', 'port', CONTAINER, 'ports'],
    ['nothing close', 'sidecars', CONTAINER, undefined],
    ['a short name two edits away', 'nm', CONTAINER, undefined],
    ['no candidates', 'replica', [], undefined],
  ])('should answer %s', (_name, name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});
