/**
 * Where a pod may run, as the API server validates it: tolerations, topology spread constraints,
 * node and pod (anti-)affinity, DNS settings and host aliases.
 */
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, duplicate, invalid, notSupported, required } from '../field-errors.js';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  labelValueProblems,
} from '../shared/name-rules.js';
import { NOT_POSITIVE, legacyIpProblems } from './pod-values.js';
import { regexError } from '../shared/name-rules.js';
import { gateEnabled, gateState } from '../shared/feature-gates.js';
import {
  setOperatorValueErrors,
  validateLabelName,
  validateLabelSelector,
} from '../shared/selector.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateToleration(
  toleration: unknown,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const key = stringAt(toleration, 'key') ?? '';
  const operator = stringAt(toleration, 'operator') ?? '';
  const value = stringAt(toleration, 'value') ?? '';
  const effect = stringAt(toleration, 'effect') ?? '';
  if (key !== '') out.push(...validateLabelName(key, [...path, 'key']));
  if (key === '' && operator !== 'Exists') {
    out.push(
      invalid(
        [...path, 'operator'],
        operator,
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    );
  }
  if (numberAt(toleration, 'tolerationSeconds') !== undefined && effect !== 'NoExecute') {
    out.push(
      invalid(
        [...path, 'effect'],
        effect,
        "effect must be 'NoExecute' when `tolerationSeconds` is set",
      ),
    );
  }
  if (operator === 'Equal' || operator === '') {
    const problems = labelValueProblems(value);
    if (problems.length > 0) out.push(invalid([...path, 'operator'], value, problems.join(';')));
  } else if (operator === 'Exists') {
    if (value !== '') {
      out.push(
        invalid([...path, 'operator'], value, "value must be empty when `operator` is 'Exists'"),
      );
    }
  } else if (
    (operator === 'Lt' || operator === 'Gt') &&
    gateState('TaintTolerationComparisonOperators', kubeVersion) === 'off'
  ) {
    // Declared but off (1.35 to 1.37): the operators are named, and refused.
    out.push(notSupported([...path, 'operator'], operator, ['Equal', 'Exists', 'Lt', 'Gt']));
  } else {
    out.push(notSupported([...path, 'operator'], operator, ['Equal', 'Exists']));
  }
  if (effect !== '' && !EFFECTS.includes(effect))
    out.push(notSupported([...path, 'effect'], effect, EFFECTS));
  return out;
}

/** Errors of `tolerations`. */
export function validateTolerations(
  tolerations: readonly unknown[],
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  return tolerations.flatMap((t, i) => validateToleration(t, kubeVersion, [...path, i]));
}

const SPREAD_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const INCLUSION_POLICIES = ['Honor', 'Ignore'];

function validateSpreadConstraint(
  constraint: JsonRecord,
  rest: readonly unknown[],
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const maxSkew = numberAt(constraint, 'maxSkew') ?? 0;
  if (maxSkew <= 0) out.push(invalid([...path, 'maxSkew'], maxSkew, NOT_POSITIVE));
  const topologyKey = stringAt(constraint, 'topologyKey') ?? '';
  if (topologyKey === '') out.push(required([...path, 'topologyKey'], 'can not be empty'));
  const action = stringAt(constraint, 'whenUnsatisfiable') ?? '';
  if (!SPREAD_ACTIONS.includes(action))
    out.push(notSupported([...path, 'whenUnsatisfiable'], action, SPREAD_ACTIONS));
  const repeated = rest.some(
    (other) =>
      stringAt(other, 'topologyKey') === topologyKey &&
      stringAt(other, 'whenUnsatisfiable') === action,
  );
  if (repeated) {
    out.push(
      duplicate([...path, '{topologyKey, whenUnsatisfiable}'], `{${topologyKey}, ${action}}`),
    );
  }
  const minDomains = numberAt(constraint, 'minDomains');
  if (minDomains !== undefined) {
    if (minDomains <= 0) out.push(invalid([...path, 'minDomains'], minDomains, NOT_POSITIVE));
    if (action !== 'DoNotSchedule') {
      out.push(
        invalid(
          [...path, 'minDomains'],
          minDomains,
          `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
        ),
      );
    }
  }
  for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
    const policy = stringAt(constraint, field);
    if (policy !== undefined && !INCLUSION_POLICIES.includes(policy)) {
      out.push(notSupported([...path, field], policy, INCLUSION_POLICIES));
    }
  }
  out.push(...validateLabelSelector(constraint['labelSelector'], [...path, 'labelSelector']));
  return out;
}

/** Errors of `topologySpreadConstraints`. */
export function validateTopologySpread(
  constraints: readonly unknown[],
  path: FieldPath,
): FieldError[] {
  return constraints.flatMap((c, i) =>
    validateSpreadConstraint(isRecord(c) ? c : {}, constraints.slice(i + 1), [...path, i]),
  );
}

function validateNodeRequirement(req: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const operator = stringAt(req, 'operator') ?? '';
  const values = arrayAt(req, 'values');
  const counted = setOperatorValueErrors(operator, values.length, path);
  if (counted !== undefined) out.push(...counted);
  else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) {
      out.push(
        required(
          [...path, 'values'],
          "must be specified single value when `operator` is 'Lt' or 'Gt'",
        ),
      );
    }
  } else out.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'));
  out.push(...validateLabelName(stringAt(req, 'key') ?? '', [...path, 'key']));
  return out;
}

function validateNodeTerm(term: unknown, path: FieldPath, checkValues: boolean): FieldError[] {
  const out: FieldError[] = [];
  arrayAt(term, 'matchExpressions').forEach((req, j) => {
    const at: FieldPath = [...path, 'matchExpressions', j];
    out.push(...validateNodeRequirement(req, at));
    if (!checkValues) return;
    arrayAt(req, 'values').forEach((v, k) => {
      if (typeof v === 'string')
        out.push(...labelValueProblems(v).map((m) => invalid([...at, 'values', k], v, m)));
    });
  });
  return out;
}

function validatePodAffinityTerm(term: unknown, path: FieldPath): FieldError[] {
  const out = validateLabelSelector(recordAt(term, 'labelSelector'), [...path, 'labelSelector']);
  out.push(
    ...validateLabelSelector(recordAt(term, 'namespaceSelector'), [...path, 'namespaceSelector']),
  );
  for (const ns of arrayAt(term, 'namespaces')) {
    if (typeof ns === 'string')
      out.push(...dns1123LabelProblems(ns).map((m) => invalid([...path, 'namespace'], ns, m)));
  }
  const topologyKey = stringAt(term, 'topologyKey') ?? '';
  if (topologyKey === '') out.push(required([...path, 'topologyKey'], 'can not be empty'));
  out.push(...validateLabelName(topologyKey, [...path, 'topologyKey']));
  return out;
}

function validateWeight(weight: number, path: FieldPath): FieldError[] {
  return weight <= 0 || weight > 100 ? [invalid(path, weight, 'must be in the range 1-100')] : [];
}

function validatePodAffinity(affinity: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  arrayAt(affinity, 'requiredDuringSchedulingIgnoredDuringExecution').forEach((term, i) => {
    out.push(
      ...validatePodAffinityTerm(term, [
        ...path,
        'requiredDuringSchedulingIgnoredDuringExecution',
        i,
      ]),
    );
  });
  arrayAt(affinity, 'preferredDuringSchedulingIgnoredDuringExecution').forEach((term, i) => {
    const at: FieldPath = [...path, 'preferredDuringSchedulingIgnoredDuringExecution', i];
    out.push(...validateWeight(numberAt(term, 'weight') ?? 0, [...at, 'weight']));
    out.push(
      ...validatePodAffinityTerm(recordAt(term, 'podAffinityTerm'), [...at, 'podAffinityTerm']),
    );
  });
  return out;
}

/** Errors of `affinity`. */
export function validateAffinity(affinity: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const node = recordAt(affinity, 'nodeAffinity');
  const nodePath: FieldPath = [...path, 'nodeAffinity'];
  const requiredTerms = recordAt(node, 'requiredDuringSchedulingIgnoredDuringExecution');
  if (requiredTerms !== undefined) {
    const termsPath: FieldPath = [
      ...nodePath,
      'requiredDuringSchedulingIgnoredDuringExecution',
      'nodeSelectorTerms',
    ];
    const terms = arrayAt(requiredTerms, 'nodeSelectorTerms');
    if (terms.length === 0)
      out.push(required(termsPath, 'must have at least one node selector term'));
    terms.forEach((term, i) => out.push(...validateNodeTerm(term, [...termsPath, i], true)));
  }
  arrayAt(node, 'preferredDuringSchedulingIgnoredDuringExecution').forEach((term, i) => {
    const at: FieldPath = [...nodePath, 'preferredDuringSchedulingIgnoredDuringExecution', i];
    out.push(...validateWeight(numberAt(term, 'weight') ?? 0, [...at, 'weight']));
    out.push(...validateNodeTerm(recordAt(term, 'preference'), [...at, 'preference'], false));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pod = recordAt(affinity, kind);
    if (pod !== undefined) out.push(...validatePodAffinity(pod, [...path, kind]));
  }
  return out;
}

/** Errors of `dnsConfig` given the pod's `dnsPolicy`. */
export function validateDnsConfig(
  config: JsonRecord | undefined,
  dnsPolicy: string,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  if (dnsPolicy === 'None') {
    if (config === undefined)
      return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arrayAt(config, 'nameservers').length === 0) {
      return [
        required(
          [...path, 'nameservers'],
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (config === undefined) return [];
  const out: FieldError[] = [];
  const nameservers = arrayAt(config, 'nameservers');
  if (nameservers.length > 3) {
    out.push(
      invalid([...path, 'nameservers'], nameservers, 'must not have more than 3 nameservers'),
    );
  }
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string')
      out.push(...legacyIpProblems(ns).map((m) => invalid([...path, 'nameservers', i], ns, m)));
  });
  const searches = arrayAt(config, 'searches').filter((s): s is string => typeof s === 'string');
  if (searches.length > 32) {
    out.push(invalid([...path, 'searches'], searches, 'must not have more than 32 search paths'));
  }
  if (searches.join(' ').length > 2048) {
    out.push(
      invalid(
        [...path, 'searches'],
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  // RelaxedDNSSearchValidation (on from 1.33) allows underscores and a lone `.`.
  const relaxed = gateEnabled('RelaxedDNSSearchValidation', kubeVersion);
  searches.forEach((search, i) => {
    if (relaxed && search === '.') return;
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    const problems = relaxed
      ? subdomainWithUnderscoreProblems(trimmed)
      : dns1123SubdomainProblems(trimmed);
    out.push(...problems.map((m) => invalid([...path, 'searches', i], trimmed, m)));
  });
  arrayAt(config, 'options').forEach((option, i) => {
    if ((stringAt(option, 'name') ?? '') === '')
      out.push(required([...path, 'options', i], 'must not be empty'));
  });
  return out;
}

/** Errors of `hostAliases`. */
export function validateHostAliases(aliases: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  aliases.forEach((alias, i) => {
    const ip = stringAt(alias, 'ip') ?? '';
    out.push(...legacyIpProblems(ip).map((m) => invalid([...path, i, 'ip'], ip, m)));
    arrayAt(alias, 'hostnames').forEach((host, j) => {
      if (typeof host !== 'string') return;
      out.push(
        ...dns1123SubdomainProblems(host).map((m) =>
          invalid([...path, i, 'hostnames', j], host, m),
        ),
      );
    });
  });
  return out;
}

const UNDERSCORE_LABEL_FMT = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const UNDERSCORE_SUBDOMAIN_FMT = `${UNDERSCORE_LABEL_FMT}(\\.${UNDERSCORE_LABEL_FMT})*`;
const UNDERSCORE_SUBDOMAIN = new RegExp(`^${UNDERSCORE_SUBDOMAIN_FMT}$`);

/** Problems of a DNS search domain, where the API server also allows underscores. */
function subdomainWithUnderscoreProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!UNDERSCORE_SUBDOMAIN.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        UNDERSCORE_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}
