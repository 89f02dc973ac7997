/** The RBAC rules of the API server: Role, ClusterRole and their bindings. */
import { arrayAt, isRecord, type JsonRecord, recordAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported, required } from '../field-errors.js';
import type { KindValidator } from '../kind-validator.js';
import { dns1123SubdomainProblems } from '../shared/name-rules.js';
import { invalidPrinted } from '../shared/network-field-errors.js';
import { pathSegmentNameProblems } from '../shared/network-names.js';
import { validateLabelSelector } from '../shared/selector.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function validateRule(rule: unknown, namespaced: boolean, path: FieldPath): FieldError[] {
  if (!isRecord(rule)) return [];
  const errs: FieldError[] = [];
  if (arrayAt(rule, 'verbs').length === 0) {
    errs.push(required([...path, 'verbs'], 'verbs must contain at least one value'));
  }
  const urls = arrayAt(rule, 'nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced) {
      errs.push(
        invalid(
          [...path, 'nonResourceURLs'],
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    }
    const resourceRule = ['apiGroups', 'resources', 'resourceNames'].some(
      (key) => arrayAt(rule, key).length > 0,
    );
    if (resourceRule) {
      errs.push(
        invalid(
          [...path, 'nonResourceURLs'],
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errs;
  }
  if (arrayAt(rule, 'apiGroups').length === 0) {
    errs.push(
      required([...path, 'apiGroups'], 'resource rules must supply at least one api group'),
    );
  }
  if (arrayAt(rule, 'resources').length === 0) {
    errs.push(required([...path, 'resources'], 'resource rules must supply at least one resource'));
  }
  return errs;
}

function validateRules(object: JsonRecord, namespaced: boolean): FieldError[] {
  return arrayAt(object, 'rules').flatMap((rule, i) =>
    validateRule(rule, namespaced, ['rules', i]),
  );
}

function validateAggregation(object: JsonRecord): FieldError[] {
  const rule = recordAt(object, 'aggregationRule');
  if (rule === undefined) return [];
  const selectors = arrayAt(rule, 'clusterRoleSelectors');
  const path: FieldPath = ['aggregationRule', 'clusterRoleSelectors'];
  const errs: FieldError[] = [];
  if (selectors.length === 0) {
    errs.push(
      required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'),
    );
  }
  selectors.forEach((selector, i) => {
    const selectorErrs = validateLabelSelector(selector, [...path, i]);
    errs.push(...selectorErrs);
    // The API server also fails to convert such a selector, and says so once more.
    if (selectorErrs.length > 0)
      errs.push(invalidPrinted([...path, i], 'null', 'invalid label selector.'));
  });
  return errs;
}

function validateSubject(subject: unknown, namespaced: boolean, path: FieldPath): FieldError[] {
  if (!isRecord(subject)) return [];
  const errs: FieldError[] = [];
  const name = str(subject['name']);
  const kind = str(subject['kind']);
  const group = str(subject['apiGroup']);
  if (name === '') errs.push(required([...path, 'name']));
  if (kind === 'ServiceAccount') {
    for (const msg of name === '' ? [] : dns1123SubdomainProblems(name)) {
      errs.push(invalid([...path, 'name'], name, msg));
    }
    if (group !== '') errs.push(notSupported([...path, 'apiGroup'], group, ['']));
    if (!namespaced && str(subject['namespace']) === '')
      errs.push(required([...path, 'namespace']));
  } else if (kind === 'User' || kind === 'Group') {
    // The API server defaults an empty apiGroup of a User or Group to RBAC's.
    if (group !== '' && group !== RBAC_GROUP) {
      errs.push(notSupported([...path, 'apiGroup'], group, [RBAC_GROUP]));
    }
  } else {
    errs.push(notSupported([...path, 'kind'], kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(object: JsonRecord, namespaced: boolean): FieldError[] {
  const ref = recordAt(object, 'roleRef') ?? {};
  const errs: FieldError[] = [];
  // The API server defaults an empty roleRef apiGroup to RBAC's.
  const group = str(ref['apiGroup']) || RBAC_GROUP;
  if (group !== RBAC_GROUP) errs.push(notSupported(['roleRef', 'apiGroup'], group, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = str(ref['kind']);
  if (!kinds.includes(kind)) errs.push(notSupported(['roleRef', 'kind'], kind, kinds));
  const name = str(ref['name']);
  if (name === '') errs.push(required(['roleRef', 'name']));
  for (const msg of pathSegmentNameProblems(name))
    errs.push(invalid(['roleRef', 'name'], name, msg));
  arrayAt(object, 'subjects').forEach((subject, i) => {
    errs.push(...validateSubject(subject, namespaced, ['subjects', i]));
  });
  return errs;
}

/** The Role, ClusterRole, RoleBinding and ClusterRoleBinding validators. */
export const RBAC_VALIDATORS: readonly KindValidator[] = [
  { group: RBAC_GROUP, kind: 'Role', validate: (o) => validateRules(o, true) },
  {
    group: RBAC_GROUP,
    kind: 'ClusterRole',
    validate: (o) => [...validateRules(o, false), ...validateAggregation(o)],
  },
  { group: RBAC_GROUP, kind: 'RoleBinding', validate: (o) => validateBinding(o, true) },
  { group: RBAC_GROUP, kind: 'ClusterRoleBinding', validate: (o) => validateBinding(o, false) },
];
