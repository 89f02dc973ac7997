import { KprodError } from '../../errors.js';
import {
  arrayAt,
  isRecord,
  recordAt,
  recordsAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import type { KubeObject } from '../kube-api.js';

/**
 * What `kprod logs` reads: a target as typed (`deploy/web`, `node/n1`, `-l app=web`) and the
 * pod queries it stands for. Everything here is pure: the objects come from the caller.
 */

/** The kinds a logs target can name, plus a bare label selector. */
export type TargetKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'Service'
  | 'Ingress'
  | 'Node'
  | 'Pod'
  | 'Selector';

/** A parsed target. `name` is set for every kind but Selector, `selector` only for it. */
export interface LogTarget {
  kind: TargetKind;
  name?: string;
  selector?: string;
}

/** One pod list query; a pod is selected when it matches every part that is set. */
export interface PodQuery {
  labelSelector?: string;
  fieldSelector?: string;
}

const KINDS: Record<string, TargetKind> = {
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  job: 'Job',
  jobs: 'Job',
  svc: 'Service',
  service: 'Service',
  services: 'Service',
  ing: 'Ingress',
  ingress: 'Ingress',
  ingresses: 'Ingress',
  no: 'Node',
  node: 'Node',
  nodes: 'Node',
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
};

/** The API path pieces of the object a target names (none for Selector). */
export const TARGET_RESOURCES: Record<
  Exclude<TargetKind, 'Selector'>,
  { apiVersion: string; plural: string; short: string; namespaced: boolean }
> = {
  Deployment: { apiVersion: 'apps/v1', plural: 'deployments', short: 'deploy', namespaced: true },
  StatefulSet: { apiVersion: 'apps/v1', plural: 'statefulsets', short: 'sts', namespaced: true },
  DaemonSet: { apiVersion: 'apps/v1', plural: 'daemonsets', short: 'ds', namespaced: true },
  Job: { apiVersion: 'batch/v1', plural: 'jobs', short: 'job', namespaced: true },
  Service: { apiVersion: 'v1', plural: 'services', short: 'svc', namespaced: true },
  Ingress: {
    apiVersion: 'networking.k8s.io/v1',
    plural: 'ingresses',
    short: 'ing',
    namespaced: true,
  },
  Node: { apiVersion: 'v1', plural: 'nodes', short: 'node', namespaced: false },
  Pod: { apiVersion: 'v1', plural: 'pods', short: 'pod', namespaced: true },
};

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const USAGE = 'deploy/, sts/, ds/, job/, svc/, ing/, node/ or pod/NAME';

/**
 * Parses the positional target and `-l`: exactly one of the two. A bare NAME is a pod, as in
 * `kubectl logs NAME`.
 */
export function parseLogTarget(text: string | undefined, selector: string | undefined): LogTarget {
  if (text !== undefined && selector !== undefined) {
    throw new KprodError('LOGS_TARGET_INVALID', `give a target or -l SELECTOR, not both`, {
      hint: `Drop "${text}" or -l "${selector}".`,
    });
  }
  if (selector !== undefined) {
    if (selector.trim() === '') {
      throw new KprodError('LOGS_TARGET_INVALID', '-l needs a label selector, e.g. app=web');
    }
    return { kind: 'Selector', selector: selector.trim() };
  }
  if (text === undefined) {
    throw new KprodError('LOGS_TARGET_INVALID', `no target: expected ${USAGE}, or -l SELECTOR`);
  }
  const slash = text.indexOf('/');
  const kind = slash < 0 ? 'Pod' : KINDS[text.slice(0, slash).toLowerCase()];
  const name = text.slice(slash + 1);
  if (kind === undefined) {
    throw new KprodError(
      'LOGS_TARGET_INVALID',
      `"${text.slice(0, slash)}" in "${text}" is not a kind kprod logs reads: expected ${USAGE}`,
    );
  }
  if (!NAME.test(name)) {
    throw new KprodError(
      'LOGS_TARGET_INVALID',
      `"${name}" in "${text}" is not an object name (lower-case letters, digits, '-' and '.')`,
    );
  }
  return { kind, name };
}

/** `deploy/web` or `-l app=web`, for messages. */
export function formatLogTarget(target: LogTarget): string {
  if (target.kind === 'Selector') return `-l ${target.selector ?? ''}`;
  return `${TARGET_RESOURCES[target.kind].short}/${target.name ?? ''}`;
}

/**
 * Renders a `metav1.LabelSelector` in the query syntax (`app=web,tier in (a,b),!canary`).
 * Undefined when the selector cannot select by labels (absent, or an unknown operator).
 */
export function labelSelectorQuery(selector: unknown): string | undefined {
  if (!isRecord(selector)) return undefined;
  const terms = Object.entries(stringMapAt(selector, 'matchLabels')).map(([k, v]) => `${k}=${v}`);
  for (const e of arrayAt(selector, 'matchExpressions')) {
    const key = stringAt(e, 'key') ?? '';
    const values = arrayAt(e, 'values')
      .filter((v) => typeof v === 'string')
      .join(',');
    const operator = stringAt(e, 'operator');
    if (operator === 'In') terms.push(`${key} in (${values})`);
    else if (operator === 'NotIn') terms.push(`${key} notin (${values})`);
    else if (operator === 'Exists') terms.push(key);
    else if (operator === 'DoesNotExist') terms.push(`!${key}`);
    else return undefined;
  }
  return terms.join(',');
}

/** The query of a Service's `spec.selector` (a plain label map), or undefined when it has none. */
function serviceQuery(service: unknown): string | undefined {
  const entries = Object.entries(stringMapAt(recordAt(service, 'spec'), 'selector'));
  return entries.length === 0 ? undefined : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** The names of the Services an Ingress sends traffic to (default backend and every path). */
export function ingressServiceNames(ingress: KubeObject): string[] {
  const spec = recordAt(ingress, 'spec');
  const serviceName = (backend: unknown): string | undefined =>
    stringAt(recordAt(backend, 'service'), 'name');
  const names = [serviceName(recordAt(spec, 'defaultBackend'))];
  for (const rule of recordsAt(spec, 'rules')) {
    for (const path of recordsAt(recordAt(rule, 'http'), 'paths')) {
      names.push(serviceName(recordAt(path, 'backend')));
    }
  }
  return [...new Set(names.filter((n): n is string => n !== undefined && n !== ''))].sort();
}

/**
 * The pod queries of a target. `object` is the named object (unused for Node, Pod and Selector);
 * `services` holds the Ingress's backend Services that exist. A Service without a selector, or a
 * workload whose selector cannot be written as a query, is LOGS_TARGET_INVALID.
 */
export function podQueries(
  target: LogTarget,
  object: KubeObject | undefined,
  services: readonly KubeObject[] = [],
): PodQuery[] {
  const where = formatLogTarget(target);
  switch (target.kind) {
    case 'Selector':
      return [{ labelSelector: target.selector ?? '' }];
    case 'Pod':
      return [{ fieldSelector: `metadata.name=${target.name ?? ''}` }];
    case 'Node':
      return [{ fieldSelector: `spec.nodeName=${target.name ?? ''}` }];
    case 'Service': {
      const query = serviceQuery(object);
      if (query === undefined) {
        throw new KprodError(
          'LOGS_TARGET_INVALID',
          `${where} has no selector: its endpoints are set by hand, so no pods belong to it`,
          { hint: 'Name the workload behind it instead (deploy/NAME, sts/NAME).' },
        );
      }
      return [{ labelSelector: query }];
    }
    case 'Ingress': {
      const queries = services.flatMap((service) => {
        const query = serviceQuery(service);
        return query === undefined ? [] : [{ labelSelector: query }];
      });
      const unique = [...new Map(queries.map((q) => [q.labelSelector, q])).values()];
      if (unique.length === 0) {
        throw new KprodError(
          'LOGS_TARGET_INVALID',
          `${where} has no backend Service with a selector (backends: ${ingressServiceNames(object ?? {}).join(', ') || 'none'})`,
          { hint: 'Check the Ingress backends with `kubectl describe ing`.' },
        );
      }
      return unique;
    }
    default: {
      const query = labelSelectorQuery(recordAt(recordAt(object, 'spec'), 'selector'));
      if (query === undefined || query === '') {
        throw new KprodError(
          'LOGS_TARGET_INVALID',
          `${where} has no label selector kprod logs can use`,
        );
      }
      return [{ labelSelector: query }];
    }
  }
}
