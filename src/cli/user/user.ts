import { defineGroup } from '../define-command.js';

/** `kprod user`: onboard and offboard developers on a shared cluster. */
export const userGroup = defineGroup({
  name: 'kprod user',
  summary:
    'Onboard and remove developers on a shared cluster (namespace, RBAC, quota, kubeconfig).',
  description: `Works on the cluster of the current kubeconfig context (--kubeconfig, --context).
See docs/user.md for the objects, the permissions granted and the certificate flow.`,
  subcommands: {
    add: {
      summary: 'Onboard a developer: namespace, RBAC, quota, certificate and kubeconfig.',
      load: async () => (await import('./user-add.js')).userAddCommand,
    },
    kubeconfig: {
      summary: 'Issue a fresh certificate and kubeconfig (renewal).',
      load: async () => (await import('./user-kubeconfig.js')).userKubeconfigCommand,
    },
    remove: {
      summary: 'Delete the bindings, namespace and local credential files.',
      load: async () => (await import('./user-remove.js')).userRemoveCommand,
    },
    list: {
      summary: 'Tenants, quota usage and certificate expiry.',
      load: async () => (await import('./user-list.js')).userListCommand,
    },
  },
});
