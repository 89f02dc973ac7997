import { type SourceObject, formatFieldPath, locateNearest } from '../../manifest/source-object.js';
import {
  type CheckInput,
  type Finding,
  type RuleDoc,
  type RuleFamily,
  findingFor,
} from '../finding.js';
import { presentPath, stringMapAt } from '../../kube/field-access.js';
import type { PssViolation } from './pod-spec.js';
import {
  type PssLevelVersion,
  formatLevelVersion,
  parsePssLevel,
  parsePssVersion,
} from './evaluate.js';
import { type PodTemplate, kindOf, nameOf, podTemplateOf } from '../pod-templates.js';
import { type Evaluation, ShapeEvaluations, type UnlabelledText } from './shape-evaluations.js';
import { hintForViolations } from './violation-hints.js';
import {
  PSS_BASELINE,
  PSS_RESTRICTED,
  PSS_NAMESPACE_LABELS,
  PSS_UNLABELLED_NAMESPACE,
} from './pod-security-rules.js';

const MODES = ['enforce', 'warn', 'audit'] as const;
type Mode = (typeof MODES)[number];

/** The policy of a namespace: one level+version per mode, and label errors found. */
export interface NamespacePolicy {
  readonly modes: Readonly<Record<Mode, PssLevelVersion>>;
  readonly errors: readonly string[];
  /** True when the labels include any `pod-security.kubernetes.io/` label. */
  readonly labelled: boolean;
}

const LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * Reads the PodSecurity labels of a namespace as the admission controller does: a mode without
 * a level label is `privileged`; without a version label, `latest`. An invalid level counts as
 * `restricted` and an invalid version as `latest` (the API server also refuses to create a
 * Namespace with such labels; `errors` says why).
 */
export function namespacePolicy(labels: Readonly<Record<string, string>>): NamespacePolicy {
  const errors: string[] = [];
  const modes = {} as Record<Mode, PssLevelVersion>;
  for (const mode of MODES) {
    const levelText = labels[LABEL_PREFIX + mode];
    const versionText = labels[`${LABEL_PREFIX}${mode}-version`];
    let level = levelText === undefined ? 'privileged' : parsePssLevel(levelText);
    if (level === undefined) {
      errors.push(
        `${LABEL_PREFIX}${mode}="${String(levelText)}" is not a level (privileged, baseline, restricted)`,
      );
      level = 'restricted';
    }
    let version = versionText ?? 'latest';
    if (parsePssVersion(version) === undefined) {
      errors.push(`${LABEL_PREFIX}${mode}-version="${version}" is not a version (latest or v1.N)`);
      version = 'latest';
    }
    modes[mode] = { level, version };
  }
  const labelled = Object.keys(labels).some((k) => k.startsWith(LABEL_PREFIX));
  return { modes, errors, labelled };
}

const SEVERITY: Readonly<Record<Mode, Finding['severity']>> = {
  enforce: 'error',
  warn: 'warning',
  audit: 'info',
};

function modeSentence(mode: Mode, kind: string, namespace: string): string {
  if (mode === 'enforce' && kind === 'Pod') {
    return `namespace "${namespace}" enforces this level: the API server rejects the Pod`;
  }
  if (mode === 'enforce') {
    return `namespace "${namespace}" enforces this level, which applies to Pods only: the API server accepts this ${kind} (it warns only if the warn label covers the violation), then every Pod its controller creates is rejected`;
  }
  if (mode === 'warn')
    return `namespace "${namespace}" warns at this level: kubectl prints this warning and the object is accepted`;
  return `namespace "${namespace}" audits at this level: the violation is only recorded in the audit log`;
}

function policySources(input: CheckInput): {
  byNamespace: Map<string, { policy: NamespacePolicy; source: SourceObject }>;
  assumed: NamespacePolicy | undefined;
} {
  const byNamespace = new Map<string, { policy: NamespacePolicy; source: SourceObject }>();
  for (const source of input.objects) {
    if (kindOf(source) !== 'Namespace' || source.object.apiVersion !== 'v1') continue;
    const labels = stringMapAt(source.object.metadata, 'labels');
    byNamespace.set(nameOf(source), { policy: namespacePolicy(labels), source });
  }
  const assumedLabels = input.options.namespaceLabels;
  return {
    byNamespace,
    assumed: assumedLabels === undefined ? undefined : namespacePolicy(assumedLabels),
  };
}

/** The minor of a `1.N` Kubernetes version; undefined for anything else. */
function kubeMinorOf(kubeVersion: string): number | undefined {
  const match = /^1\.(\d+)$/.exec(kubeVersion);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Evaluates every pod template against its namespace's Pod Security policy, as the API server
 * of `--kube-version` would (it knows no newer policy version than its own release).
 */
export function checkPodSecurity(input: CheckInput): Finding[] {
  return [...podSecurityFindings(input)];
}

/** The findings of {@link checkPodSecurity}, one at a time, as they are made. */
function* podSecurityFindings(input: CheckInput): Generator<Finding> {
  const { byNamespace, assumed } = policySources(input);
  for (const { policy, source } of byNamespace.values()) {
    for (const error of policy.errors) {
      yield findingFor(
        source,
        PSS_NAMESPACE_LABELS,
        `${error}; the API server refuses this Namespace`,
        'Use a level of privileged, baseline or restricted, and a version of latest or v1.N (for example v1.33).',
        ['metadata', 'labels'],
      );
    }
  }
  const { pssLevel, pssVersion, defaultNamespace, kubeVersion } = input.options;
  const evaluations = new ShapeEvaluations(kubeMinorOf(kubeVersion));
  for (const source of input.objects) {
    const template = podTemplateOf(source, defaultNamespace);
    if (template === undefined) continue;
    const pod = evaluations.pod(template);
    const kind = template.kind;
    if (pssLevel !== undefined) {
      const lv = { level: pssLevel, version: pssVersion ?? 'latest' };
      const { violations, text } = evaluations.evaluate(lv, pod);
      if (violations.length === 0) continue;
      const verb = kind === 'Pod' ? 'violates' : 'would violate';
      yield pssFinding(
        template,
        violations,
        pssLevel === 'baseline' ? PSS_BASELINE : PSS_RESTRICTED,
        `${verb} PodSecurity "${formatLevelVersion(lv)}": ${text} (level set by --pss-level)`,
      );
      continue;
    }
    const policy = byNamespace.get(template.namespace)?.policy ?? assumed;
    if (policy?.labelled !== true) {
      const ns = template.namespace;
      const text = evaluations.unlabelled(pod, ns, () =>
        unlabelledText(evaluations.evaluate(RESTRICTED_LATEST, pod), ns),
      );
      if (text !== undefined) {
        yield pssFinding(
          template,
          text.violations,
          PSS_UNLABELLED_NAMESPACE,
          text.message,
          undefined,
          text.hint,
        );
      }
      continue;
    }
    const seen = new Set<string>();
    for (const mode of MODES) {
      const lv = policy.modes[mode];
      if (lv.level === 'privileged') continue;
      const key = formatLevelVersion(lv);
      if (seen.has(key)) continue;
      seen.add(key);
      const { violations, text } = evaluations.evaluate(lv, pod);
      if (violations.length === 0) continue;
      const verb = mode === 'enforce' && kind === 'Pod' ? 'violates' : 'would violate';
      yield pssFinding(
        template,
        violations,
        lv.level === 'baseline' ? PSS_BASELINE : PSS_RESTRICTED,
        `${verb} PodSecurity "${key}": ${text}; ${modeSentence(mode, kind, template.namespace)}`,
        SEVERITY[mode],
      );
    }
  }
}

const RESTRICTED_LATEST: PssLevelVersion = { level: 'restricted', version: 'latest' };

/**
 * What `restricted`, the recommended level, would reject in a namespace without Pod Security
 * labels: there the API server enforces nothing, so a warning that says how to label it.
 */
function unlabelledText(evaluation: Evaluation, ns: string): UnlabelledText | undefined {
  const { violations, text } = evaluation;
  if (violations.length === 0) return undefined;
  return {
    violations,
    message: `would violate PodSecurity "${formatLevelVersion(RESTRICTED_LATEST)}": ${text}; namespace "${ns}" has no Pod Security labels, so the API server enforces nothing there, and restricted is the recommended level`,
    hint: `${hintForViolations(violations)} Then label the namespace: kubectl label ns ${ns} pod-security.kubernetes.io/enforce=restricted (or label it with the level it needs, such as enforce=baseline or enforce=privileged, to choose another).`,
  };
}

/**
 * The finding for a template's violations at one level: one finding with the API server's whole
 * message, pointing at the first failing field it names (or that field's deepest present
 * ancestor when the violation is that it is unset), on the nearest line the source knows.
 */
function pssFinding(
  template: PodTemplate,
  violations: readonly PssViolation[],
  rule: RuleDoc,
  message: string,
  severity?: Finding['severity'],
  hint = hintForViolations(violations),
): Finding {
  const { source } = template;
  const first = violations[0]?.field ?? ['spec'];
  const field = presentPath(source.object, [...template.path, ...first]);
  return {
    ...findingFor(source, rule, message, hint, undefined, severity),
    field: formatFieldPath(field),
    ...locateNearest(source, field),
  };
}

/** The Pod Security family. */
export const podSecurityFamily: RuleFamily = {
  name: 'pod-security',
  rules: [PSS_BASELINE, PSS_RESTRICTED, PSS_UNLABELLED_NAMESPACE, PSS_NAMESPACE_LABELS],
  check: podSecurityFindings,
};
