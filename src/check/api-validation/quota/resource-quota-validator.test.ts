import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { validateResourceQuota } from './resource-quota-validator.js';

// Expected messages: the causes of the v1.36.3 API server for these objects on a dry-run create
// (order aside: the API server walks `hard` in Go's random map order).
describe('validateResourceQuota', () => {
  const quota = (spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'rq' },
    spec,
  });
  const sorted = (spec: Record<string, unknown>) =>
    validateResourceQuota(quota(spec)).map(formatFieldError).sort();

  it.each([
    [
      'standard, huge page, counted and extended names',
      {
        hard: {
          cpu: '1',
          'requests.memory': '1Gi',
          'hugepages-2Mi': '1',
          'requests.hugepages-1Gi': '2Gi',
          'count/deployments.apps': '2',
          'requests.nvidia.com/gpu': '0.5',
          'services.loadbalancers': 0,
        },
      },
      [],
    ],
    [
      'unknown names, fractions of counted resources and a negative quantity',
      {
        hard: {
          foo: '1',
          storage: '1',
          pods: '1.5',
          'count/deployments.apps': '2.5',
          cpu: '-1',
        },
        scopes: ['BestEffort', 'NotBestEffort', 'Foo'],
      },
      [
        'spec.hard[count/deployments.apps]: Invalid value: "2500m": must be an integer',
        'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
        'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
        'spec.hard[pods]: Invalid value: "1500m": must be an integer',
        'spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota',
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Foo"]: conflicting scopes',
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Foo"]: unsupported scope',
        'spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Foo"]: unsupported scope applied to resource',
      ],
    ],
    [
      'selector operators and values by scope',
      {
        hard: { cpu: '1' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'BestEffort', operator: 'In', values: ['a'] },
            { scopeName: 'NotBestEffort', operator: 'Exists', values: [] },
            { scopeName: 'PriorityClass', operator: 'Foo' },
            { scopeName: 'PriorityClass', operator: 'NotIn' },
          ],
        },
      },
      [
        'spec.scopeSelector.matchExpressions.operator: Invalid value: "Foo": not a valid selector operator',
        'spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
        "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
        'spec.scopeSelector.matchExpressions: Invalid value: null: conflicting scopes',
        'spec.scopeSelector.matchExpressions: Invalid value: {"MatchExpressions":[{"ScopeName":"BestEffort","Operator":"In","Values":["a"]},{"ScopeName":"NotBestEffort","Operator":"Exists","Values":[]},{"ScopeName":"PriorityClass","Operator":"Foo","Values":null},{"ScopeName":"PriorityClass","Operator":"NotIn","Values":null}]}: unsupported scope applied to resource',
      ],
    ],
    [
      'a PVC scope on pods and an unknown selector scope with values',
      {
        hard: { pods: '3', 'requests.storage': '1Gi' },
        scopes: ['VolumeAttributesClass'],
        scopeSelector: {
          matchExpressions: [{ scopeName: 'Foo', operator: 'DoesNotExist', values: ['x'] }],
        },
      },
      [
        'spec.scopeSelector.matchExpressions.scopeName: Invalid value: "Foo": unsupported scope',
        "spec.scopeSelector.matchExpressions.values: Invalid value: [\"x\"]: must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
        'spec.scopes: Invalid value: ["VolumeAttributesClass"]: unsupported scope applied to resource',
      ],
    ],
    [
      'PriorityClass and CrossNamespacePodAffinity scopes on compute resources',
      {
        hard: { pods: '3', 'limits.cpu': '2' },
        scopes: ['PriorityClass', 'CrossNamespacePodAffinity'],
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
        },
      },
      [],
    ],
  ])('should judge %s', (_name, spec, messages) => {
    expect(sorted(spec)).toEqual([...messages].sort());
  });
});
