import { defineGroup } from './command.js';

/**
 * The kprod command tree. Each entry loads its module only when used, so `kprod --help` does not
 * pay for the Kubernetes client or the schema validators.
 */
export const kprod = defineGroup({
  name: 'kprod',
  summary:
    'Run a service on Kubernetes in production: check manifests, onboard users, deploy and release.',
  subcommands: {
    check: {
      summary: 'Check manifests offline: schema, Pod Security, practices, references, Istio.',
      load: async () => (await import('./check.js')).checkCommand,
    },
    user: {
      summary: 'Onboard and remove developers: namespace, RBAC, quota, kubeconfig.',
      load: async () => (await import('./user.js')).userGroup,
    },
  },
});
