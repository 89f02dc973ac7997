import { parse } from 'yaml';
import { KprodError } from '../../errors.js';

/** `spec.hard` of a ResourceQuota: resource name to quantity. */
export type QuotaHard = Readonly<Record<string, string>>;

/**
 * Quota presets. `guide` holds exactly the values of the original onboarding script, and is the
 * default; `small` suits a trainee or a demo, `large` a developer running several services.
 */
export const QUOTA_PRESETS: Readonly<Record<string, QuotaHard>> = {
  guide: {
    'limits.cpu': '5',
    'limits.memory': '1Gi',
    'requests.cpu': '5',
    'requests.memory': '1Gi',
    'requests.storage': '2Gi',
    persistentvolumeclaims: '10',
    configmaps: '10',
    pods: '50',
    services: '10',
    'services.loadbalancers': '10',
    'services.nodeports': '5',
    secrets: '10',
  },
  small: {
    'limits.cpu': '2',
    'limits.memory': '1Gi',
    'requests.cpu': '1',
    'requests.memory': '512Mi',
    'requests.storage': '1Gi',
    persistentvolumeclaims: '2',
    configmaps: '10',
    pods: '10',
    services: '5',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
    secrets: '10',
  },
  large: {
    'limits.cpu': '16',
    'limits.memory': '16Gi',
    'requests.cpu': '8',
    'requests.memory': '8Gi',
    'requests.storage': '50Gi',
    persistentvolumeclaims: '20',
    configmaps: '50',
    pods: '100',
    services: '20',
    'services.loadbalancers': '2',
    'services.nodeports': '5',
    secrets: '50',
  },
};

/** A Kubernetes quantity: `5`, `500m`, `1.5`, `1Gi`, `2e3`. */
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[mkMGTPE]|[eE][-+]?\d+)?$/;
/** A quota resource name: `pods`, `requests.cpu`, `count/deployments.apps`, `hugepages-2Mi`. */
const RESOURCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

/** Looks up a preset; unknown names raise USER_QUOTA_INVALID listing the known ones. */
export function quotaPreset(name: string): QuotaHard {
  const preset = QUOTA_PRESETS[name];
  if (preset === undefined) {
    throw new KprodError(
      'USER_QUOTA_INVALID',
      `unknown --quota-preset "${name}"; known presets: ${Object.keys(QUOTA_PRESETS).join(', ')}`,
    );
  }
  return preset;
}

/**
 * Reads a quota file's text: either a map of resource names to quantities, or a ResourceQuota
 * (its `spec.hard` is used). Numbers are accepted and kept as their decimal text. Every problem
 * raises USER_QUOTA_INVALID naming the file and the entry.
 */
export function parseQuotaFile(text: string, file: string): QuotaHard {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new KprodError(
      'USER_QUOTA_INVALID',
      `${file}: not valid YAML: ${(error as Error).message}`,
    );
  }
  const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(doc)) {
    throw new KprodError('USER_QUOTA_INVALID', `${file}: expected a map of resource: quantity`);
  }
  const spec = doc['spec'];
  const hard = doc['kind'] === 'ResourceQuota' && isMap(spec) ? spec['hard'] : doc;
  if (!isMap(hard) || Object.keys(hard).length === 0) {
    throw new KprodError('USER_QUOTA_INVALID', `${file}: no quota entries found`);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(hard)) {
    const quantity = typeof value === 'number' ? String(value) : value;
    if (!RESOURCE_NAME.test(name)) {
      throw new KprodError('USER_QUOTA_INVALID', `${file}: "${name}" is not a resource name`);
    }
    if (typeof quantity !== 'string' || !QUANTITY.test(quantity)) {
      throw new KprodError(
        'USER_QUOTA_INVALID',
        `${file}: ${name}: ${JSON.stringify(value)} is not a quantity (e.g. "2", "500m", "1Gi")`,
      );
    }
    out[name] = quantity;
  }
  return out;
}
