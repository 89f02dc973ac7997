/**
 * A container's `resources` as the API server validates them: resource names, quantities that
 * are not negative (and whole for extended resources), requests not above limits, and equal for
 * resources that cannot be overcommitted. Limits without requests default the requests first.
 */
import { type JsonRecord, isRecord } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, atMapKey, forbidden, invalid, required } from '../field-errors.js';
import { qualifiedNameProblems } from '../shared/name-rules.js';
import {
  type Quantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
} from '../shared/quantity.js';
import {
  CONTAINER_RESOURCES,
  STANDARD_RESOURCES,
  isExtendedResource,
  isHugePages,
  isNativeResource,
  isOvercommitAllowed,
} from '../shared/resource-names.js';

/** Errors of a container resource name. */
function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const problems = qualifiedNameProblems(name);
  if (problems.length > 0) return problems.map((msg) => invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
      return [invalid(path, name, 'must be a standard resource type or fully qualified')];
    }
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      return [invalid(path, name, 'must be a standard resource for containers')];
    }
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    return [invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

function validateQuantity(name: string, q: Quantity, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (q.nanos < 0n)
    out.push(invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
  // Extended resources (and pods) count whole units.
  if ((isExtendedResource(name) || name === 'pods') && q.nanos % 1_000_000_000n !== 0n) {
    out.push(invalid(path, formatQuantity(q), 'must be an integer'));
  }
  return out;
}

/** One resource of `limits` or `requests` with its parsed quantity. */
interface ResourceQuantity {
  readonly name: string;
  readonly q: Quantity;
}

/** The resources of a map whose values are quantities, in the map's order. */
function quantities(map: unknown): ResourceQuantity[] {
  const out: ResourceQuantity[] = [];
  if (!isRecord(map)) return out;
  for (const name of Object.keys(map)) {
    const q = parseQuantity(map[name]);
    if (q !== undefined) out.push({ name, q });
  }
  return out;
}

function named(list: readonly ResourceQuantity[], name: string): ResourceQuantity | undefined {
  for (const item of list) if (item.name === name) return item;
  return undefined;
}

/**
 * The requests as validated: the API server defaults a missing request to its limit first, so
 * limits come first (each replaced by its request, if any), then requests without a limit.
 */
function defaultedRequests(
  limits: readonly ResourceQuantity[],
  requests: readonly ResourceQuantity[],
): readonly ResourceQuantity[] {
  if (requests.length === 0) return limits;
  const out: ResourceQuantity[] = [];
  for (const limit of limits) out.push(named(requests, limit.name) ?? limit);
  for (const request of requests) if (named(limits, request.name) === undefined) out.push(request);
  return out;
}

/** Errors of one resource of `path.field` (limits or requests), its name as a map key. */
function pushResourceErrors(
  out: FieldError[],
  resource: ResourceQuantity,
  path: FieldPath,
  field: 'limits' | 'requests',
): void {
  const { name, q } = resource;
  // cpu, memory and ephemeral-storage are valid container resource names and not extended ones:
  // only a negative quantity can be wrong (the common case, decided without building paths).
  if (CONTAINER_RESOURCES.has(name) && q.nanos >= 0n) return;
  const at: FieldPath = [...path, field, name];
  for (const error of validateResourceName(name, at)) out.push(atMapKey(error, path.length + 1));
  for (const error of validateQuantity(name, q, at)) out.push(atMapKey(error, path.length + 1));
}

/** Errors of a request against its limit (`limit` undefined when the resource has none). */
function requestAgainstLimit(
  request: ResourceQuantity,
  limit: ResourceQuantity | undefined,
  path: FieldPath,
): FieldError | undefined {
  const { name, q } = request;
  const overcommit = isOvercommitAllowed(name);
  if (limit === undefined) {
    return overcommit
      ? undefined
      : required([...path, 'limits'], 'Limit must be set for non overcommitable resources');
  }
  const cmp = compareQuantities(q, limit.q);
  if (cmp !== 0 && !overcommit) {
    return invalid(
      [...path, 'requests'],
      formatQuantity(q),
      `must be equal to ${name} limit of ${formatQuantity(limit.q)}`,
    );
  }
  if (cmp > 0) {
    return invalid(
      [...path, 'requests'],
      formatQuantity(q),
      `must be less than or equal to ${name} limit of ${formatQuantity(limit.q)}`,
    );
  }
  return undefined;
}

/** Errors of a container's `resources`. */
export function validateResources(resources: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const limits = quantities(resources['limits']);
  const requests = defaultedRequests(limits, quantities(resources['requests']));
  let computeOrMemory = false;
  let hugePages = false;
  for (const limit of limits) {
    pushResourceErrors(out, limit, path, 'limits');
    if (limit.name === 'cpu' || limit.name === 'memory') computeOrMemory = true;
    if (isHugePages(limit.name)) hugePages = true;
  }
  for (const request of requests) {
    pushResourceErrors(out, request, path, 'requests');
    const error = requestAgainstLimit(request, named(limits, request.name), path);
    if (error !== undefined) out.push(error);
    if (request.name === 'cpu' || request.name === 'memory') computeOrMemory = true;
    if (isHugePages(request.name)) hugePages = true;
  }
  if (hugePages && !computeOrMemory) out.push(forbidden(path, 'HugePages require cpu or memory'));
  return out;
}
