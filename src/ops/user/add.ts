import { X509Certificate } from 'node:crypto';
import { KprodError, isKprodError } from '../../errors.js';
import { type KubeClient, resourcePath } from '../kube-api.js';
import { kubeconfigContextName, renderKubeconfig } from './kubeconfig-render.js';
import { type ConvergeOutcome, deleteIfPresent, describeRef, ensureObject } from './converge.js';
import { type CredentialOptions, issueCredentials } from './credentials.js';
import { writeUserFiles } from './files.js';
import type { UserPlan } from './plan.js';

/** Where the developer's kubeconfig points: cluster name, API server URL, CA certificate PEM. */
export interface ClusterEndpoint {
  readonly clusterName: string;
  readonly server: string;
  readonly caPem: string;
}

/**
 * Picks the endpoint for a developer kubeconfig: `--server`/`--ca` when given, otherwise the
 * admin context's server and embedded CA. Raises USER_CLUSTER_CA_MISSING when there is no CA to
 * embed and USER_CA_INVALID when the CA text holds no certificate.
 */
export function resolveClusterEndpoint(
  cluster: KubeClient['cluster'],
  overrides: { server?: string | undefined; caPem?: string | undefined; caSource?: string },
): ClusterEndpoint {
  const caPem =
    overrides.caPem ??
    (cluster.caData === undefined
      ? undefined
      : Buffer.from(cluster.caData, 'base64').toString('utf8'));
  if (caPem === undefined) {
    throw new KprodError(
      'USER_CLUSTER_CA_MISSING',
      `the cluster "${cluster.name}" of the admin context has no certificate-authority-data`,
    );
  }
  try {
    new X509Certificate(caPem);
  } catch {
    throw new KprodError(
      'USER_CA_INVALID',
      `${overrides.caSource ?? `the CA data of cluster "${cluster.name}"`} holds no PEM certificate`,
    );
  }
  return { clusterName: cluster.name, server: overrides.server ?? cluster.server, caPem };
}

/** What `add` (and `kubeconfig`) needs besides the plan. */
export interface AddUserOptions {
  readonly plan: UserPlan;
  readonly credentials: CredentialOptions;
  readonly endpoint: ClusterEndpoint;
  readonly outRoot: string;
  readonly onProgress: (line: string) => void;
  readonly signal?: AbortSignal | undefined;
}

/** The result of a successful `add`. */
export interface AddUserResult {
  readonly outcomes: readonly { object: string; outcome: ConvergeOutcome | 'deleted' }[];
  readonly files: readonly string[];
  readonly context: string;
  readonly notAfter: Date;
}

/**
 * Adds the failure to a KprodError: which steps were done and that a re-run completes the rest.
 * The code (and so the exit code) stays the original one.
 */
export function withProgress(error: unknown, done: readonly string[], rerun: string): unknown {
  if (!isKprodError(error)) return error;
  const doneText = done.length === 0 ? 'nothing' : done.join(', ');
  return new KprodError(error.code, `${error.message}\n  done before the failure: ${doneText}`, {
    cause: error,
    hint: `${error.hint} Every step is idempotent: re-run \`${rerun}\` to complete the rest.`,
  });
}

/**
 * Converges every planned object, deletes the ones switched off, issues credentials and writes
 * the key, certificate and kubeconfig. A failure names the steps already done.
 */
export async function addUser(
  kube: KubeClient,
  options: AddUserOptions,
  rerun: string,
): Promise<AddUserResult> {
  const done: string[] = [];
  const outcomes: { object: string; outcome: ConvergeOutcome | 'deleted' }[] = [];
  try {
    for (const planned of options.plan.objects) {
      const object = describeRef(planned);
      const outcome = await ensureObject(kube, planned, options.signal);
      outcomes.push({ object, outcome });
      done.push(`${object} ${outcome}`);
      options.onProgress(`${object} ${outcome}`);
    }
    for (const ref of options.plan.absent) {
      if (await deleteIfPresent(kube, resourcePath(ref), options.signal)) {
        const object = `${ref.plural}/${ref.name}`;
        outcomes.push({ object, outcome: 'deleted' });
        done.push(`${object} deleted`);
        options.onProgress(`${object} deleted (switched off)`);
      }
    }
    const issued = await issueAndWrite(kube, options);
    return { outcomes, ...issued };
  } catch (error) {
    throw withProgress(error, done, rerun);
  }
}

/** Issues fresh credentials and writes them with a kubeconfig (the `kubeconfig` command). */
export async function issueAndWrite(
  kube: KubeClient | null,
  options: Omit<AddUserOptions, 'plan'> & { plan: Pick<UserPlan, 'name' | 'namespace'> },
): Promise<Omit<AddUserResult, 'outcomes'>> {
  const credentials = await issueCredentials(kube, {
    ...options.credentials,
    onProgress: options.credentials.onProgress ?? options.onProgress,
    signal: options.credentials.signal ?? options.signal,
  });
  const kubeconfig = renderKubeconfig({
    ...options.endpoint,
    userName: options.plan.name,
    certPem: credentials.certPem,
    keyPem: credentials.keyPem,
    namespace: options.plan.namespace,
  });
  const files = await writeUserFiles(options.outRoot, options.plan.name, {
    keyPem: credentials.keyPem,
    certPem: credentials.certPem,
    kubeconfig,
  });
  return {
    files,
    context: kubeconfigContextName(options.plan.name, options.endpoint.clusterName),
    notAfter: credentials.notAfter,
  };
}
