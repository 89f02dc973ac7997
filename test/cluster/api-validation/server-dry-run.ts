import { Agent, request } from 'node:https';
import { kubectlOk } from '../cluster.js';

/**
 * The API server's side of the API-validation differential: a create with `dryRun=All` and
 * `fieldValidation=Strict`, straight over HTTPS with the admin token of the test cluster, and
 * what the server answered (accepted, or refused with its Status causes).
 */

/** Where and how to reach the API server. */
export interface Api {
  readonly host: string;
  readonly port: number;
  readonly ca: Buffer;
  readonly token: string;
  readonly agent: Agent;
}

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

/** The API server of the admin kubeconfig, with a keep-alive agent of `sockets` connections. */
export async function apiFromKubeconfig(sockets: number): Promise<Api> {
  const config = JSON.parse(await kubectlOk(['config', 'view', '--raw', '-o', 'json'])) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const token = config.users[0]?.user.token;
  if (cluster === undefined || token === undefined) throw new Error('unexpected kubeconfig');
  const url = new URL(cluster.server);
  return {
    host: url.hostname,
    port: Number(url.port),
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
    token,
    agent: new Agent({ keepAlive: true, maxSockets: sockets }),
  };
}

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
  let parsed: { message?: unknown; reason?: unknown; details?: { causes?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return { verdict: 'other', status, message: text.slice(0, 500) };
  }
  const message = typeof parsed.message === 'string' ? parsed.message : text.slice(0, 500);
  // 422 Invalid is the validation code's refusal; 400 BadRequest is strict decoding (unknown or
  // duplicate fields, wrong types). Anything else (conflict, forbidden, …) is not a verdict.
  if (status !== 422 && status !== 400) return { verdict: 'other', status, message };
  const raw = Array.isArray(parsed.details?.causes) ? (parsed.details.causes as unknown[]) : [];
  const causes: Cause[] = raw.map((c) => {
    const cause = c as { field?: unknown; message?: unknown };
    return {
      field: typeof cause.field === 'string' ? cause.field : '',
      message: typeof cause.message === 'string' ? cause.message : '',
    };
  });
  return { verdict: 'reject', status, message, causes };
}

/** Creates `object` with dryRun=All and strict field validation; resolves to the verdict. */
export function dryRunCreate(
  api: Api,
  namespace: string,
  object: Readonly<Record<string, unknown>>,
  timeoutMs = 30_000,
): Promise<ServerAnswer> {
  const body = JSON.stringify(object);
  const path = `${collectionPath(object, namespace)}?dryRun=All&fieldValidation=Strict`;
  return new Promise<ServerAnswer>((resolve, reject) => {
    const req = request(
      {
        host: api.host,
        port: api.port,
        ca: api.ca,
        agent: api.agent,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > 2_000_000) req.destroy(new Error(`reply to ${path} over 2 MB`));
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(status === 201 ? { verdict: 'accept' } : refusal(status, text));
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`dry-run create timed out after ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `work` over `items` with at most `limit` in flight, results in the items' order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}
