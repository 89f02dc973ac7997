/**
 * A pod spec and a pod template as the API server validates them (`ValidatePodSpec`,
 * `ValidatePodTemplateSpec`), after its defaulting: restartPolicy Always, dnsPolicy
 * ClusterFirst, a grace period of 30 s, host ports equal to container ports on the host network.
 */
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, forbidden, invalid, notSupported } from '../field-errors.js';
import {
  dns1123LabelProblems,
  dns1123SubdomainProblems,
  qualifiedNameProblems,
} from '../shared/name-rules.js';
import { validateAnnotations } from '../shared/object-meta.js';
import { type PodFacts, validateContainers, validateInitContainers } from './pod-containers.js';
import {
  validateAffinity,
  validateDnsConfig,
  validateHostAliases,
  validateTolerations,
  validateTopologySpread,
} from './pod-scheduling.js';
import { validatePodSecurityContext } from './pod-security-context.js';
import { inclusiveRange } from './pod-values.js';
import { validateVolumes } from './pod-volumes.js';
import { validateLabels } from '../shared/selector.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

/** The API server reports these in this order, the two label fields between the subdomains. */
const NAME_FIELDS = [
  ['serviceAccountName', dns1123SubdomainProblems],
  ['nodeName', dns1123SubdomainProblems],
  ['hostname', dns1123LabelProblems],
  ['subdomain', dns1123LabelProblems],
  ['priorityClassName', dns1123SubdomainProblems],
  ['runtimeClassName', dns1123SubdomainProblems],
] as const;

function validateHostNetworkPorts(spec: JsonRecord, isPod: boolean, path: FieldPath): FieldError[] {
  if (booleanAt(spec, 'hostNetwork') !== true) return [];
  const out: FieldError[] = [];
  arrayAt(spec, 'containers').forEach((container, i) => {
    arrayAt(container, 'ports').forEach((port, j) => {
      const containerPort = numberAt(port, 'containerPort') ?? 0;
      // The API server defaults an unset host port to the container port on the host network.
      const hostPort = numberAt(port, 'hostPort') || containerPort;
      if ((isPod || hostPort !== 0) && hostPort !== containerPort) {
        out.push(
          invalid(
            [...path, 'containers', i, 'ports', j, 'hostPort'],
            hostPort,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return out;
}

function validatePolicies(spec: JsonRecord, kubeVersion: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const restartPolicy = stringAt(spec, 'restartPolicy') ?? '';
  if (restartPolicy !== '' && !RESTART_POLICIES.includes(restartPolicy)) {
    out.push(notSupported([...path, 'restartPolicy'], restartPolicy, RESTART_POLICIES));
  }
  const dnsPolicy = stringAt(spec, 'dnsPolicy') ?? '';
  if (dnsPolicy !== '' && !DNS_POLICIES.includes(dnsPolicy)) {
    out.push(notSupported([...path, 'dnsPolicy'], dnsPolicy, DNS_POLICIES));
  }
  const dnsConfig = recordAt(spec, 'dnsConfig');
  // Without a config only the None policy has something to say.
  if (dnsConfig !== undefined || dnsPolicy === 'None') {
    out.push(...validateDnsConfig(dnsConfig, dnsPolicy, kubeVersion, [...path, 'dnsConfig']));
  }
  const preemption = stringAt(spec, 'preemptionPolicy');
  if (preemption !== undefined && preemption !== 'PreemptLowerPriority' && preemption !== 'Never') {
    out.push(
      notSupported([...path, 'preemptionPolicy'], preemption, ['PreemptLowerPriority', 'Never']),
    );
  }
  const deadline = numberAt(spec, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    out.push(invalid([...path, 'activeDeadlineSeconds'], deadline, inclusiveRange(1, MAX_INT32)));
  }
  return out;
}

function validateNames(spec: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  for (const [field, problems] of NAME_FIELDS) {
    const value = stringAt(spec, field) ?? '';
    if (value === '') continue;
    for (const m of problems(value)) out.push(invalid([...path, field], value, m));
  }
  arrayAt(spec, 'readinessGates').forEach((gate, i) => {
    const type = stringAt(gate, 'conditionType') ?? '';
    out.push(
      ...qualifiedNameProblems(type).map((m) =>
        invalid([...path, 'readinessGates', i, 'conditionType'], type, m),
      ),
    );
  });
  return out;
}

function validateSecurity(spec: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const context = recordAt(spec, 'securityContext');
  if (context !== undefined)
    out.push(...validatePodSecurityContext(context, [...path, 'securityContext']));
  if (booleanAt(spec, 'shareProcessNamespace') === true && booleanAt(spec, 'hostPID') === true) {
    out.push(
      invalid(
        [...path, 'securityContext', 'shareProcessNamespace'],
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  return out;
}

/** What pod spec validation needs besides the spec. */
export interface PodSpecOptions {
  readonly kubeVersion: string;
  /** A Pod itself (true) or a template of a workload (false). */
  readonly isPod: boolean;
}

/** Errors of a pod spec at `path`. */
export function validatePodSpec(
  spec: JsonRecord,
  options: PodSpecOptions,
  path: FieldPath,
): FieldError[] {
  const volumeList = arrayAt(spec, 'volumes');
  const volumes =
    volumeList.length === 0 ? undefined : validateVolumes(volumeList, [...path, 'volumes']);
  const securityContext = recordAt(spec, 'securityContext');
  const facts: PodFacts = {
    volumes: volumes?.names ?? NO_VOLUMES,
    gracePeriod: numberAt(spec, 'terminationGracePeriodSeconds') ?? 30,
    osName: stringAt(recordAt(spec, 'os'), 'name'),
    hostUsers: booleanAt(securityContext, 'hostUsers') ?? true,
    kubeVersion: options.kubeVersion,
  };
  const out = volumes?.errors ?? [];
  const containers = arrayAt(spec, 'containers');
  out.push(...validateContainers(containers, facts, [...path, 'containers']));
  // Absent lists and maps have nothing to report: their paths are not even made.
  const initContainers = arrayAt(spec, 'initContainers');
  if (initContainers.length > 0) {
    out.push(
      ...validateInitContainers(initContainers, containers, facts, [...path, 'initContainers']),
    );
  }
  out.push(...validateHostNetworkPorts(spec, options.isPod, path));
  out.push(...validatePolicies(spec, options.kubeVersion, path));
  const nodeSelector = spec['nodeSelector'];
  if (isRecord(nodeSelector)) out.push(...validateLabels(nodeSelector, [...path, 'nodeSelector']));
  out.push(...validateSecurity(spec, path));
  const affinity = spec['affinity'];
  if (isRecord(affinity)) out.push(...validateAffinity(affinity, [...path, 'affinity']));
  const spread = arrayAt(spec, 'topologySpreadConstraints');
  if (spread.length > 0) {
    out.push(...validateTopologySpread(spread, [...path, 'topologySpreadConstraints']));
  }
  out.push(...validateNames(spec, path));
  const tolerations = arrayAt(spec, 'tolerations');
  if (tolerations.length > 0) {
    out.push(...validateTolerations(tolerations, options.kubeVersion, [...path, 'tolerations']));
  }
  const aliases = arrayAt(spec, 'hostAliases');
  if (aliases.length > 0) out.push(...validateHostAliases(aliases, [...path, 'hostAliases']));
  return out;
}

const NO_VOLUMES: ReadonlySet<string> = new Set();

/**
 * Errors of a pod template at `path` (e.g. `spec.template`). The API server reports the
 * template's labels and annotations at `template.labels`, without `metadata`.
 */
export function validatePodTemplateSpec(
  template: JsonRecord,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const meta = recordAt(template, 'metadata');
  const out: FieldError[] = [];
  const labels = meta?.['labels'];
  if (isRecord(labels)) out.push(...validateLabels(labels, [...path, 'labels']));
  const annotations = meta?.['annotations'];
  if (isRecord(annotations)) {
    out.push(...validateAnnotations(annotations, [...path, 'annotations']));
  }
  const spec = recordAt(template, 'spec');
  out.push(...validatePodSpec(spec ?? {}, { kubeVersion, isPod: false }, [...path, 'spec']));
  if (arrayAt(spec, 'ephemeralContainers').length > 0) {
    out.push(
      forbidden(
        [...path, 'spec', 'ephemeralContainers'],
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return out;
}
