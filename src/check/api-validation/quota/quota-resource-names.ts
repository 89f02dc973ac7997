/**
 * Resource names and quantities as the API server's quota and limit-range validation reads them:
 * the standard names it knows, which of them count whole units, and the name rules of a quota's
 * `hard` keys and of a limit's resources (the core `helper` predicates and the
 * `validate*ResourceName` functions of the core validation).
 */
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid } from '../field-errors.js';
import { qualifiedNameProblems } from '../shared/name-rules.js';
import { type Quantity, formatQuantity } from '../shared/quantity.js';
import {
  CONTAINER_RESOURCES,
  INTEGER_RESOURCES,
  QUOTA_RESOURCES,
  STANDARD_RESOURCES,
  isExtendedResource,
  isHugePages,
  isNativeResource,
} from '../shared/resource-names.js';

function isQuotaHugePages(name: string): boolean {
  return isHugePages(name) || name.startsWith('requests.hugepages-');
}

/** A name the quota system tracks (`cpu`, `requests.memory`, `pods`, huge pages, …). */
export function isStandardQuotaResource(name: string): boolean {
  return QUOTA_RESOURCES.has(name) || isQuotaHugePages(name);
}

function isStandardResource(name: string): boolean {
  return STANDARD_RESOURCES.has(name) || isQuotaHugePages(name);
}

function isIntegerResource(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResource(name);
}

function isUnprefixed(name: string): boolean {
  return !name.includes('/');
}

/** Errors of any resource name: a qualified name, and a known one when it has no prefix. */
export function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const problems = qualifiedNameProblems(name);
  if (problems.length > 0) return problems.map((msg) => invalid(path, name, msg));
  if (isUnprefixed(name) && !isStandardResource(name)) {
    return [invalid(path, name, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

/** Errors of a container's (or a pod's limit-range) resource name. */
export function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  // The API server adds its own rule after the general one, whatever that one found.
  const out = validateResourceName(name, path);
  if (isUnprefixed(name)) {
    if (!CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      out.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    out.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return out;
}

/** Errors of a quota's `hard` key. */
export function validateQuotaResourceName(name: string, path: FieldPath): FieldError[] {
  const out = validateResourceName(name, path);
  if (isUnprefixed(name) && !isStandardQuotaResource(name)) {
    out.push(invalid(path, name, 'must be a standard resource for quota'));
  }
  return out;
}

const MILLI = 1_000_000n;

/** The quantity in thousandths, rounded up as the API server's `MilliValue` does. */
export function milliValue(q: Quantity): bigint {
  const m = q.nanos / MILLI;
  return q.nanos % MILLI > 0n ? m + 1n : m;
}

/** The quantity in whole units, rounded up as the API server's `Value` does. */
export function wholeValue(q: Quantity): bigint {
  const n = 1_000_000_000n;
  const v = q.nanos / n;
  return q.nanos % n > 0n ? v + 1n : v;
}

/** Errors of a quota's quantity: not negative, and whole for the counted resources. */
export function validateQuotaQuantity(name: string, q: Quantity, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const printed = formatQuantity(q);
  if (q.nanos < 0n) out.push(invalid(path, printed, 'must be greater than or equal to 0'));
  if (isIntegerResource(name) && milliValue(q) % 1000n !== 0n) {
    out.push(invalid(path, printed, 'must be an integer'));
  }
  return out;
}
