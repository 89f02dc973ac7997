/**
 * Job and CronJob as the API server validates them on create (`pkg/apis/batch/validation`),
 * after defaulting: the Job's selector and pod labels are generated, its pods' restartPolicy
 * defaults to Always (which a Job refuses), a CronJob's concurrencyPolicy to Allow.
 */
import {
  type JsonRecord,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported, required } from '../field-errors.js';
import { dns1123LabelProblems, labelValueProblems } from '../shared/name-rules.js';
import { validatePodTemplateSpec } from '../pod/pod-spec.js';
import { goJson, nonNegative } from './workload-values.js';
import { cronScheduleProblem } from './workload-cron.js';
import { gateState } from '../shared/feature-gates.js';
import {
  validatePodFailurePolicy,
  validatePodReplacementPolicy,
  validateSuccessPolicy,
} from './workload-job-policies.js';

/** The object's name, or the one the API server makes from generateName. */
function generatedName(meta: JsonRecord | undefined): string {
  const name = stringAt(meta, 'name') ?? '';
  const prefix = stringAt(meta, 'generateName') ?? '';
  return name !== '' || prefix === '' ? name : `${prefix.slice(0, 58)}aaaaa`;
}

/**
 * The API server labels a Job's pods (and the Job, when it has no labels of its own) with the
 * Job's name twice (`job-name`, `batch.kubernetes.io/job-name`): the name must be a label value.
 */
function validateJobNameLabels(job: JsonRecord, name: string): FieldError[] {
  const problems = labelValueProblems(name);
  if (name === '' || problems.length === 0) return [];
  const ownLabels = recordAt(recordAt(job, 'metadata'), 'labels');
  const paths: FieldPath[] = [['spec', 'template', 'labels']];
  if (ownLabels === undefined || Object.keys(ownLabels).length === 0)
    paths.unshift(['metadata', 'labels']);
  return paths.flatMap((path) =>
    [path, path].flatMap((p) => problems.map((m) => invalid(p, name, m))),
  );
}

const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const MAX_PARALLELISM_INDEXED = 100_000;

function validateCompletionMode(spec: JsonRecord, isJob: boolean, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const mode = stringAt(spec, 'completionMode');
  const parallelism = numberAt(spec, 'parallelism');
  // Neither set: the API server defaults both to 1 on a Job (not on a CronJob's job template).
  const defaulted = isJob && parallelism === undefined ? 1 : undefined;
  const completions = numberAt(spec, 'completions') ?? defaulted;
  if (mode !== undefined && !COMPLETION_MODES.includes(mode)) {
    out.push(notSupported([...path, 'completionMode'], mode, COMPLETION_MODES));
  }
  if (mode === 'Indexed') {
    if (completions === undefined)
      out.push(required([...path, 'completions'], 'when completion mode is Indexed'));
    if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
      out.push(
        invalid(
          [...path, 'parallelism'],
          parallelism,
          `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
        ),
      );
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      const value = numberAt(spec, field);
      if (value !== undefined)
        out.push(invalid([...path, field], value, 'requires indexed completion mode'));
    }
  }
  return out;
}

const NON_NEGATIVE_JOB_FIELDS = [
  'parallelism',
  'completions',
  'activeDeadlineSeconds',
  'backoffLimit',
  'ttlSecondsAfterFinished',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
];

/** Errors of a Job spec (also a CronJob's job template spec) without the selector checks. */
function validateJobSpecCommon(
  spec: JsonRecord,
  kubeVersion: string,
  isJob: boolean,
  path: FieldPath,
): FieldError[] {
  const out = NON_NEGATIVE_JOB_FIELDS.flatMap((field) => nonNegative(spec, field, path));
  if (
    numberAt(spec, 'maxFailedIndexes') !== undefined &&
    numberAt(spec, 'backoffLimitPerIndex') === undefined
  ) {
    out.push(required([...path, 'backoffLimitPerIndex'], 'when maxFailedIndexes is specified'));
  }
  out.push(...validateCompletionMode(spec, isJob, path));
  const failurePolicy = recordAt(spec, 'podFailurePolicy');
  if (failurePolicy !== undefined) {
    out.push(...validatePodFailurePolicy(failurePolicy, spec, [...path, 'podFailurePolicy']));
  }
  const successPolicy = recordAt(spec, 'successPolicy');
  // While JobSuccessPolicy is off (1.30) a Job's successPolicy is dropped, a CronJob's job
  // template's still validated; 1.29 does not have the field (the schema family reports it).
  const gate = gateState('JobSuccessPolicy', kubeVersion);
  if (successPolicy !== undefined && (gate === 'on' || (gate === 'off' && !isJob))) {
    // A Job without completions and parallelism has both defaulted to 1 (a CronJob's template not).
    const bothUnset =
      numberAt(spec, 'completions') === undefined && numberAt(spec, 'parallelism') === undefined;
    const completions = numberAt(spec, 'completions') ?? (isJob && bothUnset ? 1 : undefined);
    out.push(
      ...validateSuccessPolicy(successPolicy, spec, completions, [...path, 'successPolicy']),
    );
  }
  out.push(...validatePodReplacementPolicy(spec, [...path, 'podReplacementPolicy']));
  const template = recordAt(spec, 'template') ?? {};
  out.push(...validatePodTemplateSpec(template, kubeVersion, [...path, 'template']));
  const restartPolicy = stringAt(recordAt(template, 'spec'), 'restartPolicy') ?? '';
  const restartPath: FieldPath = [...path, 'template', 'spec', 'restartPolicy'];
  if (restartPolicy === 'Always' || restartPolicy === '') {
    out.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    out.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (isRecord(spec['podFailurePolicy']) && restartPolicy !== 'Never') {
    out.push(
      invalid(
        restartPath,
        restartPolicy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }
  return out;
}

/** Errors of a Job (its name too: an Indexed Job's pod hostnames must be DNS labels). */
export function validateJob(job: JsonRecord, kubeVersion: string): FieldError[] {
  const spec = recordAt(job, 'spec') ?? {};
  const out = validateJobSpecCommon(spec, kubeVersion, true, ['spec']);
  const parallelism = numberAt(spec, 'parallelism');
  const completions = numberAt(spec, 'completions') ?? (parallelism === undefined ? 1 : undefined);
  const name = generatedName(recordAt(job, 'metadata'));
  out.push(...validateJobNameLabels(job, name));
  if (
    stringAt(spec, 'completionMode') === 'Indexed' &&
    completions !== undefined &&
    completions > 0 &&
    name !== ''
  ) {
    const hostname = `${name}-${completions - 1}`;
    if (dns1123LabelProblems(hostname).length > 0) {
      out.push(
        invalid(
          ['metadata', 'name'],
          name,
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return out;
}

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(spec: JsonRecord, path: FieldPath): FieldError[] {
  const zone = spec['timeZone'];
  if (typeof zone !== 'string') return [];
  const at: FieldPath = [...path, 'timeZone'];
  if (zone === '') return [invalid(at, zone, 'timeZone must be nil or non-empty string')];
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalid(at, zone, `unknown time zone ${zone}`)];
    }
  }
  if (zone.toLowerCase() === 'local') {
    return [
      invalid(
        at,
        zone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    ];
  }
  if (!knownTimeZone(zone)) return [invalid(at, zone, `unknown time zone ${zone}`)];
  return [];
}

/** True when the IANA zone exists (the API server loads it from its own time zone database). */
function knownTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Errors of a CronJob. */
export function validateCronJob(cronJob: JsonRecord, kubeVersion: string): FieldError[] {
  const path: FieldPath = ['spec'];
  const spec = recordAt(cronJob, 'spec') ?? {};
  const out: FieldError[] = [];
  const schedule = stringAt(spec, 'schedule') ?? '';
  if (schedule === '') out.push(required([...path, 'schedule']));
  else {
    const problem = cronScheduleProblem(schedule);
    if (problem !== undefined) out.push(invalid([...path, 'schedule'], schedule, problem));
    if (schedule.includes('TZ')) {
      out.push(
        invalid(
          [...path, 'schedule'],
          schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
    }
  }
  out.push(...nonNegative(spec, 'startingDeadlineSeconds', path));
  out.push(...validateTimeZone(spec, path));
  const concurrency = stringAt(spec, 'concurrencyPolicy') || 'Allow';
  if (!CONCURRENCY.includes(concurrency))
    out.push(notSupported([...path, 'concurrencyPolicy'], concurrency, CONCURRENCY));
  const jobSpec = recordAt(recordAt(spec, 'jobTemplate'), 'spec') ?? {};
  const jobPath: FieldPath = [...path, 'jobTemplate', 'spec'];
  out.push(...validateJobSpecCommon(jobSpec, kubeVersion, false, jobPath));
  if (isRecord(jobSpec['selector'])) {
    out.push(
      invalid(
        [...jobPath, 'selector'],
        goJson(jobSpec['selector']),
        '`selector` will be auto-generated',
      ),
    );
  }
  if (jobSpec['manualSelector'] === true) {
    out.push(notSupported([...jobPath, 'manualSelector'], true, ['nil', 'false']));
  }
  out.push(...nonNegative(spec, 'successfulJobsHistoryLimit', path));
  out.push(...nonNegative(spec, 'failedJobsHistoryLimit', path));
  const name = generatedName(recordAt(cronJob, 'metadata'));
  if (name.length > 52)
    out.push(invalid(['metadata', 'name'], name, 'must be no more than 52 characters'));
  return out;
}
