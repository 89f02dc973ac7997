import { stringify } from 'yaml';

/** Everything a developer's kubeconfig holds. */
export interface KubeconfigSpec {
  /** Cluster entry name, usually the admin context's cluster name. */
  readonly clusterName: string;
  /** API server URL, e.g. `https://10.0.0.1:6443`. */
  readonly server: string;
  /** Cluster CA certificate(s), PEM. */
  readonly caPem: string;
  /** The user name (the certificate's CN). */
  readonly userName: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Default namespace of the context. */
  readonly namespace: string;
}

/** The context name kprod gives a developer: `NAME@CLUSTER`. */
export function kubeconfigContextName(userName: string, clusterName: string): string {
  return `${userName}@${clusterName}`;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * Renders a self-contained kubeconfig (CA, certificate and key embedded as `*-data`) with one
 * cluster, one user and one context `NAME@CLUSTER` that is current and defaults to the user's
 * namespace. The output holds a private key: write it with mode 0600.
 */
export function renderKubeconfig(spec: KubeconfigSpec): string {
  const context = kubeconfigContextName(spec.userName, spec.clusterName);
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: spec.clusterName,
          cluster: { server: spec.server, 'certificate-authority-data': b64(spec.caPem) },
        },
      ],
      users: [
        {
          name: spec.userName,
          user: {
            'client-certificate-data': b64(spec.certPem),
            'client-key-data': b64(spec.keyPem),
          },
        },
      ],
      contexts: [
        {
          name: context,
          context: { cluster: spec.clusterName, user: spec.userName, namespace: spec.namespace },
        },
      ],
      'current-context': context,
      preferences: {},
    },
    // Base64 blobs are long; folding them would still be valid YAML but hard to diff.
    { lineWidth: 0 },
  );
}
