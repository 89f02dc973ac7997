import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonRecord } from '../../kube/field-access.js';
import { parseQuantity, podQosClass } from './qos-class.js';

describe('parseQuantity', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['0.5', 500],
    ['1Ki', 1024_000],
    ['10Mi', 10 * 2 ** 20 * 1000],
    ['1G', 1e12],
    ['2e3', 2_000_000],
    [2, 2000],
    ['1.5.2', undefined],
    ['ten', undefined],
  ] as const)('should parse %s', (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
    // Asked again, the memo answers the same.
    expect(parseQuantity(text)).toBe(expected);
  });
});

const spec = (yaml: string): JsonRecord => parse(yaml) as JsonRecord;

describe('podQosClass', () => {
  it.each([
    ['no resources at all', 'containers: [{ name: a }]', 'BestEffort'],
    [
      'equal requests and limits for cpu and memory',
      'containers: [{ name: a, resources: { requests: { cpu: 100m, memory: 10Mi }, limits: { cpu: 100m, memory: 10Mi } } }]',
      'Guaranteed',
    ],
    [
      'limits only (requests default to limits)',
      'containers: [{ name: a, resources: { limits: { cpu: "0.1", memory: 10Mi } } }]',
      'Guaranteed',
    ],
    [
      'memory limit above its request',
      'containers: [{ name: a, resources: { requests: { cpu: 100m, memory: 10Mi }, limits: { cpu: 100m, memory: 15Mi } } }]',
      'Burstable',
    ],
    [
      'a second container without resources',
      'containers: [{ name: a, resources: { limits: { cpu: 1, memory: 1Gi } } }, { name: b }]',
      'Burstable',
    ],
    [
      'an init container without limits',
      'initContainers: [{ name: i, resources: { requests: { cpu: 1 } } }]\ncontainers: [{ name: a, resources: { limits: { cpu: 1, memory: 1Gi } } }]',
      'Burstable',
    ],
    [
      'only non-QoS resources',
      'containers: [{ name: a, resources: { limits: { ephemeral-storage: 1Gi } } }]',
      'BestEffort',
    ],
    [
      'an ephemeral container does not count',
      'containers: [{ name: a, resources: { limits: { cpu: 1, memory: 1Gi } } }]\nephemeralContainers: [{ name: d }]',
      'Guaranteed',
    ],
    [
      'a null request beside its limit (the request is not defaulted to the limit)',
      'containers: [{ name: a, resources: { requests: { cpu: null }, limits: { cpu: 1, memory: 1Gi } } }]',
      'Burstable',
    ],
    [
      'requests summed over containers equal to the summed limits',
      'containers: [{ name: a, resources: { requests: { cpu: 1, memory: 1Gi }, limits: { cpu: 1, memory: 1Gi } } }, { name: b, resources: { limits: { cpu: 500m, memory: 512Mi } } }]',
      'Guaranteed',
    ],
  ] as const)('should class %s', (_name, yaml, expected) => {
    expect(podQosClass(spec(yaml))).toBe(expected);
  });
});
