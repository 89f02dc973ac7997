import { describe, expect, it } from 'vitest';
import type { ManifestObject } from '../source-object.js';
import { patchSetting, sameName, translatePath } from './field-match.js';
import type { AppliedPatch, PatchSelector } from './kustomization-tree.js';
import { readPositionedDocuments } from './positioned-yaml.js';

const built: ManifestObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web-v2', namespace: 'shop', labels: { tier: 'front' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'web:2', args: ['--a', '--b'] },
          { name: 'proxy', image: 'proxy:1' },
        ],
      },
    },
  },
};

function patch(text: string, target?: PatchSelector, names = ['web', 'web-v2']): AppliedPatch {
  return { patch: { file: 'p.yaml', documents: readPositionedDocuments(text), target }, names };
}

const SMP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: proxy
          image: proxy:1
        - name: web
          args: ['--a', '--b']
`;

describe('translatePath', () => {
  it.each([
    [
      ['spec', 'replicas'],
      ['spec', 'replicas'],
    ],
    [
      ['spec', 'template', 'spec', 'containers', 1, 'image'],
      ['spec', 'template', 'spec', 'containers', 0, 'image'],
    ],
    [
      ['spec', 'template', 'spec', 'containers', 0, 'args', 1],
      ['spec', 'template', 'spec', 'containers', 1, 'args', 1],
    ],
    [['spec', 'template', 'spec', 'containers', 0, 'image'], undefined],
    [['spec', 'paused'], undefined],
  ])('should map %j to %j by merge key', (path, expected) => {
    const other = readPositionedDocuments(SMP)[0]?.value;
    expect(translatePath(built, path, other)).toEqual(expected);
  });
});

describe('sameName', () => {
  it.each([
    ['cfg', 'cfg', true],
    ['cfg', 'cfg-k6gm698hmh', true],
    ['cfg', 'cfg-extra', false],
    ['cfg', 'x-cfg', false],
  ])('should compare %s with %s', (name, builtName, expected) => {
    expect(sameName(name, builtName)).toBe(expected);
  });
});

describe('patchSetting', () => {
  const containers = ['spec', 'template', 'spec', 'containers'];

  it('should find the line of a strategic-merge patch that sets a field', () => {
    const patches = [patch(SMP)];
    expect(patchSetting(patches, built, [...containers, 1, 'image'], true)).toEqual({
      file: 'p.yaml',
      line: 11,
    });
    expect(patchSetting(patches, built, ['spec', 'replicas'], true)).toEqual({
      file: 'p.yaml',
      line: 6,
    });
    // A list of scalars replaces the base's; a container merges into it; identity is not set.
    expect(patchSetting(patches, built, [...containers, 0, 'args'], true)?.line).toBe(13);
    expect(patchSetting(patches, built, [...containers, 0], true)).toBeUndefined();
    expect(patchSetting(patches, built, [...containers, 0], false)?.line).toBe(12);
    expect(patchSetting(patches, built, ['metadata', 'name'], true)).toBeUndefined();
  });

  it('should skip a strategic-merge patch of another object or kind', () => {
    expect(patchSetting([patch(SMP, undefined, ['api'])], built, ['spec', 'replicas'], true)).toBe(
      undefined,
    );
    const other = SMP.replace('kind: Deployment', 'kind: StatefulSet');
    expect(patchSetting([patch(other)], built, ['spec', 'replicas'], true)).toBeUndefined();
  });

  it('should take the last patch that sets the field', () => {
    const later =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-v2\nspec:\n  replicas: 3\n';
    const patches = [
      patch(SMP),
      { ...patch(later), patch: { file: 'q.yaml', documents: readPositionedDocuments(later) } },
    ];
    expect(patchSetting(patches, built, ['spec', 'replicas'], true)).toEqual({
      file: 'q.yaml',
      line: 6,
    });
  });

  it.each<[string, PatchSelector, (string | number)[], number | undefined]>([
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { kind: 'Deployment' },
      ['spec', 'replicas'],
      1,
    ],
    [
      '- op: add\n  path: /spec/template/spec/containers/0/env\n  value:\n    - name: A\n      value: b\n',
      { kind: 'Deployment', name: 'web' },
      [...containers, 0, 'env', 0, 'value'],
      5,
    ],
    // Index 1 before a later merge reordered the list: taken because it wrote the built value.
    [
      '- op: replace\n  path: /spec/template/spec/containers/1/image\n  value: web:2\n',
      { kind: 'Deployment' },
      [...containers, 0, 'image'],
      1,
    ],
    [
      '- op: replace\n  path: /spec/template/spec/containers/1/image\n  value: web:1\n',
      { kind: 'Deployment' },
      [...containers, 0, 'image'],
      undefined,
    ],
    [
      '- op: remove\n  path: /spec/replicas\n',
      { kind: 'Deployment' },
      ['spec', 'replicas'],
      undefined,
    ],
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { kind: 'Service' },
      ['spec', 'replicas'],
      undefined,
    ],
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { name: 'we.*', labelSelector: 'tier=front' },
      ['spec', 'replicas'],
      1,
    ],
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { name: 'api' },
      ['spec', 'replicas'],
      undefined,
    ],
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { labelSelector: 'tier!=front' },
      ['spec', 'replicas'],
      undefined,
    ],
    [
      '- op: replace\n  path: /spec/replicas\n  value: 3\n',
      { group: 'apps', version: 'v1', namespace: 'sh.*' },
      ['spec', 'replicas'],
      1,
    ],
  ])('should read JSON patch %j with target %j', (text, target, path, line) => {
    expect(patchSetting([patch(text, target)], built, path, true)?.line).toBe(line);
  });
});
