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

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  ...STANDARD_CONTAINER,
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return qualifiedNameProblems(`requests.${name}`).length === 0;
}

/** Errors of a container resource name. */
function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const problems = qualifiedNameProblems(name);
  if (problems.length > 0) return problems.map((msg) => invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD.has(name) && !isHugePages(name)) {
      return [invalid(path, name, 'must be a standard resource type or fully qualified')];
    }
    if (!STANDARD_CONTAINER.has(name) && !isHugePages(name)) {
      return [invalid(path, name, 'must be a standard resource for containers')];
    }
  } else if (!isNative(name) && !isExtended(name)) {
    return [invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

function validateQuantity(name: string, q: Quantity, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (q.nanos < 0n)
    out.push(invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
  // Extended resources (and pods) count whole units.
  if ((isExtended(name) || name === 'pods') && q.nanos % 1_000_000_000n !== 0n) {
    out.push(invalid(path, formatQuantity(q), 'must be an integer'));
  }
  return out;
}

function quantities(map: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isRecord(map)) return out;
  for (const name of Object.keys(map)) {
    const q = parseQuantity(map[name]);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

/** Errors of one resource of `path.field` (limits or requests), its name as a map key. */
function pushResourceErrors(
  out: FieldError[],
  name: string,
  q: Quantity,
  path: FieldPath,
  field: 'limits' | 'requests',
): void {
  // cpu, memory and ephemeral-storage are valid container resource names and not extended ones:
  // only a negative quantity can be wrong (the common case, decided without building paths).
  if (STANDARD_CONTAINER.has(name) && q.nanos >= 0n) return;
  const at: FieldPath = [...path, field, name];
  for (const error of validateResourceName(name, at)) out.push(atMapKey(error, path.length + 1));
  for (const error of validateQuantity(name, q, at)) out.push(atMapKey(error, path.length + 1));
}

/** Errors of a container's `resources`. */
export function validateResources(resources: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const limits = quantities(resources['limits']);
  // The API server defaults a missing request to its limit before validating.
  const requests = new Map(limits);
  for (const [name, q] of quantities(resources['requests'])) requests.set(name, q);
  let computeOrMemory = false;
  let hugePages = false;
  for (const [name, q] of limits) {
    pushResourceErrors(out, name, q, path, 'limits');
    if (name === 'cpu' || name === 'memory') computeOrMemory = true;
    if (isHugePages(name)) hugePages = true;
  }
  for (const [name, q] of requests) {
    pushResourceErrors(out, name, q, path, 'requests');
    const limit = limits.get(name);
    const overcommit = isNative(name) && !isHugePages(name);
    if (limit !== undefined) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !overcommit) {
        out.push(
          invalid(
            [...path, 'requests'],
            formatQuantity(q),
            `must be equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      } else if (cmp > 0) {
        out.push(
          invalid(
            [...path, 'requests'],
            formatQuantity(q),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      }
    } else if (!overcommit) {
      out.push(required([...path, 'limits'], 'Limit must be set for non overcommitable resources'));
    }
    if (name === 'cpu' || name === 'memory') computeOrMemory = true;
    if (isHugePages(name)) hugePages = true;
  }
  if (hugePages && !computeOrMemory) out.push(forbidden(path, 'HugePages require cpu or memory'));
  return out;
}
