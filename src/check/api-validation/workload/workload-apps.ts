/**
 * Deployment, ReplicaSet, StatefulSet and DaemonSet as the API server validates them on create
 * (`pkg/apis/apps/validation`), after defaulting: replicas 1, RollingUpdate strategies with their
 * default surge and unavailability, progressDeadlineSeconds 600, podManagementPolicy OrderedReady.
 */
import {
  type JsonRecord,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import { labelSelectorMatches } from '../../../kube/label-selector.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, notSupported, required } from '../field-errors.js';
import { NEGATIVE } from '../pod/pod-values.js';
import { type SelectorKind, labelStrings, validateSelector } from './apps-selector.js';
import { goJson, nonNegative } from './workload-values.js';
import { gateEnabled } from '../shared/feature-gates.js';
import { validatePodTemplateSpec } from '../pod/pod-spec.js';
import { selectorIsEmpty, validateLabels as validateLabelsAgain } from '../shared/selector.js';
import { intOrPercentValue, isPercent, validateIntOrPercent } from '../shared/int-or-percent.js';
import { dns1123LabelProblems as dnsLabel } from '../shared/name-rules.js';
import { validatePersistentVolumeClaimSpec } from './workload-volume-claims.js';

/** The selector checks every apps kind makes, and the template's match with it. */
function validateSelectorAndTemplate(
  spec: JsonRecord,
  kind: SelectorKind,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const selector = spec['selector'];
  const template = recordAt(spec, 'template') ?? {};
  const labels = recordAt(recordAt(template, 'metadata'), 'labels') ?? {};
  const present = isRecord(selector);
  // An absent selector matches nothing and can be evaluated; an empty one matches everything.
  const usable = !present || validateSelector(selector, kind, path, out);
  const empty = present && selectorIsEmpty(selector);
  const checkMatch = usable && (kind === 'daemonset' || !empty);
  const matches =
    checkMatch && present && (empty || labelSelectorMatches(selector, labelStrings(labels)));
  if (!present && kind !== 'daemonset') out.push(required([...path, 'selector']));
  if (checkMatch && !matches) {
    out.push(
      invalid(
        [...path, 'template', 'metadata', 'labels'],
        goJson(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  if (kind === 'daemonset' || usable) {
    out.push(...validatePodTemplateSpec(template, kubeVersion, [...path, 'template']));
  }
  if (kind === 'statefulset' && usable) {
    out.push(...validateLabelsAgain(labels, [...path, 'template', 'labels']));
  }
  if (kind === 'deployment' && usable) out.push(...validateAlwaysRestart(spec, 'ReplicaSet', path));
  return out;
}

function validateAlwaysRestart(spec: JsonRecord, kindName: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const podSpec = recordAt(recordAt(spec, 'template'), 'spec');
  const restartPolicy = stringAt(podSpec, 'restartPolicy') || 'Always';
  if (restartPolicy !== 'Always') {
    out.push(
      notSupported([...path, 'template', 'spec', 'restartPolicy'], restartPolicy, ['Always']),
    );
  }
  if (numberAt(podSpec, 'activeDeadlineSeconds') !== undefined) {
    out.push(
      forbidden(
        [...path, 'template', 'spec', 'activeDeadlineSeconds'],
        `activeDeadlineSeconds in ${kindName} is not Supported`,
      ),
    );
  }
  return out;
}

function validateDeploymentStrategy(strategy: JsonRecord, path: FieldPath): FieldError[] {
  const type = stringAt(strategy, 'type') || 'RollingUpdate';
  const rolling = recordAt(strategy, 'rollingUpdate');
  if (type === 'Recreate') {
    return rolling === undefined
      ? []
      : [
          forbidden(
            [...path, 'rollingUpdate'],
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ];
  }
  if (type !== 'RollingUpdate')
    return [notSupported(path, goJson(strategy), ['Recreate', 'RollingUpdate'])];
  const maxUnavailable = rolling?.['maxUnavailable'] ?? '25%';
  const maxSurge = rolling?.['maxSurge'] ?? '25%';
  const at: FieldPath = [...path, 'rollingUpdate'];
  const out: FieldError[] = [];
  // The 100% bound of maxUnavailable is checked below, after the zero check; maxSurge has none.
  for (const error of validateIntOrPercent(maxUnavailable, [...at, 'maxUnavailable'])) {
    if (error.detail !== OVER_100) out.push(error);
  }
  for (const error of validateIntOrPercent(maxSurge, [...at, 'maxSurge'])) {
    if (error.detail !== OVER_100) out.push(error);
  }
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    out.push(
      invalid([...at, 'maxUnavailable'], maxUnavailable, 'may not be 0 when `maxSurge` is 0'),
    );
  }
  if (isPercent(maxUnavailable) && intOrPercentValue(maxUnavailable) > 100) {
    out.push(invalid([...at, 'maxUnavailable'], maxUnavailable, OVER_100));
  }
  return out;
}

const OVER_100 = 'must not be greater than 100%';

/** Errors of a Deployment's spec. */
export function validateDeploymentSpec(spec: JsonRecord, kubeVersion: string): FieldError[] {
  const path: FieldPath = ['spec'];
  const out = nonNegative(spec, 'replicas', path);
  out.push(...validateSelectorAndTemplate(spec, 'deployment', kubeVersion, path));
  out.push(...validateDeploymentStrategy(recordAt(spec, 'strategy') ?? {}, [...path, 'strategy']));
  out.push(...nonNegative(spec, 'minReadySeconds', path));
  out.push(...nonNegative(spec, 'revisionHistoryLimit', path));
  const deadline = numberAt(spec, 'progressDeadlineSeconds') ?? 600;
  if (deadline < 0) out.push(invalid([...path, 'progressDeadlineSeconds'], deadline, NEGATIVE));
  if (deadline <= (numberAt(spec, 'minReadySeconds') ?? 0)) {
    out.push(
      invalid(
        [...path, 'progressDeadlineSeconds'],
        deadline,
        'must be greater than minReadySeconds',
      ),
    );
  }
  return out;
}

/** Errors of a ReplicaSet's spec. */
export function validateReplicaSetSpec(spec: JsonRecord, kubeVersion: string): FieldError[] {
  const path: FieldPath = ['spec'];
  return [
    ...nonNegative(spec, 'replicas', path),
    ...nonNegative(spec, 'minReadySeconds', path),
    ...validateSelectorAndTemplate(spec, 'deployment', kubeVersion, path),
  ];
}

function validateDaemonSetStrategy(strategy: JsonRecord, path: FieldPath): FieldError[] {
  const type = stringAt(strategy, 'type') || 'RollingUpdate';
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate')
    return [notSupported(path, goJson(strategy), ['RollingUpdate', 'OnDelete'])];
  const rolling = recordAt(strategy, 'rollingUpdate');
  const maxUnavailable = rolling?.['maxUnavailable'] ?? 1;
  const maxSurge = rolling?.['maxSurge'] ?? 0;
  const at: FieldPath = [...path, 'rollingUpdate'];
  const out = [
    ...validateIntOrPercent(maxUnavailable, [...at, 'maxUnavailable']),
    ...validateIntOrPercent(maxSurge, [...at, 'maxSurge']),
  ];
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    out.push(
      invalid([...at, 'maxSurge'], maxSurge, 'may not be set when maxUnavailable is non-zero'),
    );
  } else if (!hasUnavailable && !hasSurge) {
    out.push(required([...at, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0'));
  }
  return out;
}

/** Errors of a DaemonSet's spec. */
export function validateDaemonSetSpec(spec: JsonRecord, kubeVersion: string): FieldError[] {
  const path: FieldPath = ['spec'];
  return [
    ...validateSelectorAndTemplate(spec, 'daemonset', kubeVersion, path),
    ...validateAlwaysRestart(spec, 'DaemonSet', path),
    ...nonNegative(spec, 'minReadySeconds', path),
    ...nonNegative(spec, 'templateGeneration', path),
    ...validateDaemonSetStrategy(recordAt(spec, 'updateStrategy') ?? {}, [
      ...path,
      'updateStrategy',
    ]),
    ...nonNegative(spec, 'revisionHistoryLimit', path),
  ];
}

/** A StatefulSet's maxUnavailable, validated once MaxUnavailableStatefulSet is on (1.37). */
function validateStatefulSetMaxUnavailable(value: unknown, path: FieldPath): FieldError[] {
  const out = validateIntOrPercent(value, path);
  if (intOrPercentValue(value) === 0) out.push(invalid(path, value, 'cannot be 0'));
  return out;
}

function validateStatefulSetStrategy(
  strategy: JsonRecord,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const type = stringAt(strategy, 'type') || 'RollingUpdate';
  const rolling = recordAt(strategy, 'rollingUpdate');
  if (type === 'OnDelete') {
    return rolling === undefined
      ? []
      : [
          invalid(
            [...path, 'rollingUpdate'],
            goJson(rolling),
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        ];
  }
  if (type !== 'RollingUpdate') {
    return [invalid(path, goJson(strategy), "must be 'RollingUpdate' or 'OnDelete'")];
  }
  if (rolling === undefined) return [];
  const out = nonNegative(rolling, 'partition', [...path, 'rollingUpdate']);
  // While MaxUnavailableStatefulSet is off (up to 1.36) the API server drops maxUnavailable.
  const maxUnavailable = rolling['maxUnavailable'];
  if (
    maxUnavailable !== undefined &&
    maxUnavailable !== null &&
    gateEnabled('MaxUnavailableStatefulSet', kubeVersion)
  ) {
    out.push(
      ...validateStatefulSetMaxUnavailable(maxUnavailable, [
        ...path,
        'rollingUpdate',
        'maxUnavailable',
      ]),
    );
  }
  return out;
}

/** Errors of a StatefulSet's spec. */
export function validateStatefulSetSpec(spec: JsonRecord, kubeVersion: string): FieldError[] {
  const path: FieldPath = ['spec'];
  const out: FieldError[] = [];
  const policy = stringAt(spec, 'podManagementPolicy') || 'OrderedReady';
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    out.push(
      invalid([...path, 'podManagementPolicy'], policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  }
  out.push(
    ...validateStatefulSetStrategy(recordAt(spec, 'updateStrategy') ?? {}, kubeVersion, [
      ...path,
      'updateStrategy',
    ]),
  );
  const retention = recordAt(spec, 'persistentVolumeClaimRetentionPolicy');
  for (const field of ['whenDeleted', 'whenScaled']) {
    const value = stringAt(retention, field) || 'Retain';
    if (retention !== undefined && value !== 'Retain' && value !== 'Delete') {
      out.push(
        notSupported([...path, 'persistentVolumeClaimRetentionPolicy', field], value, [
          'Retain',
          'Delete',
        ]),
      );
    }
  }
  const claims = Array.isArray(spec['volumeClaimTemplates'])
    ? (spec['volumeClaimTemplates'] as unknown[])
    : [];
  claims.forEach((claim, i) => {
    out.push(
      ...validatePersistentVolumeClaimSpec(recordAt(claim, 'spec') ?? {}, [
        ...path,
        'volumeClaimTemplates',
        i,
        'spec',
      ]),
    );
  });
  out.push(...nonNegative(spec, 'replicas', path), ...nonNegative(spec, 'minReadySeconds', path));
  const start = numberAt(recordAt(spec, 'ordinals'), 'start');
  if (start !== undefined && start < 0)
    out.push(invalid([...path, 'ordinals.start'], start, NEGATIVE));
  const serviceName = stringAt(spec, 'serviceName') ?? '';
  if (serviceName !== '') {
    out.push(...nameErrors(serviceName, [...path, 'serviceName']));
  }
  out.push(...validateStatefulSetTemplate(spec, claims, kubeVersion, path));
  out.push(...validateAlwaysRestart(spec, 'StatefulSet', path));
  return out;
}

function nameErrors(value: string, path: FieldPath): FieldError[] {
  return dnsLabel(value).map((m) => invalid(path, value, m));
}

/** The template of a StatefulSet, checked with its claim templates as volumes. */
function validateStatefulSetTemplate(
  spec: JsonRecord,
  claims: readonly unknown[],
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const template = recordAt(spec, 'template') ?? {};
  const podSpec = recordAt(template, 'spec') ?? {};
  const claimNames = claims.map((c) => stringAt(recordAt(c, 'metadata'), 'name') ?? '');
  const volumes = Array.isArray(podSpec['volumes']) ? (podSpec['volumes'] as unknown[]) : [];
  const merged = [
    ...claimNames.map((name) => ({ name, persistentVolumeClaim: { claimName: name } })),
    ...volumes.filter((v) => !claimNames.includes(stringAt(v, 'name') ?? '')),
  ];
  const rest: Record<string, unknown> = { ...podSpec };
  delete rest['hostname'];
  delete rest['subdomain'];
  const adjusted = { ...spec, template: { ...template, spec: { ...rest, volumes: merged } } };
  const out = validateSelectorAndTemplate(adjusted, 'statefulset', kubeVersion, path);
  return out;
}
