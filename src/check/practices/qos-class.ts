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

const QUANTITY =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** Quantities already parsed: manifests repeat the same few (`100m`, `128Mi`) in every object. */
const parsedQuantities = new Map<string, number | undefined>();

function parseQuantityText(text: string): number | undefined {
  const match = QUANTITY.exec(text.trim());
  if (match === null) return undefined;
  const base = Number(match[1]);
  const scale = match[2] !== undefined ? 10 ** Number(match[2].slice(1)) : SUFFIXES[match[3] ?? ''];
  if (scale === undefined) return undefined;
  return Math.round(base * scale * 1000);
}

/**
 * Parses a Kubernetes quantity (`100m`, `1.5Gi`, `2e3`, `64`) into milli-units, rounded, so sums
 * compare exactly. Undefined when the text is not a quantity.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (typeof value !== 'string') return undefined;
  if (parsedQuantities.has(value)) return parsedQuantities.get(value);
  const parsed = parseQuantityText(value);
  // Bounded: input full of distinct quantities starts the memo again rather than grow it.
  if (parsedQuantities.size >= 4096) parsedQuantities.clear();
  parsedQuantities.set(value, parsed);
  return parsed;
}

/** The resources of a QoS class, in the order they are summed. */
export const QOS_RESOURCES = ['cpu', 'memory'] as const;

/**
 * The request of resource `name` as the API server defaults it on create: the container's
 * request, else its limit.
 */
export function defaultedRequest(
  requests: JsonRecord | undefined,
  limits: JsonRecord | undefined,
  name: string,
): unknown {
  return requests !== undefined && Object.hasOwn(requests, name) ? requests[name] : limits?.[name];
}

/**
 * The QoS class Kubernetes gives a pod spec (pkg/apis/core/helper/qos): only CPU and memory count;
 * init and regular containers count, ephemeral ones do not; a limit without a request gets the
 * request defaulted to the limit, as the API server does on create. Guaranteed needs every
 * container to set both CPU and memory limits and the summed requests to equal the summed limits;
 * no request or limit at all is BestEffort; anything else is Burstable.
 */
export function podQosClass(spec: JsonRecord): QosClass {
  // Sums of the positive requests and limits per resource (0: none), in QOS_RESOURCES order.
  const requests = [0, 0];
  const limits = [0, 0];
  let guaranteed = true;
  for (const list of ['initContainers', 'containers']) {
    for (const container of arrayAt(spec, list)) {
      if (!isRecord(container)) continue;
      const resources = recordAt(container, 'resources');
      const containerLimits = recordAt(resources, 'limits');
      const containerRequests = recordAt(resources, 'requests');
      for (let i = 0; i < QOS_RESOURCES.length; i += 1) {
        const name = QOS_RESOURCES[i] ?? '';
        const request = parseQuantity(defaultedRequest(containerRequests, containerLimits, name));
        if (request !== undefined && request > 0) requests[i] = (requests[i] ?? 0) + request;
        const limit = parseQuantity(containerLimits?.[name]);
        if (limit !== undefined && limit > 0) limits[i] = (limits[i] ?? 0) + limit;
        else guaranteed = false;
      }
    }
  }
  const requested = requests.filter((sum) => sum > 0).length;
  const limited = limits.filter((sum) => sum > 0).length;
  if (requested === 0 && limited === 0) return 'BestEffort';
  if (guaranteed) {
    for (let i = 0; i < requests.length; i += 1) {
      if ((requests[i] ?? 0) > 0 && limits[i] !== requests[i]) guaranteed = false;
    }
  }
  return guaranteed && requested === limited ? 'Guaranteed' : 'Burstable';
}
