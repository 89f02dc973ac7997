import { KprodError } from '../../errors.js';
import { KubeApiError, type KubeClient, type KubeObject, resourcePath } from '../kube-api.js';
import type { PlannedObject } from './plan.js';
import { isRecord } from '../../kube/field-access.js';

/** What converging one object did. */
export type ConvergeOutcome = 'created' | 'unchanged' | 'updated' | 'replaced';

/**
 * True when every field `desired` sets has the same value in `actual`. Fields only `actual` has
 * are ignored: the API server adds defaults (finalizers, protocol, uid) that kprod never sets.
 */
export function coversDesired(actual: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((item, i) => coversDesired(actual[i], item))
    );
  }
  if (isRecord(desired)) {
    if (!isRecord(actual)) return false;
    return Object.entries(desired).every(([k, v]) => coversDesired(actual[k], v));
  }
  return actual === desired;
}

function omit(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/** The fields kprod owns on an object: everything but status, and metadata labels/annotations. */
function owned(object: KubeObject): KubeObject {
  const metadata = object.metadata;
  return {
    ...omit(object, ['apiVersion', 'kind', 'metadata', 'status']),
    metadata: {
      ...(metadata?.labels === undefined ? {} : { labels: metadata.labels }),
      ...(metadata?.annotations === undefined ? {} : { annotations: metadata.annotations }),
    },
  };
}

/**
 * The pure decision for an object that already exists: leave it, update it in place (kprod's
 * fields over the live object, keeping labels others added), or replace it when an immutable
 * field differs (a RoleBinding's roleRef).
 */
export function convergeDecision(
  existing: KubeObject,
  desired: KubeObject,
): { action: 'none' } | { action: 'update'; object: KubeObject } | { action: 'replace' } {
  if (coversDesired(existing, owned(desired))) return { action: 'none' };
  if (desired['roleRef'] !== undefined && !coversDesired(existing['roleRef'], desired['roleRef'])) {
    return { action: 'replace' };
  }
  const fields = omit(owned(desired), ['metadata']);
  return {
    action: 'update',
    object: {
      ...existing,
      ...fields,
      metadata: {
        ...existing.metadata,
        labels: { ...existing.metadata?.labels, ...desired.metadata?.labels },
        annotations: { ...existing.metadata?.annotations, ...desired.metadata?.annotations },
      },
    },
  };
}

function isStatus(error: unknown, status: number): error is KubeApiError {
  return error instanceof KubeApiError && error.status === status;
}

/** `kind/name` as kubectl prints it, e.g. `role.rbac.authorization.k8s.io/kprod-developer`. */
export function describeRef(planned: PlannedObject): string {
  const group = planned.ref.apiVersion.includes('/') ? planned.ref.apiVersion.split('/')[0] : '';
  const kind = (planned.object.kind ?? planned.ref.plural).toLowerCase();
  return `${kind}${group === '' || group === undefined ? '' : `.${group}`}/${planned.ref.name}`;
}

/**
 * Creates the object, or converges an existing one: create, 409 AlreadyExists, read, compare,
 * update (retrying a 409 Conflict from a concurrent writer) or replace. Never duplicates.
 */
export async function ensureObject(
  kube: KubeClient,
  planned: PlannedObject,
  signal?: AbortSignal,
): Promise<ConvergeOutcome> {
  const objectPath = resourcePath(planned.ref);
  const create = () =>
    kube.request({
      method: 'POST',
      path: resourcePath({ ...planned.ref, name: undefined }),
      body: planned.object,
      signal,
    });
  try {
    await create();
    return 'created';
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
  }
  for (let attempt = 1; ; attempt += 1) {
    const existing = await kube.getOrNull(objectPath, signal);
    if (existing === null) {
      // Deleted between our create and read: create again.
      await create();
      return 'created';
    }
    if (existing.metadata?.['deletionTimestamp'] !== undefined) {
      throw new KprodError('KUBE_CONFLICT', `${describeRef(planned)} is being deleted`, {
        hint: 'Wait until it is gone (`kubectl get` it), then re-run the command.',
      });
    }
    const decision = convergeDecision(existing, planned.object);
    if (decision.action === 'none') return 'unchanged';
    if (decision.action === 'replace') {
      await kube.request({ method: 'DELETE', path: objectPath, signal });
      await create();
      return 'replaced';
    }
    try {
      await kube.request({ method: 'PUT', path: objectPath, body: decision.object, signal });
      return 'updated';
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= 3) throw error;
    }
  }
}

/** Deletes an object if it exists; true when something was deleted. */
export async function deleteIfPresent(
  kube: KubeClient,
  path: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    await kube.request({ method: 'DELETE', path, signal });
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw error;
  }
}
