/**
 * The resource names the API server knows, as its core `helper` predicates tell them apart: the
 * standard names, which of them count whole units, huge pages, native and extended resources.
 * Read by container resources (pod/) and by quotas and limit ranges (quota/).
 */
import { qualifiedNameProblems } from './name-rules.js';

/** The standard resources of a container. */
export const CONTAINER_RESOURCES: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
]);

/** Names whose quantities count objects, so only whole numbers make sense. */
export const INTEGER_RESOURCES: ReadonlySet<string> = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

/** What a quota may limit, besides huge pages. */
export const QUOTA_RESOURCES: ReadonlySet<string> = new Set([
  ...CONTAINER_RESOURCES,
  ...INTEGER_RESOURCES,
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

/** Every unprefixed name the API server knows: the quota names and `storage`. */
export const STANDARD_RESOURCES: ReadonlySet<string> = new Set([...QUOTA_RESOURCES, 'storage']);

/** `hugepages-2Mi`: a container's huge pages. */
export function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** In the `kubernetes.io/` namespace, which unprefixed names are. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** A device plugin's resource (`example.com/gpu`): prefixed, not native, no `requests.`. */
export function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return qualifiedNameProblems(`requests.${name}`).length === 0;
}

/** Resources whose request must equal their limit: extended resources and huge pages. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}
