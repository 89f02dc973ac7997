/**
 * A Job's podFailurePolicy, successPolicy and podReplacementPolicy (differential variants),
 * applied to a Job's spec and to a CronJob's job template spec (family `jobpolicy`).
 */
import type { Mutation, Obj } from './pod-mutations.js';

type Case = readonly [string, Obj];

const exitRule = (action: string, onExitCodes: Obj): Obj => ({ action, onExitCodes });
const conditionRule = (action: string, onPodConditions: readonly Obj[]): Obj => ({
  action,
  onPodConditions,
});
const failurePolicy = (...rules: readonly Obj[]): Obj => ({ podFailurePolicy: { rules } });
const indexed = (completions: number, fields: Obj = {}): Obj => ({
  completionMode: 'Indexed',
  completions,
  ...fields,
});

function failurePolicyCases(): Case[] {
  const cases: Case[] = [];
  for (const action of ['FailJob', 'Ignore', 'Count', 'FailIndex', 'Retry', '']) {
    cases.push([
      `pfp-action-${action.toLowerCase() || 'empty'}`,
      failurePolicy(exitRule(action, { operator: 'In', values: [1] })),
    ]);
  }
  cases.push([
    'pfp-failindex-per-index',
    {
      ...indexed(3, { backoffLimitPerIndex: 1 }),
      ...failurePolicy(exitRule('FailIndex', { operator: 'In', values: [1] })),
    },
  ]);
  const exitCodes: readonly [string, Obj][] = [
    ['in-0', { operator: 'In', values: [0] }],
    ['notin-0', { operator: 'NotIn', values: [0] }],
    ['in-empty', { operator: 'In', values: [] }],
    ['in-none', { operator: 'In' }],
    ['in-dup', { operator: 'In', values: [1, 2, 2] }],
    ['in-unordered', { operator: 'In', values: [3, 1] }],
    ['in-many', { operator: 'In', values: Array.from({ length: 256 }, (_, i) => i + 1) }],
    ['in-255', { operator: 'In', values: Array.from({ length: 255 }, (_, i) => i + 1) }],
    ['op-bad', { operator: 'Equals', values: [1] }],
    ['op-empty', { operator: '', values: [1] }],
    ['container-app', { operator: 'In', values: [1], containerName: 'app' }],
    ['container-other', { operator: 'In', values: [1], containerName: 'other' }],
    ['notin-negative', { operator: 'NotIn', values: [-5, -1, 3] }],
  ];
  for (const [name, onExitCodes] of exitCodes) {
    cases.push([`pfp-exit-${name}`, failurePolicy(exitRule('FailJob', onExitCodes))]);
  }
  const conditions: readonly [string, readonly Obj[]][] = [
    ['disruption', [{ type: 'DisruptionTarget' }]],
    ['status-false', [{ type: 'DisruptionTarget', status: 'False' }]],
    ['status-unknown', [{ type: 'ConfigIssue', status: 'Unknown' }]],
    ['status-bad', [{ type: 'DisruptionTarget', status: 'Maybe' }]],
    ['type-bad', [{ type: 'bad type', status: 'True' }]],
    ['type-prefixed', [{ type: 'example.com/Stuck', status: 'True' }]],
    ['type-empty', [{ type: '', status: 'True' }]],
    ['many', Array.from({ length: 21 }, (_, i) => ({ type: `C${i}` }))],
    ['twenty', Array.from({ length: 20 }, (_, i) => ({ type: `C${i}` }))],
  ];
  for (const [name, patterns] of conditions) {
    cases.push([`pfp-cond-${name}`, failurePolicy(conditionRule('Ignore', patterns))]);
  }
  cases.push(
    [
      'pfp-both',
      failurePolicy({
        action: 'FailJob',
        onExitCodes: { operator: 'In', values: [1] },
        onPodConditions: [{ type: 'DisruptionTarget' }],
      }),
    ],
    ['pfp-neither', failurePolicy({ action: 'FailJob' })],
    ['pfp-no-rules', { podFailurePolicy: { rules: [] } }],
    [
      'pfp-rules-21',
      failurePolicy(
        ...Array.from({ length: 21 }, () => exitRule('Count', { operator: 'In', values: [1] })),
      ),
    ],
    [
      'pfp-replacement-failed',
      {
        ...failurePolicy(exitRule('FailJob', { operator: 'In', values: [1] })),
        podReplacementPolicy: 'Failed',
      },
    ],
    [
      'pfp-replacement-terminating',
      {
        ...failurePolicy(exitRule('FailJob', { operator: 'In', values: [1] })),
        podReplacementPolicy: 'TerminatingOrFailed',
      },
    ],
  );
  return cases;
}

function successPolicyCases(): Case[] {
  const success = (...rules: readonly Obj[]): Obj => ({ successPolicy: { rules } });
  const cases: Case[] = [
    ['sp-non-indexed', success({ succeededCount: 1 })],
    ['sp-non-indexed-no-rules', { successPolicy: { rules: [] } }],
    ['sp-no-rules', { ...indexed(5), successPolicy: { rules: [] } }],
    ['sp-empty-rule', { ...indexed(5), ...success({}) }],
    [
      'sp-rules-21',
      { ...indexed(5), ...success(...Array.from({ length: 21 }, () => ({ succeededCount: 1 }))) },
    ],
  ];
  const indexes = [
    '0',
    '0-2',
    '0,2,4',
    '0-1,3-4',
    '5',
    '0-5',
    '2-1',
    '1,1',
    '3,1',
    'a',
    '1-2-3',
    '',
    '-1',
    '+1',
    '0-',
    ' 1',
  ];
  indexes.forEach((succeededIndexes, i) => {
    cases.push([
      `sp-indexes-${String(i).padStart(2, '0')}`,
      { ...indexed(5), ...success({ succeededIndexes }) },
    ]);
  });
  for (const succeededCount of [-1, 0, 1, 5, 6]) {
    cases.push([
      `sp-count-${String(succeededCount).replace('-', 'm')}`,
      { ...indexed(5), ...success({ succeededCount }) },
    ]);
  }
  cases.push(
    ['sp-both-fit', { ...indexed(5), ...success({ succeededIndexes: '0-2', succeededCount: 3 }) }],
    ['sp-both-over', { ...indexed(5), ...success({ succeededIndexes: '0-2', succeededCount: 4 }) }],
  );
  return cases;
}

function replacementCases(): Case[] {
  return ['Failed', 'TerminatingOrFailed', 'Never', ''].map((policy) => [
    `replacement-${policy.toLowerCase() || 'empty'}`,
    { podReplacementPolicy: policy },
  ]);
}

/** Every case: fields merged into the Job spec, the pod template's restartPolicy `Never`. */
function jobPolicyCases(): Case[] {
  return [...failurePolicyCases(), ...successPolicyCases(), ...replacementCases()];
}

function applyCase(spec: Obj, fields: Obj): void {
  Object.assign(spec, structuredClone(fields));
  ((spec['template'] as Obj)['spec'] as Obj)['restartPolicy'] = 'Never';
}

/** The cases on a Job's spec. */
export function jobPolicyMutations(): Mutation[] {
  return jobPolicyCases().map(([name, fields]) => ({
    name,
    family: 'jobpolicy',
    apply: (o) => {
      applyCase(o['spec'] as Obj, fields);
    },
  }));
}

/** The cases on a CronJob's job template spec (not defaulted as a Job's spec is). */
export function cronJobPolicyMutations(): Mutation[] {
  return jobPolicyCases().map(([name, fields]) => ({
    name: `job-${name}`,
    family: 'jobpolicy',
    apply: (o) => {
      applyCase(((o['spec'] as Obj)['jobTemplate'] as Obj)['spec'] as Obj, fields);
    },
  }));
}
