import type { KubeObject } from '../../kube-api.js';

/**
 * What every traffic provider shares: the objects it reads and writes on the cluster, and the
 * pure function that renders them at a canary weight. The loop reads the objects, renders, and
 * writes back only what changed, so setting the same weight twice is a no-op.
 */

/** The release a provider routes for, with deploy/'s names. */
export interface TrafficRelease {
  namespace: string;
  /** The release name: the stable Deployment and the main Service/Ingress/route. */
  name: string;
}

/** One object a provider reads (and possibly writes). */
export interface ProviderObjectRef {
  apiVersion: string;
  kind: string;
  /** Lower-case plural for the REST path. */
  plural: string;
  name: string;
}

/** A traffic provider: which objects, and how they look at a weight. */
export interface TrafficProviderSpec {
  refs(release: TrafficRelease): ProviderObjectRef[];
  /**
   * The objects to write for `weight` percent to the canary, given what `refs` found (null when
   * absent), in the same order. Raises RELEASE_TARGET_INVALID when the objects cannot be built.
   */
  render(release: TrafficRelease, weight: number, found: (KubeObject | null)[]): KubeObject[];
}

/** The header testers send to reach the canary whatever the weight, as in the guide. */
export const CANARY_HEADER = { name: 'test-version', value: 'v2' } as const;

const SERVER_FIELDS = new Set([
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
]);

/** A deep copy of an object without the server-managed metadata a create must not carry. */
export function cleanCopy(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  delete copy['status'];
  if (copy.metadata !== undefined) {
    copy.metadata = Object.fromEntries(
      Object.entries(copy.metadata).filter(([key]) => !SERVER_FIELDS.has(key)),
    );
  }
  return copy;
}
