import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { validateLimitRange } from './limit-range-validator.js';

// Expected messages: the causes of the v1.36.3 API server for these objects on a dry-run create
// (order aside: the API server walks each resource map in Go's random map order).
describe('validateLimitRange', () => {
  const limitRange = (limits: readonly Record<string, unknown>[]) => ({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'lr' },
    spec: { limits },
  });
  const sorted = (limits: readonly Record<string, unknown>[]) =>
    validateLimitRange(limitRange(limits)).map(formatFieldError).sort();

  it.each([
    [
      'ordered Container, Pod and PVC limits',
      [
        {
          type: 'Container',
          min: { cpu: '100m', memory: '64Mi' },
          max: { cpu: '2', memory: '1Gi' },
          default: { cpu: '500m' },
          maxLimitRequestRatio: { cpu: '4' },
        },
        { type: 'Pod', max: { cpu: '4' } },
        { type: 'PersistentVolumeClaim', min: { storage: '1Gi' } },
      ],
      [],
    ],
    [
      'min above max with the Container defaults, Pod defaults, a PVC without storage, bad types',
      [
        {
          type: 'Container',
          min: { cpu: '2' },
          max: { cpu: '1' },
          maxLimitRequestRatio: { cpu: '0.5', memory: '3' },
        },
        { type: 'Pod', default: { cpu: 1 }, defaultRequest: { cpu: 1 } },
        { type: 'PersistentVolumeClaim', max: { memory: '1Gi' } },
        { type: 'Foo' },
        { type: 'Container' },
      ],
      [
        'spec.limits[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 1',
        'spec.limits[0].defaultRequest[cpu]: Invalid value: "1": min value 2 is greater than default request value 1',
        'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1',
        'spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1',
        "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
        "spec.limits[1].defaultRequest: Forbidden: may not be specified when `type` is 'Pod'",
        'spec.limits[2].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
        'spec.limits[3].type: Invalid value: "Foo": must be a standard limit type or fully qualified',
        'spec.limits[4].type: Duplicate value: "Container"',
      ],
    ],
    [
      'resource names by type, a ratio above max/min and unequal extended defaults',
      [
        {
          type: 'Container',
          min: { memory: '1Gi' },
          max: { memory: '3Gi' },
          maxLimitRequestRatio: { memory: '4' },
          default: { 'nvidia.com/gpu': '2', storage: '1', 'requests.example.com/gpu': '1' },
          defaultRequest: { 'nvidia.com/gpu': '1' },
        },
        { type: 'example.com/Node', max: { storage: '1Gi', foo: '1' } },
      ],
      [
        'spec.limits[0].default[requests.example.com/gpu]: Invalid value: "requests.example.com/gpu": doesn\'t follow extended resource name standard',
        'spec.limits[0].default[storage]: Invalid value: "storage": must be a standard resource for containers',
        'spec.limits[0].defaultRequest[nvidia.com/gpu]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in nvidia.com/gpu',
        'spec.limits[0].defaultRequest[requests.example.com/gpu]: Invalid value: "requests.example.com/gpu": doesn\'t follow extended resource name standard',
        'spec.limits[0].defaultRequest[storage]: Invalid value: "storage": must be a standard resource for containers',
        'spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: "4": ratio 4 is greater than max/min = 3.000000',
        'spec.limits[1].max[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      ],
    ],
  ])('should judge %s', (_name, limits, messages) => {
    expect(sorted(limits)).toEqual([...messages].sort());
  });
});
