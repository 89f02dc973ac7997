import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../test/support/check-objects.js';
import type { SourceObject } from '../manifest/source-object.js';
import { containersOf, forgetFoundTemplates, podTemplateOf } from './pod-templates.js';

function only(yaml: string): SourceObject {
  const [source] = objectsFromYaml(yaml);
  if (source === undefined) throw new Error('no object');
  return source;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers: [{ name: init }]
      containers: [{ name: app }, 'not a container', { name: sidecar }]
      ephemeralContainers: [{ name: debug }]
`;

describe('podTemplateOf', () => {
  it('should find the template of a workload, in the default namespace asked for', () => {
    const source = only(DEPLOYMENT);
    const template = podTemplateOf(source, 'shop');
    expect(template?.path).toEqual(['spec', 'template']);
    expect(template?.metadata).toEqual({ labels: { app: 'web' } });
    expect(template?.namespace).toBe('shop');
    expect(podTemplateOf(source)?.namespace).toBe('default');
  });

  it('should give the same template object when asked again for the same object', () => {
    const source = only(DEPLOYMENT);
    expect(podTemplateOf(source, 'shop')).toBe(podTemplateOf(source, 'shop'));
  });

  it('should keep no template while told not to, and keep them again once told so', () => {
    const source = only(DEPLOYMENT);
    const kept = podTemplateOf(source, 'shop');
    forgetFoundTemplates(false);
    try {
      const first = podTemplateOf(source, 'shop');
      expect(first).not.toBe(kept);
      expect(first).toEqual(kept);
      expect(podTemplateOf(source, 'shop')).not.toBe(first);
    } finally {
      forgetFoundTemplates();
    }
    const again = podTemplateOf(source, 'shop');
    expect(again).not.toBe(kept);
    expect(podTemplateOf(source, 'shop')).toBe(again);
  });

  it.each([
    ['a kind without a template', 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n'],
    ['a custom resource named Deployment', DEPLOYMENT.replace('apps/v1', 'example.com/v1')],
    ['a kind named after an Object member', 'apiVersion: v1\nkind: toString\n'],
    ['a workload without a pod spec', 'apiVersion: apps/v1\nkind: Deployment\nspec: {}\n'],
  ])('should find no template for %s', (_, yaml) => {
    const source = only(yaml);
    expect(podTemplateOf(source)).toBeUndefined();
    expect(podTemplateOf(source)).toBeUndefined();
  });
});

describe('containersOf', () => {
  it('should list init, regular and ephemeral containers in order, with their paths', () => {
    const template = podTemplateOf(only(DEPLOYMENT));
    if (template === undefined) throw new Error('no template');
    expect(containersOf(template).map((c) => [c.name, c.list, c.path.join('.')])).toEqual([
      ['init', 'initContainers', 'spec.template.spec.initContainers.0'],
      ['app', 'containers', 'spec.template.spec.containers.0'],
      ['sidecar', 'containers', 'spec.template.spec.containers.2'],
      ['debug', 'ephemeralContainers', 'spec.template.spec.ephemeralContainers.0'],
    ]);
    expect(containersOf(template)).toBe(containersOf(template));
  });
});
