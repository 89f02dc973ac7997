/**
 * The baseline checks of the Pod Security Standards on the host: host namespaces, hostPath
 * volumes, host ports, probe and lifecycle hosts, Windows HostProcess.
 */
import type { FieldPath } from '../../manifest/source-object.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  numberAt,
  recordAt,
  stringAt,
} from '../../kube/field-access.js';
import {
  type PssPod,
  type PssViolation,
  containerPath,
  containerPhrase,
  containerSecurityField,
  containersWhere,
  joinQuote,
  nameOfContainer,
  namesPhrase,
  pluralize,
  podSecurityContext,
  podSecurityField,
  securityContext,
  sorted,
} from './pod-spec.js';

/** hostNetwork, hostPID and hostIPC, named in that order as `hostNetwork=true`. */
export function hostNamespaces(pod: PssPod): PssViolation | undefined {
  const used = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => booleanAt(pod.spec, f) === true);
  const first = used[0];
  if (first === undefined) return undefined;
  return {
    reason: 'host namespaces',
    detail: used.map((f) => `${f}=true`).join(', '),
    field: ['spec', first],
  };
}

/** hostPath volumes (baseline; restrictedVolumes replaces it at restricted). */
export function hostPathVolumes(pod: PssPod): PssViolation | undefined {
  const volumes = arrayAt(pod.spec, 'volumes');
  const isHostPath = (v: unknown): boolean => recordAt(v, 'hostPath') !== undefined;
  const first = volumes.findIndex(isHostPath);
  if (first < 0) return undefined;
  const names = volumes.filter(isHostPath).map((v) => stringAt(v, 'name') ?? '');
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    field: ['spec', 'volumes', first, 'hostPath'],
  };
}

/** Container ports with a non-zero hostPort. */
export function hostPorts(pod: PssPod): PssViolation | undefined {
  const ports: string[] = [];
  const hostPortOf = (p: unknown): number => numberAt(p, 'hostPort') ?? 0;
  const containers = containersWhere(pod, (c) => {
    const used = arrayAt(c, 'ports')
      .map(hostPortOf)
      .filter((p) => p !== 0);
    ports.push(...used.map(String));
    return used.length > 0;
  });
  const first = containers[0];
  if (first === undefined) return undefined;
  const unique = sorted(ports);
  const index = arrayAt(first, 'ports').findIndex((p) => hostPortOf(p) !== 0);
  return {
    reason: 'hostPort',
    detail: `${containerPhrase(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    field: [...containerPath(pod, first), 'ports', index, 'hostPort'],
  };
}

/** Where probes and lifecycle handlers sit in a container, in the order the hosts are read. */
const HOST_HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const HOST_HANDLER_KINDS = ['httpGet', 'tcpSocket'] as const;

/** A `host` in probes and lifecycle handlers (from v1.34). */
export function hostProbesAndHostLifecycle(pod: PssPod): PssViolation | undefined {
  const hosts: string[] = [];
  const hostsOf = (handler: unknown): string[] =>
    HOST_HANDLER_KINDS.map((kind) => stringAt(recordAt(handler, kind), 'host') ?? '').filter(
      (h) => h !== '',
    );
  const bad = containersWhere(pod, (c) => {
    const lifecycle = recordAt(c, 'lifecycle');
    const found = [
      ...hostsOf(recordAt(c, 'livenessProbe')),
      ...hostsOf(recordAt(c, 'readinessProbe')),
      ...hostsOf(recordAt(c, 'startupProbe')),
      ...hostsOf(recordAt(lifecycle, 'postStart')),
      ...hostsOf(recordAt(lifecycle, 'preStop')),
    ];
    hosts.push(...found);
    return found.length > 0;
  });
  const firstVisited = bad[0];
  if (firstVisited === undefined) return undefined;
  const unique = sorted(hosts);
  const names = sorted(bad.map(nameOfContainer));
  // The message lists containers by name, so the first one named is the first by name.
  const first = bad.find((c) => nameOfContainer(c) === names[0]) ?? firstVisited;
  return {
    reason: 'probe or lifecycle host',
    detail: `${namesPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', unique.length)} ${joinQuote(unique)}`,
    field: [...containerPath(pod, first), ...firstHostField(first)],
  };
}

/** The path of the first non-empty probe or lifecycle `host` within a container. */
function firstHostField(container: JsonRecord): FieldPath {
  for (const handlerPath of HOST_HANDLERS) {
    let handler: unknown = container;
    for (const step of handlerPath) handler = recordAt(handler, step);
    for (const kind of HOST_HANDLER_KINDS) {
      if ((stringAt(recordAt(handler, kind), 'host') ?? '') !== '') {
        return [...handlerPath, kind, 'host'];
      }
    }
  }
  return [];
}

/** Windows hostProcess on the pod or a container. */
export function windowsHostProcess(pod: PssPod): PssViolation | undefined {
  const hostProcess = (ctx: JsonRecord | undefined): boolean =>
    booleanAt(recordAt(ctx, 'windowsOptions'), 'hostProcess') === true;
  const setters: string[] = [];
  let field: FieldPath | undefined;
  if (hostProcess(podSecurityContext(pod))) {
    setters.push('pod');
    field = podSecurityField('windowsOptions', 'hostProcess');
  }
  const bad = containersWhere(pod, (c) => hostProcess(securityContext(c)));
  const first = bad[0];
  if (first !== undefined) {
    setters.push(containerPhrase(bad));
    field ??= containerSecurityField(pod, first, 'windowsOptions', 'hostProcess');
  }
  if (field === undefined) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    field,
  };
}
