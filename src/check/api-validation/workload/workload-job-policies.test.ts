import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { WORKLOAD_VALIDATORS } from './workload-validators.js';

// Expected messages: the causes of the v1.36.3 API server for these Jobs on a dry-run create.
describe('Job policies (podFailurePolicy, successPolicy, podReplacementPolicy)', () => {
  const job = WORKLOAD_VALIDATORS.find((v) => v.kind === 'Job');
  const messages = (object: Record<string, unknown>) =>
    (job?.validate(object, { kubeVersion: '1.36' }) ?? []).map(formatFieldError).sort();

  it.each([
    [
      'failure policy rules: actions, exit codes, conditions, both or neither',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j1' },
        spec: {
          podReplacementPolicy: 'TerminatingOrFailed',
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'x' }] } },
          podFailurePolicy: {
            rules: [
              {
                action: 'Retry',
                onExitCodes: { operator: 'Equals', values: [3, 0, 3], containerName: 'other' },
              },
              { action: 'FailIndex', onPodConditions: [{ type: 'bad type', status: 'Maybe' }] },
              { action: 'FailJob' },
              {
                action: '',
                onExitCodes: { operator: 'In' },
                onPodConditions: [{ type: 'DisruptionTarget' }],
              },
            ],
          },
        },
      },
      [
        'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"',
        'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Equals": supported values: "In", "NotIn"',
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names in the pod template',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
        'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered',
        'spec.podFailurePolicy.rules[1].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
        "spec.podFailurePolicy.rules[1].onPodConditions[0].type: Invalid value: \"bad type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'spec.podFailurePolicy.rules[1].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
        'spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
        'spec.podFailurePolicy.rules[3].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
        'spec.podFailurePolicy.rules[3].onExitCodes.values: Invalid value: null: at least one value is required',
        'spec.podFailurePolicy.rules[3]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
        'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
      ],
    ],
    [
      'success policy rules of an Indexed Job',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j2' },
        spec: {
          completionMode: 'Indexed',
          completions: 5,
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'x' }] } },
          successPolicy: {
            rules: [
              { succeededIndexes: '0-2', succeededCount: 4 },
              { succeededIndexes: '3,1' },
              { succeededCount: 6 },
              {},
            ],
          },
        },
      },
      [
        'spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of indexes in the specified succeededIndexes field)',
        'spec.successPolicy.rules[1].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1',
        'spec.successPolicy.rules[2].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
        'spec.successPolicy.rules[3]: Required value: at least one of succeededCount or succeededIndexes must be specified',
      ],
    ],
    [
      'a success policy on a NonIndexed Job',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j3' },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'x' }] } },
          successPolicy: { rules: [{ succeededCount: 1 }] },
        },
      },
      [
        'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
      ],
    ],
  ])('should judge %s', (_name, object, expected) => {
    expect(messages(object)).toEqual([...expected].sort());
  });
});
