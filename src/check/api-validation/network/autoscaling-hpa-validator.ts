/**
 * The HorizontalPodAutoscaler (autoscaling/v2) rules of the API server, after its defaults: an
 * absent minReplicas is 1, absent metrics are CPU at 80%, absent behavior rules are the defaults.
 */
import { arrayAt, isRecord, type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, notSupported, required } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { dns1123LabelProblems } from '../shared/name-rules.js';
import { pathSegmentNameProblems } from '../shared/network-names.js';
import { quantitySign } from '../shared/quantity.js';

const SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};
const FIELD_ORDER = ['object', 'external', 'pods', 'resource', 'containerResource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function validateReference(ref: unknown, path: FieldPath, allowEmptyGroup: boolean) {
  const errs: FieldError[] = [];
  for (const key of ['kind', 'name']) {
    const value = str(isRecord(ref) ? ref[key] : undefined);
    if (value === '') errs.push(required([...path, key]));
    for (const msg of pathSegmentNameProblems(value))
      errs.push(invalid([...path, key], value, msg));
  }
  const apiVersion = str(isRecord(ref) ? ref['apiVersion'] : undefined);
  const parts = apiVersion.split('/');
  if (parts.length > 2) {
    errs.push(
      invalid([...path, 'apiVersion'], apiVersion, `unexpected GroupVersion string: ${apiVersion}`),
    );
  } else if (!allowEmptyGroup && (parts.length === 1 || parts[0] === '') && apiVersion !== '/') {
    errs.push(invalid([...path, 'apiVersion'], apiVersion, 'apiVersion must specify API group'));
  }
  return errs;
}

function validateTarget(target: JsonRecord, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(target['type']);
  if (type === '') errs.push(required([...path, 'type'], 'must specify a metric target type'));
  if (!TARGET_TYPES.includes(type)) {
    errs.push(
      invalid([...path, 'type'], type, 'must be either Utilization, Value, or AverageValue'),
    );
  }
  for (const key of ['value', 'averageValue']) {
    const value = target[key];
    // A value that is no quantity never reaches validation: decoding refuses it.
    const sign = quantitySign(value);
    if (sign !== undefined && sign !== 1) {
      errs.push(invalid([...path, key], value, 'must be positive'));
    }
  }
  const utilization = target['averageUtilization'];
  if (typeof utilization === 'number' && utilization < 1) {
    errs.push(invalid([...path, 'averageUtilization'], utilization, 'must be greater than 0'));
  }
  return errs;
}

function validateMetricName(metric: unknown, path: FieldPath): FieldError[] {
  const name = str(isRecord(metric) ? metric['name'] : undefined);
  if (name === '') return [required([...path, 'name'], 'must specify a metric name')];
  return pathSegmentNameProblems(name).map((msg) => invalid([...path, 'name'], name, msg));
}

function validateSource(field: string, src: JsonRecord, path: FieldPath): FieldError[] {
  const target = recordAt(src, 'target') ?? {};
  const targetPath: FieldPath = [...path, 'target'];
  const errs: FieldError[] = [];
  const has = (key: string): boolean => target[key] != null;
  if (field === 'object' || field === 'external' || field === 'pods') {
    if (field === 'object')
      errs.push(...validateReference(src['describedObject'], [...path, 'describedObject'], true));
    errs.push(...validateMetricName(src['metric'], [...path, 'metric']));
    errs.push(...validateTarget(target, targetPath));
    if (field === 'pods') {
      if (!has('averageValue'))
        errs.push(
          required([...targetPath, 'averageValue'], 'must specify a positive target averageValue'),
        );
    } else if (!has('value') && !has('averageValue')) {
      const detail =
        field === 'object'
          ? 'must set either a target value or averageValue'
          : 'must set either a target value for metric or a per-pod target';
      errs.push(required([...targetPath, 'averageValue'], detail));
    }
    if (field === 'external' && has('value') && has('averageValue')) {
      errs.push(
        forbidden(
          [...targetPath, 'value'],
          'may not set both a target value for metric and a per-pod target',
        ),
      );
    }
    return errs;
  }
  const name = str(src['name']);
  if (name === '') errs.push(required([...path, 'name'], 'must specify a resource name'));
  if (field === 'containerResource') {
    const container = str(src['container']);
    if (container === '') errs.push(required([...path, 'container'], 'must specify a container'));
    for (const msg of container === '' ? [] : dns1123LabelProblems(container)) {
      errs.push(invalid([...path, 'container'], container, msg));
    }
  }
  errs.push(...validateTarget(target, targetPath));
  if (!has('averageUtilization') && !has('averageValue')) {
    errs.push(
      required(
        [...targetPath, 'averageUtilization'],
        'must set either a target raw value or a target utilization',
      ),
    );
  }
  if (has('averageUtilization') && has('averageValue')) {
    errs.push(
      forbidden(
        [...targetPath, 'averageValue'],
        'may not set both a target raw value and a target utilization',
      ),
    );
  }
  return errs;
}

function validateMetric(metric: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(metric)) return [];
  const errs: FieldError[] = [];
  const type = str(metric['type']);
  if (type === '') errs.push(required([...path, 'type'], 'must specify a metric source type'));
  // Go reports an unknown type twice: once by the set check, once by the switch.
  if (!SOURCE_TYPES.includes(type)) errs.push(notSupported([...path, 'type'], type, SOURCE_TYPES));
  const present = FIELD_ORDER.filter((field) => isRecord(metric[field]));
  const first = present[0];
  if (first !== undefined)
    errs.push(...validateSource(first, metric[first] as JsonRecord, [...path, first]));
  const expected = SOURCE_FIELDS[type];
  if (expected === undefined) {
    errs.push(notSupported([...path, 'type'], type, SOURCE_TYPES));
  } else if (!isRecord(metric[expected])) {
    errs.push(
      required([...path, expected], 'must populate information for the given metric source'),
    );
  }
  if (present.length !== 1) {
    for (const field of present) {
      if (field !== expected)
        errs.push(forbidden([...path, field], 'must populate the given metric source only'));
    }
  }
  return errs;
}

function validateRules(rules: unknown, path: FieldPath): FieldError[] {
  if (!isRecord(rules)) return [];
  const errs: FieldError[] = [];
  const window = rules['stabilizationWindowSeconds'];
  if (typeof window === 'number' && window < 0) {
    errs.push(
      invalid(
        [...path, 'stabilizationWindowSeconds'],
        window,
        'must be greater than or equal to zero',
      ),
    );
  }
  if (typeof window === 'number' && window > 3600) {
    errs.push(
      invalid(
        [...path, 'stabilizationWindowSeconds'],
        window,
        'must be less than or equal to 3600',
      ),
    );
  }
  const select = rules['selectPolicy'];
  if (typeof select === 'string' && !SELECT_POLICIES.includes(select)) {
    errs.push(notSupported([...path, 'selectPolicy'], select, SELECT_POLICIES));
  }
  const policies = rules['policies'];
  // Absent policies take the defaults; an empty list stays empty.
  if (Array.isArray(policies) && policies.length === 0) {
    errs.push(required([...path, 'policies'], 'must specify at least one Policy'));
  }
  arrayAt(rules, 'policies').forEach((policy, i) => {
    const at: FieldPath = [...path, 'policies', i];
    const type = str(isRecord(policy) ? policy['type'] : undefined);
    if (!POLICY_TYPES.includes(type)) errs.push(notSupported([...at, 'type'], type, POLICY_TYPES));
    const value = isRecord(policy) && typeof policy['value'] === 'number' ? policy['value'] : 0;
    if (value <= 0) errs.push(invalid([...at, 'value'], value, 'must be greater than zero'));
    const period =
      isRecord(policy) && typeof policy['periodSeconds'] === 'number' ? policy['periodSeconds'] : 0;
    if (period <= 0)
      errs.push(invalid([...at, 'periodSeconds'], period, 'must be greater than zero'));
    if (period > 1800)
      errs.push(invalid([...at, 'periodSeconds'], period, 'must be less than or equal to 1800'));
  });
  return errs;
}

/** Every rule of the HorizontalPodAutoscaler spec. */
export function validateHpa(object: JsonRecord): FieldError[] {
  const spec = recordAt(object, 'spec') ?? {};
  const errs: FieldError[] = [];
  const min = typeof spec['minReplicas'] === 'number' ? spec['minReplicas'] : 1;
  const max = typeof spec['maxReplicas'] === 'number' ? spec['maxReplicas'] : 0;
  if (min < 1)
    errs.push(invalid(['spec', 'minReplicas'], min, 'must be greater than or equal to 1'));
  if (max === 0) errs.push(required(['spec', 'maxReplicas'], 'must be set and greater than 0'));
  else if (max < 0)
    errs.push(invalid(['spec', 'maxReplicas'], max, 'must be greater than or equal to 1'));
  if (max < min)
    errs.push(
      invalid(['spec', 'maxReplicas'], max, 'must be greater than or equal to `minReplicas`'),
    );
  errs.push(
    ...validateReference(
      spec['scaleTargetRef'],
      ['spec', 'scaleTargetRef'],
      recordAt(spec, 'scaleTargetRef')?.['kind'] === 'ReplicationController',
    ),
  );
  const metrics = arrayAt(spec, 'metrics');
  // Scaling to zero needs an Object or External metric (absent metrics default to CPU).
  const scalesOnObjects = metrics.some(
    (m) => isRecord(m) && (m['type'] === 'Object' || m['type'] === 'External'),
  );
  if (min === 0 && !scalesOnObjects) {
    errs.push(
      forbidden(
        ['spec', 'metrics'],
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  }
  metrics.forEach((metric, i) => errs.push(...validateMetric(metric, ['spec', 'metrics', i])));
  const behavior = recordAt(spec, 'behavior');
  errs.push(...validateRules(behavior?.['scaleUp'], ['spec', 'behavior', 'scaleUp']));
  errs.push(...validateRules(behavior?.['scaleDown'], ['spec', 'behavior', 'scaleDown']));
  return errs;
}

/** The HorizontalPodAutoscaler validator (autoscaling/v2). */
export const HPA_VALIDATOR: KindValidator = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  validate: validateHpa,
};
