import { join } from 'node:path';
import { KprodError } from '../errors.js';

/** Where a kubeconfig comes from: files to merge (the first one wins), or the pod's account. */
export type KubeconfigSource =
  | { readonly kind: 'files'; readonly files: readonly string[]; readonly origin: string }
  | { readonly kind: 'in-cluster' };

const ADVICE =
  "Save the kubeconfig of your cluster as ~/.kube/config (your cluster admin or your cloud's " +
  '"get-credentials" command gives one), or point KUBECONFIG or --kubeconfig FILE at it.';

/**
 * Chooses the kubeconfig files as kubectl does: `--kubeconfig`, else the existing files of
 * KUBECONFIG (a path list), else ~/.kube/config, else the service account of the pod kprod runs
 * in. Throws KUBE_CONFIG_NOT_FOUND naming every place it looked, instead of letting the client
 * library fall back to a made-up localhost cluster.
 */
export function findKubeconfig(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean,
  delimiter = ':',
): KubeconfigSource {
  if (explicit !== undefined) {
    if (!exists(explicit)) {
      throw new KprodError(
        'KUBE_CONFIG_NOT_FOUND',
        `kubeconfig ${explicit} (--kubeconfig) does not exist`,
        {
          hint: 'Give --kubeconfig the path of an existing kubeconfig file.',
        },
      );
    }
    return { kind: 'files', files: [explicit], origin: explicit };
  }
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((path) => path !== '');
  if (listed.length > 0) {
    const files = listed.filter(exists);
    if (files.length > 0) return { kind: 'files', files, origin: files.join(delimiter) };
    if (env['KUBERNETES_SERVICE_HOST'] === undefined) {
      throw new KprodError(
        'KUBE_CONFIG_NOT_FOUND',
        `no kubeconfig found: KUBECONFIG=${listed.join(delimiter)} names no existing file`,
        { hint: ADVICE },
      );
    }
    return { kind: 'in-cluster' };
  }
  const home = env['HOME'] ?? env['USERPROFILE'];
  const personal = home === undefined || home === '' ? undefined : join(home, '.kube', 'config');
  if (personal !== undefined && exists(personal)) {
    return { kind: 'files', files: [personal], origin: personal };
  }
  if (env['KUBERNETES_SERVICE_HOST'] !== undefined) return { kind: 'in-cluster' };
  throw new KprodError(
    'KUBE_CONFIG_NOT_FOUND',
    `no kubeconfig found: KUBECONFIG is not set and ${personal ?? '~/.kube/config (HOME is not set)'} does not exist`,
    { hint: ADVICE },
  );
}
