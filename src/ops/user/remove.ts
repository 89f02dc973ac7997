import { KprodError } from '../../errors.js';
import type { KubeClient, KubeList, KubeObject } from '../kube-api.js';
import { deleteIfPresent } from './converge.js';
import { existingUserFiles, removeUserFiles } from './files.js';
import { OBJECT_NAMES, TENANT_LABEL, csrName, userNamespace } from './plan.js';
import { escapeControl } from '../../kube/escape-control.js';

/** What `remove` found for a user, before deleting anything. */
export interface RemovalPlan {
  readonly name: string;
  /** The tenant namespace, when it exists and carries the tenant label. */
  readonly namespace: string | null;
  /** RoleBindings in the namespace that grant the user access (deleted first). */
  readonly roleBindings: readonly string[];
  /** ClusterRoleBindings labelled as this tenant's (kprod creates none; older tooling may have). */
  readonly clusterRoleBindings: readonly string[];
  /** ClusterRoleBindings naming the user that kprod did not make: reported, never deleted. */
  readonly foreignClusterRoleBindings: readonly string[];
  readonly csr: string | null;
  readonly files: readonly string[];
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

interface Binding extends KubeObject {
  subjects?: { kind: string; name: string }[];
}

/**
 * Looks up everything `remove` would delete. A namespace of that name without the tenant label is
 * not kprod's and raises USER_NOT_FOUND rather than being deleted; so does finding nothing.
 */
export async function observeRemoval(
  kube: KubeClient,
  name: string,
  prefix: string,
  outRoot: string,
  signal?: AbortSignal,
): Promise<RemovalPlan> {
  const nsName = userNamespace(name, prefix);
  const ns = await kube.getOrNull(`/api/v1/namespaces/${nsName}`, signal);
  if (ns !== null && ns.metadata?.labels?.[TENANT_LABEL] !== name) {
    throw new KprodError(
      'USER_NOT_FOUND',
      `namespace ${nsName} exists but is not a kprod tenant of "${name}" (no label ${TENANT_LABEL}=${name}); not deleting it`,
      {
        hint: `If it is the user's namespace from older tooling, label it (kubectl label namespace ${nsName} ${TENANT_LABEL}=${name}) and re-run.`,
      },
    );
  }
  const roleBindings =
    ns === null
      ? []
      : (
          await kube.request<KubeList<Binding>>({
            method: 'GET',
            path: `${RBAC}/namespaces/${nsName}/rolebindings`,
            signal,
          })
        ).items
          .filter(
            (b) =>
              b.metadata?.name === OBJECT_NAMES.roleBinding ||
              b.metadata?.labels?.[TENANT_LABEL] === name,
          )
          .map((b) => b.metadata?.name ?? '');
  const crbs = (
    await kube.request<KubeList<Binding>>({
      method: 'GET',
      path: `${RBAC}/clusterrolebindings`,
      signal,
    })
  ).items;
  const ours = crbs.filter((b) => b.metadata?.labels?.[TENANT_LABEL] === name);
  const foreign = crbs.filter(
    (b) =>
      !ours.includes(b) && (b.subjects ?? []).some((s) => s.kind === 'User' && s.name === name),
  );
  const csr = await kube.getOrNull(`${CSRS}/${csrName(name)}`, signal);
  const plan: RemovalPlan = {
    name,
    namespace: ns === null ? null : nsName,
    roleBindings,
    clusterRoleBindings: ours.map((b) => b.metadata?.name ?? ''),
    foreignClusterRoleBindings: foreign.map((b) => b.metadata?.name ?? ''),
    csr: csr === null ? null : csrName(name),
    files: await existingUserFiles(outRoot, name),
  };
  if (
    plan.namespace === null &&
    plan.clusterRoleBindings.length === 0 &&
    plan.csr === null &&
    plan.files.length === 0
  ) {
    throw new KprodError(
      'USER_NOT_FOUND',
      `nothing to remove for "${name}": no namespace ${nsName}, no bindings, no certificate request, no files in ${outRoot}`,
    );
  }
  return plan;
}

/** The lines `remove` shows before asking (pure). */
export function describeRemoval(plan: RemovalPlan): string[] {
  const lines = [`kprod user remove ${plan.name} will delete:`];
  for (const b of plan.roleBindings) {
    lines.push(`  rolebinding.rbac.authorization.k8s.io/${b} -n ${plan.namespace ?? ''}`);
  }
  for (const b of plan.clusterRoleBindings) {
    lines.push(`  clusterrolebinding.rbac.authorization.k8s.io/${b}`);
  }
  if (plan.csr !== null) lines.push(`  certificatesigningrequest/${plan.csr}`);
  if (plan.namespace !== null) {
    lines.push(`  namespace/${plan.namespace} and everything in it`);
  }
  for (const f of plan.files) lines.push(`  file ${f}`);
  for (const b of plan.foreignClusterRoleBindings) {
    lines.push(
      `  (kept: clusterrolebinding/${b} names user ${plan.name} but was not made by kprod; review it)`,
    );
  }
  // Binding names come from the cluster; print them as text, never as terminal control.
  return lines.map(escapeControl);
}

/** Why removal cannot take back a certificate, said after every removal. */
export const REVOCATION_NOTE =
  'Kubernetes cannot revoke client certificates: the last one issued stays valid until it ' +
  'expires, but grants nothing once the bindings are gone (unless the user is in a group bound ' +
  'elsewhere). Issue short-lived certificates (--ttl) so that window stays small.';

/**
 * Deletes in the order that ends access first: bindings, then the certificate request, the
 * namespace and the local files. Every deletion tolerates 404, so a re-run completes.
 */
export async function executeRemoval(
  kube: KubeClient,
  plan: RemovalPlan,
  outRoot: string,
  onProgress: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  for (const b of plan.roleBindings) {
    if (
      await deleteIfPresent(
        kube,
        `${RBAC}/namespaces/${plan.namespace ?? ''}/rolebindings/${b}`,
        signal,
      )
    )
      onProgress(`rolebinding.rbac.authorization.k8s.io/${b} deleted`);
  }
  for (const b of plan.clusterRoleBindings) {
    if (await deleteIfPresent(kube, `${RBAC}/clusterrolebindings/${b}`, signal))
      onProgress(`clusterrolebinding.rbac.authorization.k8s.io/${b} deleted`);
  }
  if (plan.csr !== null && (await deleteIfPresent(kube, `${CSRS}/${plan.csr}`, signal))) {
    onProgress(`certificatesigningrequest/${plan.csr} deleted`);
  }
  if (
    plan.namespace !== null &&
    (await deleteIfPresent(kube, `/api/v1/namespaces/${plan.namespace}`, signal))
  ) {
    onProgress(`namespace/${plan.namespace} deleted`);
  }
  for (const f of await removeUserFiles(outRoot, plan.name)) onProgress(`removed ${f}`);
}
