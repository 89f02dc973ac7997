/**
 * Containers and init containers of a pod spec, as the API server validates them after
 * defaulting (protocol TCP, pull policy, termination message policy): names, images, ports,
 * environment, mounts, probes, lifecycle, resources and security context.
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
import {
  type FieldError,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../field-errors.js';
import { dns1123LabelProblems } from '../shared/name-rules.js';
import { validateEnv, validateEnvFrom } from './pod-env.js';
import { validateLifecycle, validateProbe } from './pod-probes.js';
import { validateResources } from './pod-resources.js';
import { validateSecurityContext } from './pod-security-context.js';
import { portNameProblems, portNumberProblems } from './pod-values.js';
import { gateEnabled, gateState } from '../shared/feature-gates.js';

/** What container validation needs to know about the pod around it. */
export interface PodFacts {
  readonly volumes: ReadonlySet<string>;
  readonly gracePeriod: number | undefined;
  readonly osName: string | undefined;
  readonly hostUsers: boolean;
  readonly kubeVersion: string;
}

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ports: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set<string>();
  // Paths are made only for the errors found: most ports have none.
  ports.forEach((port, i) => {
    const name = stringAt(port, 'name') ?? '';
    if (name !== '') {
      const problems = portNameProblems(name);
      if (problems.length > 0) {
        for (const m of problems) out.push(invalid([...path, i, 'name'], name, m));
      } else if (names.has(name)) out.push(duplicate([...path, i, 'name'], name));
      else names.add(name);
    }
    const containerPort = numberAt(port, 'containerPort') ?? 0;
    if (containerPort === 0) out.push(required([...path, i, 'containerPort']));
    else {
      for (const m of portNumberProblems(containerPort)) {
        out.push(invalid([...path, i, 'containerPort'], containerPort, m));
      }
    }
    const hostPort = numberAt(port, 'hostPort') ?? 0;
    if (hostPort !== 0) {
      for (const m of portNumberProblems(hostPort)) {
        out.push(invalid([...path, i, 'hostPort'], hostPort, m));
      }
    }
    const protocol = stringAt(port, 'protocol') ?? '';
    if (protocol !== '' && !PROTOCOLS.includes(protocol)) {
      out.push(notSupported([...path, i, 'protocol'], protocol, PROTOCOLS));
    }
  });
  return out;
}

/** Duplicate host ports (protocol/hostIP/port) among `containers`. */
export function hostPortConflicts(containers: readonly unknown[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((container, ci) => {
    arrayAt(container, 'ports').forEach((port, pi) => {
      const hostPort = numberAt(port, 'hostPort') ?? 0;
      if (hostPort === 0) return;
      const key = `${stringAt(port, 'protocol') || 'TCP'}/${stringAt(port, 'hostIP') ?? ''}/${hostPort}`;
      if (seen.has(key)) out.push(duplicate([...path, ci, 'ports', pi, 'hostPort'], key));
      else seen.add(key);
    });
  });
  return out;
}

function validateDescendingPath(value: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (value.startsWith('/')) out.push(invalid(path, value, 'must be a relative path'));
  if (value.split('/').includes('..')) out.push(invalid(path, value, "must not contain '..'"));
  return out;
}

function validateVolumeMounts(
  mounts: readonly unknown[],
  volumes: ReadonlySet<string>,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((mount, i) => {
    const at: FieldPath = [...path, i];
    const name = stringAt(mount, 'name') ?? '';
    const mountPath = stringAt(mount, 'mountPath') ?? '';
    if (name === '') out.push(required([...at, 'name']));
    if (!volumes.has(name))
      out.push({ path: [...at, 'name'], type: 'notFound', value: name, detail: '' });
    if (mountPath === '') out.push(required([...at, 'mountPath']));
    if (paths.has(mountPath)) out.push(invalid([...at, 'mountPath'], mountPath, 'must be unique'));
    paths.add(mountPath);
    const subPath = stringAt(mount, 'subPath') ?? '';
    const subPathExpr = stringAt(mount, 'subPathExpr') ?? '';
    // The API server reports these two at the list's path, not the item's.
    if (subPath !== '') out.push(...validateDescendingPath(subPath, [...path, 'subPath']));
    if (subPathExpr !== '') {
      if (subPath !== '') {
        out.push(
          invalid(
            [...at, 'subPathExpr'],
            subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      out.push(...validateDescendingPath(subPathExpr, [...path, 'subPathExpr']));
    }
  });
  return out;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

/** The checks every kind of container gets. */
function validateContainerCommon(
  container: JsonRecord,
  facts: PodFacts,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const name = stringAt(container, 'name') ?? '';
  if (name === '') out.push(required([...path, 'name']));
  else out.push(...dns1123LabelProblems(name).map((m) => invalid([...path, 'name'], name, m)));
  if ((stringAt(container, 'image') ?? '') === '') out.push(required([...path, 'image']));
  const messagePolicy = stringAt(container, 'terminationMessagePolicy') ?? '';
  if (messagePolicy !== '' && !MESSAGE_POLICIES.includes(messagePolicy)) {
    out.push(notSupported([...path, 'terminationMessagePolicy'], messagePolicy, MESSAGE_POLICIES));
  }
  // Absent lists have nothing to report: their paths are not even made.
  const ports = arrayAt(container, 'ports');
  if (ports.length > 0) out.push(...validatePorts(ports, [...path, 'ports']));
  const env = arrayAt(container, 'env');
  if (env.length > 0) out.push(...validateEnv(env, facts.kubeVersion, [...path, 'env']));
  const envFrom = arrayAt(container, 'envFrom');
  if (envFrom.length > 0) {
    out.push(...validateEnvFrom(envFrom, facts.kubeVersion, [...path, 'envFrom']));
  }
  const mounts = arrayAt(container, 'volumeMounts');
  if (mounts.length > 0) {
    out.push(...validateVolumeMounts(mounts, facts.volumes, [...path, 'volumeMounts']));
  }
  const pullPolicy = stringAt(container, 'imagePullPolicy') ?? '';
  if (pullPolicy !== '' && !PULL_POLICIES.includes(pullPolicy)) {
    out.push(notSupported([...path, 'imagePullPolicy'], pullPolicy, PULL_POLICIES));
  }
  const resources = recordAt(container, 'resources');
  if (resources !== undefined) out.push(...validateResources(resources, [...path, 'resources']));
  const securityContext = recordAt(container, 'securityContext');
  if (securityContext !== undefined) {
    out.push(
      ...validateSecurityContext(securityContext, facts.hostUsers, [...path, 'securityContext']),
    );
  }
  return out;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function validateProbesAndLifecycle(
  container: JsonRecord,
  facts: PodFacts,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const lifecycle = recordAt(container, 'lifecycle');
  if (lifecycle !== undefined) {
    out.push(...validateLifecycle(lifecycle, facts.gracePeriod, [...path, 'lifecycle']));
  }
  for (const kind of PROBES) {
    const probe = recordAt(container, kind);
    if (probe !== undefined)
      out.push(...validateProbe(probe, kind, facts.gracePeriod, [...path, kind]));
  }
  return out;
}

/** Errors of `containers` (at least one; unique names; host ports not shared). */
export function validateContainers(
  containers: readonly unknown[],
  facts: PodFacts,
  path: FieldPath,
): FieldError[] {
  if (containers.length === 0) return [required(path)];
  const out: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((item, i) => {
    const container = isRecord(item) ? item : {};
    const at: FieldPath = [...path, i];
    out.push(...validateContainerCommon(container, facts, at));
    const name = stringAt(container, 'name') ?? '';
    if (names.has(name)) out.push(duplicate([...at, 'name'], name));
    else names.add(name);
    out.push(...validateProbesAndLifecycle(container, facts, at));
    if (container['restartPolicy'] !== undefined && container['restartPolicy'] !== null) {
      out.push(...validateRegularRestartPolicy(container, facts.kubeVersion, at));
    }
  });
  out.push(...hostPortConflicts(containers, path));
  return out;
}

/**
 * A regular container's own restartPolicy: forbidden before ContainerRestartRules existed (1.33
 * and earlier), dropped by the API server while the gate is off (1.34), one of the container
 * policies once it is on (1.35 and later).
 */
function validateRegularRestartPolicy(
  container: JsonRecord,
  kubeVersion: string,
  path: FieldPath,
): FieldError[] {
  const gate = gateState('ContainerRestartRules', kubeVersion);
  if (gate === 'undeclared') {
    return [forbidden([...path, 'restartPolicy'], 'may not be set for non-init containers')];
  }
  if (gate === 'off') return [];
  const policy = container['restartPolicy'];
  if (typeof policy === 'string' && !CONTAINER_RESTART_POLICIES.includes(policy)) {
    return [notSupported([...path, 'restartPolicy'], policy, CONTAINER_RESTART_POLICIES)];
  }
  return [];
}

const CONTAINER_RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];

/**
 * An init container's restartPolicy as validated: with ContainerRestartRules off (1.34) the API
 * server drops all but Always.
 */
function initRestartPolicy(policy: unknown, kubeVersion: string): unknown {
  const dropped = gateState('ContainerRestartRules', kubeVersion) === 'off' && policy !== 'Always';
  return dropped ? undefined : policy;
}

/** What an init container may say: only Always (sidecars) until ContainerRestartRules is on. */
function initRestartPolicies(kubeVersion: string): string[] {
  return gateEnabled('ContainerRestartRules', kubeVersion)
    ? CONTAINER_RESTART_POLICIES
    : ['Always'];
}
const NOT_SIDECAR = 'may not be set for init containers without restartPolicy=Always';

/** Errors of `initContainers`: names unique among all containers; probes only for sidecars. */
export function validateInitContainers(
  initContainers: readonly unknown[],
  containers: readonly unknown[],
  facts: PodFacts,
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set(containers.map((c) => stringAt(c, 'name') ?? ''));
  initContainers.forEach((item, i) => {
    const container = isRecord(item) ? item : {};
    const at: FieldPath = [...path, i];
    out.push(...validateContainerCommon(container, facts, at));
    const policy = initRestartPolicy(container['restartPolicy'], facts.kubeVersion);
    const allowed = initRestartPolicies(facts.kubeVersion);
    if (typeof policy === 'string' && !allowed.includes(policy)) {
      out.push(notSupported([...at, 'restartPolicy'], policy, allowed));
    }
    const name = stringAt(container, 'name') ?? '';
    if (names.has(name)) out.push(duplicate([...at, 'name'], name));
    else if (name !== '') names.add(name);
    out.push(...hostPortConflicts([container], path));
    if (policy === 'Always') out.push(...validateProbesAndLifecycle(container, facts, at));
    else {
      for (const field of ['lifecycle', ...PROBES]) {
        if (isRecord(container[field])) out.push(forbidden([...at, field], NOT_SIDECAR));
      }
    }
  });
  return out;
}

/** A Pod's own check (not its templates'): images without surrounding whitespace. */
export function validateImagesOnlyForPod(
  containers: readonly unknown[],
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  containers.forEach((container, i) => {
    const image = stringAt(container, 'image') ?? '';
    if (image.trim() !== image) {
      out.push(
        invalid([...path, i, 'image'], image, 'must not have leading or trailing whitespace'),
      );
    }
  });
  return out;
}
