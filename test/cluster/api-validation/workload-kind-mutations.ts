/** StatefulSet, DaemonSet, Job and CronJob spec mutations (differential variants). */
import { type Mutation, type Obj, slug } from './pod-mutations.js';

function specCases(
  family: string,
  prefix: string,
  cases: [string, (s: Obj) => void][],
): Mutation[] {
  return cases.map(([name, change]) => ({
    name: `${prefix}-${name}`,
    family,
    apply: (o) => {
      change(o['spec'] as Obj);
    },
  }));
}

const claim = (spec: Obj): Obj => ({ metadata: { name: 'data' }, spec });
const storage = { requests: { storage: '1Gi' } };

/** StatefulSet mutations. */
export function statefulSetMutations(): Mutation[] {
  return specCases('statefulset', 'sts', [
    ['parallel', (s) => (s['podManagementPolicy'] = 'Parallel')],
    ['policy-bad', (s) => (s['podManagementPolicy'] = 'Random')],
    ['on-delete', (s) => (s['updateStrategy'] = { type: 'OnDelete' })],
    [
      'on-delete-rolling',
      (s) => (s['updateStrategy'] = { type: 'OnDelete', rollingUpdate: { partition: 1 } }),
    ],
    ['strategy-bad', (s) => (s['updateStrategy'] = { type: 'Canary' })],
    [
      'partition-negative',
      (s) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }),
    ],
    [
      'partition-2',
      (s) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }),
    ],
    ['max-unavailable-0', (s) => (s['updateStrategy'] = { rollingUpdate: { maxUnavailable: 0 } })],
    ['max-unavailable-2', (s) => (s['updateStrategy'] = { rollingUpdate: { maxUnavailable: 2 } })],
    [
      'max-unavailable-50p',
      (s) => (s['updateStrategy'] = { rollingUpdate: { maxUnavailable: '50%' } }),
    ],
    [
      'max-unavailable-150p',
      (s) => (s['updateStrategy'] = { rollingUpdate: { maxUnavailable: '150%' } }),
    ],
    [
      'max-unavailable-0p',
      (s) => (s['updateStrategy'] = { rollingUpdate: { maxUnavailable: '0%' } }),
    ],
    ['service-name-bad', (s) => (s['serviceName'] = 'Web')],
    ['service-name-dot', (s) => (s['serviceName'] = 'web.svc')],
    ['service-name-none', (s) => delete s['serviceName']],
    ['replicas-negative', (s) => (s['replicas'] = -1)],
    ['min-ready-negative', (s) => (s['minReadySeconds'] = -1)],
    ['ordinals', (s) => (s['ordinals'] = { start: 5 })],
    ['ordinals-negative', (s) => (s['ordinals'] = { start: -1 })],
    [
      'retention',
      (s) =>
        (s['persistentVolumeClaimRetentionPolicy'] = {
          whenDeleted: 'Delete',
          whenScaled: 'Retain',
        }),
    ],
    ['retention-bad', (s) => (s['persistentVolumeClaimRetentionPolicy'] = { whenDeleted: 'Keep' })],
    [
      'claim-ok',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({ accessModes: ['ReadWriteOnce'], resources: storage }),
        ]),
    ],
    [
      'claim-mounted',
      (s) => {
        s['volumeClaimTemplates'] = [claim({ accessModes: ['ReadWriteOnce'], resources: storage })];
        (((s['template'] as Obj)['spec'] as Obj)['containers'] as Obj[])[0]!['volumeMounts'] = [
          { name: 'data', mountPath: '/data' },
        ];
      },
    ],
    ['claim-no-modes', (s) => (s['volumeClaimTemplates'] = [claim({ resources: storage })])],
    [
      'claim-bad-mode',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({ accessModes: ['ReadWriteSometimes'], resources: storage }),
        ]),
    ],
    [
      'claim-once-pod-mixed',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], resources: storage }),
        ]),
    ],
    [
      'claim-no-storage',
      (s) => (s['volumeClaimTemplates'] = [claim({ accessModes: ['ReadWriteOnce'] })]),
    ],
    [
      'claim-zero-storage',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } }),
        ]),
    ],
    [
      'claim-class-bad',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({
            accessModes: ['ReadWriteOnce'],
            resources: storage,
            storageClassName: 'Fast_SSD',
          }),
        ]),
    ],
    [
      'claim-mode-bad',
      (s) =>
        (s['volumeClaimTemplates'] = [
          claim({ accessModes: ['ReadWriteOnce'], resources: storage, volumeMode: 'Raw' }),
        ]),
    ],
    ['template-hostname', (s) => (((s['template'] as Obj)['spec'] as Obj)['hostname'] = 'Bad')],
  ]);
}

/** DaemonSet mutations. */
export function daemonSetMutations(): Mutation[] {
  const cases: [string, (s: Obj) => void][] = [
    ['on-delete', (s) => (s['updateStrategy'] = { type: 'OnDelete' })],
    ['strategy-bad', (s) => (s['updateStrategy'] = { type: 'Canary' })],
    ['rolling-empty', (s) => (s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: {} })],
    ['min-ready-negative', (s) => (s['minReadySeconds'] = -1)],
    ['revision-history-negative', (s) => (s['revisionHistoryLimit'] = -1)],
  ];
  for (const unavailable of [0, 1, '0%', '10%', '150%', -1, 'x']) {
    for (const surge of [0, 1, '10%']) {
      cases.push([
        `rolling-${slug(unavailable)}-${slug(surge)}`,
        (s) =>
          (s['updateStrategy'] = {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: unavailable, maxSurge: surge },
          }),
      ]);
    }
  }
  return specCases('daemonset', 'ds', cases);
}

/** Job spec mutations (applied to a Job's spec and to a CronJob's job template spec). */
export function jobSpecCases(): [string, (s: Obj) => void][] {
  const podSpec = (s: Obj): Obj => (s['template'] as Obj)['spec'] as Obj;
  const cases: [string, (s: Obj) => void][] = [];
  for (const policy of ['Always', 'OnFailure', 'Never', 'Sometimes', '']) {
    cases.push([
      `restart-${slug(policy)}`,
      (s) =>
        policy === '' ? delete podSpec(s)['restartPolicy'] : (podSpec(s)['restartPolicy'] = policy),
    ]);
  }
  for (const field of [
    'completions',
    'parallelism',
    'backoffLimit',
    'activeDeadlineSeconds',
    'ttlSecondsAfterFinished',
  ]) {
    for (const value of [-1, 0, 3])
      cases.push([`${slug(field)}-${slug(value)}`, (s) => (s[field] = value)]);
  }
  cases.push(
    ['indexed', (s) => Object.assign(s, { completionMode: 'Indexed', completions: 3 })],
    ['indexed-no-completions', (s) => (s['completionMode'] = 'Indexed')],
    ['mode-bad', (s) => (s['completionMode'] = 'Sequential')],
    ['per-index-non-indexed', (s) => (s['backoffLimitPerIndex'] = 1)],
    [
      'per-index-indexed',
      (s) =>
        Object.assign(s, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 }),
    ],
    [
      'max-failed-no-per-index',
      (s) => Object.assign(s, { completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 }),
    ],
    [
      'indexed-parallelism-big',
      (s) => Object.assign(s, { completionMode: 'Indexed', completions: 3, parallelism: 100001 }),
    ],
    ['replacement-failed', (s) => (s['podReplacementPolicy'] = 'Failed')],
    ['replacement-bad', (s) => (s['podReplacementPolicy'] = 'Never')],
    [
      'pod-failure-policy-on-failure',
      (s) => {
        podSpec(s)['restartPolicy'] = 'OnFailure';
        s['podFailurePolicy'] = {
          rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }],
        };
      },
    ],
    [
      'pod-failure-policy-never',
      (s) =>
        (s['podFailurePolicy'] = {
          rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }],
        }),
    ],
  );
  return cases;
}

/** Job mutations. */
export function jobMutations(): Mutation[] {
  const out = specCases('jobs', 'job', jobSpecCases());
  out.push({
    name: 'job-indexed-long-name',
    family: 'jobs',
    apply: (o) => {
      (o['metadata'] as Obj)['name'] = 'a'.repeat(62);
      Object.assign(o['spec'] as Obj, { completionMode: 'Indexed', completions: 10 });
    },
  });
  return out;
}

const SCHEDULES = [
  '*/5 * * * *',
  '0 0 * * *',
  '@hourly',
  '@daily',
  '@every 1h',
  '@every 1x',
  '@sometimes',
  '* * * *',
  '* * * * * *',
  '60 * * * *',
  '* 24 * * *',
  '* * 0 * *',
  '* * 32 * *',
  '* * * 13 *',
  '* * * * 7',
  '* * * JAN MON',
  '* * * jan-mar mon-fri',
  '5-1 * * * *',
  '*/0 * * * *',
  '1-2-3 * * * *',
  '*/5/2 * * * *',
  'a * * * *',
  '-1 * * * *',
  '0,15,30,45 * * * *',
  '? * * * *',
  'TZ=UTC 0 * * * *',
  '0 0 1 1 *',
  '0 0 L * *',
];

/** CronJob mutations (schedule, policies, time zones, and the job template's fields). */
export function cronJobMutations(): Mutation[] {
  const out: Mutation[] = SCHEDULES.map((schedule, i) => ({
    name: `cron-schedule-${i}-${slug(schedule).slice(0, 20)}`,
    family: 'cronjobs',
    apply: (o) => ((o['spec'] as Obj)['schedule'] = schedule),
  }));
  const cases: [string, (s: Obj) => void][] = [
    ['concurrency-forbid', (s) => (s['concurrencyPolicy'] = 'Forbid')],
    ['concurrency-bad', (s) => (s['concurrencyPolicy'] = 'Queue')],
    ['starting-deadline-negative', (s) => (s['startingDeadlineSeconds'] = -1)],
    ['successful-history-negative', (s) => (s['successfulJobsHistoryLimit'] = -1)],
    ['failed-history-negative', (s) => (s['failedJobsHistoryLimit'] = -1)],
    [
      'history-zero',
      (s) => Object.assign(s, { successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }),
    ],
    [
      'selector-set',
      (s) =>
        (((s['jobTemplate'] as Obj)['spec'] as Obj)['selector'] = { matchLabels: { app: 'web' } }),
    ],
    [
      'manual-selector',
      (s) => (((s['jobTemplate'] as Obj)['spec'] as Obj)['manualSelector'] = true),
    ],
  ];
  for (const zone of [
    'Europe/Berlin',
    'UTC',
    'Etc/UTC',
    'Mars/Olympus',
    'Local',
    '',
    'Europe/../x',
    'America/Argentina/Buenos_Aires',
  ]) {
    cases.push([`time-zone-${slug(zone)}`, (s) => (s['timeZone'] = zone)]);
  }
  out.push(...specCases('cronjobs', 'cron', cases));
  for (const [name, change] of jobSpecCases()) {
    out.push({
      name: `cron-job-${name}`,
      family: 'cronjobs',
      apply: (o) => {
        change(((o['spec'] as Obj)['jobTemplate'] as Obj)['spec'] as Obj);
      },
    });
  }
  return out;
}
