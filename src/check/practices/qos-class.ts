import { type JsonRecord, arrayAt, isRecord, recordAt } from '../../kube/field-access.js';

/** A pod's Quality of Service class, as the kubelet and `kubectl describe pod` show it. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * Parses a Kubernetes quantity (`100m`, `1.5Gi`, `2e3`, `64`) into milli-units, rounded, so sums
 * compare exactly. Undefined when the text is not a quantity.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (typeof value !== 'string') return undefined;
  const match =
    /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(
      value.trim(),
    );
  if (match === null) return undefined;
  const base = Number(match[1]);
  const scale = match[2] !== undefined ? 10 ** Number(match[2].slice(1)) : SUFFIXES[match[3] ?? ''];
  if (scale === undefined) return undefined;
  return Math.round(base * scale * 1000);
}

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/**
 * The QoS class Kubernetes gives a pod spec (pkg/apis/core/helper/qos): only CPU and memory count;
 * init and regular containers count, ephemeral ones do not; a limit without a request gets the
 * request defaulted to the limit, as the API server does on create. Guaranteed needs every
 * container to set both CPU and memory limits and the summed requests to equal the summed limits;
 * no request or limit at all is BestEffort; anything else is Burstable.
 */
export function podQosClass(spec: JsonRecord): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const containers = [...arrayAt(spec, 'initContainers'), ...arrayAt(spec, 'containers')];
  for (const container of containers) {
    if (!isRecord(container)) continue;
    const resources = recordAt(container, 'resources');
    const containerLimits = recordAt(resources, 'limits') ?? {};
    const containerRequests = { ...containerLimits, ...(recordAt(resources, 'requests') ?? {}) };
    for (const name of QOS_RESOURCES) {
      const request = parseQuantity(containerRequests[name]);
      if (request !== undefined && request > 0) {
        requests.set(name, (requests.get(name) ?? 0) + request);
      }
      const limit = parseQuantity(containerLimits[name]);
      if (limit !== undefined && limit > 0) limits.set(name, (limits.get(name) ?? 0) + limit);
      else guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, request] of requests) if (limits.get(name) !== request) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
