import { arrayAt, recordAt, stringAt } from '../../../src/kube/field-access.js';
import { type Api, dryRunPost } from '../admin-api.js';

/**
 * The API server's side of the API-validation differential: a create with `dryRun=All` and
 * `fieldValidation=Strict`, straight over HTTPS with the admin token of the test cluster, and
 * what the server answered (accepted, or refused with its Status causes).
 */

/** One cause of a refusal, as in the Status the API server returns. */
export interface Cause {
  readonly field: string;
  readonly message: string;
}

/** What the API server answered to one create. */
export type ServerAnswer =
  | { readonly verdict: 'accept' }
  | {
      readonly verdict: 'reject';
      readonly status: number;
      readonly message: string;
      readonly causes: readonly Cause[];
    }
  /** Neither a validation verdict nor a success: conflict, forbidden, server error, … */
  | { readonly verdict: 'other'; readonly status: number; readonly message: string };

/** Resource (plural) and scope of every kind the differential sends. */
const RESOURCES: Readonly<Record<string, { plural: string; namespaced: boolean }>> = {
  Pod: { plural: 'pods', namespaced: true },
  PodTemplate: { plural: 'podtemplates', namespaced: true },
  ReplicationController: { plural: 'replicationcontrollers', namespaced: true },
  Service: { plural: 'services', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  ServiceAccount: { plural: 'serviceaccounts', namespaced: true },
  PersistentVolumeClaim: { plural: 'persistentvolumeclaims', namespaced: true },
  ResourceQuota: { plural: 'resourcequotas', namespaced: true },
  LimitRange: { plural: 'limitranges', namespaced: true },
  Namespace: { plural: 'namespaces', namespaced: false },
  Deployment: { plural: 'deployments', namespaced: true },
  ReplicaSet: { plural: 'replicasets', namespaced: true },
  StatefulSet: { plural: 'statefulsets', namespaced: true },
  DaemonSet: { plural: 'daemonsets', namespaced: true },
  Job: { plural: 'jobs', namespaced: true },
  CronJob: { plural: 'cronjobs', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
  IngressClass: { plural: 'ingressclasses', namespaced: false },
  NetworkPolicy: { plural: 'networkpolicies', namespaced: true },
  HorizontalPodAutoscaler: { plural: 'horizontalpodautoscalers', namespaced: true },
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', namespaced: true },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  PriorityClass: { plural: 'priorityclasses', namespaced: false },
};

/** The collection URL path to create `object` in (`namespace` for namespaced kinds). */
export function collectionPath(object: Readonly<Record<string, unknown>>, namespace: string) {
  const apiVersion = String(object['apiVersion']);
  const kind = String(object['kind']);
  const resource = RESOURCES[kind];
  if (resource === undefined) {
    throw new Error(`the differential knows no resource for kind ${kind}: add it to RESOURCES`);
  }
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const scope = resource.namespaced ? `/namespaces/${namespace}` : '';
  return `${base}${scope}/${resource.plural}`;
}

/** True when objects of the kind live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return RESOURCES[kind]?.namespaced ?? true;
}

/** Reads a refusal's Status: its message and causes (field + message each). */
function refusal(status: number, text: string): ServerAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { verdict: 'other', status, message: text.slice(0, 500) };
  }
  const message = stringAt(parsed, 'message') ?? text.slice(0, 500);
  // 422 Invalid is the validation code's refusal; 400 BadRequest is strict decoding (unknown or
  // duplicate fields, wrong types). Anything else (conflict, forbidden, …) is not a verdict.
  if (status !== 422 && status !== 400) return { verdict: 'other', status, message };
  const causes: Cause[] = arrayAt(recordAt(parsed, 'details'), 'causes').map((cause) => ({
    field: stringAt(cause, 'field') ?? '',
    message: stringAt(cause, 'message') ?? '',
  }));
  return { verdict: 'reject', status, message, causes };
}

/** Creates `object` with dryRun=All and strict field validation; resolves to the verdict. */
export async function dryRunCreate(
  api: Api,
  namespace: string,
  object: Readonly<Record<string, unknown>>,
  timeoutMs = 30_000,
): Promise<ServerAnswer> {
  const { status, text } = await dryRunPost(
    api,
    collectionPath(object, namespace),
    object,
    timeoutMs,
  );
  return status === 201 ? { verdict: 'accept' } : refusal(status, text);
}
