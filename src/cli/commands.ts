import { defineGroup } from './define-command.js';

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
      summary:
        'Check manifests offline: schema and unknown fields, Pod Security, practices, references, Istio.',
      load: async () => (await import('./check.js')).checkCommand,
    },
    apply: {
      summary: 'Server-side apply manifests (field manager kprod), then wait for the workloads.',
      load: async () => (await import('./apply.js')).applyCommand,
    },
    diff: {
      summary: 'Show what kprod apply would change (server dry run), as unified diffs.',
      load: async () => (await import('./diff.js')).diffCommand,
    },
    rollout: {
      summary: 'Follow and steer rollouts: status, undo, pause, resume, history.',
      load: async () => (await import('./rollout.js')).rolloutGroup,
    },
    set: {
      summary: 'Change a workload: set image (pinned by digest).',
      load: async () => (await import('./set.js')).setGroup,
    },
    config: {
      summary: 'Versioned configuration: config set.',
      load: async () => (await import('./config.js')).configGroup,
    },
    image: {
      summary: 'Container images: build and push, resolve a tag to its digest, make a build tag.',
      load: async () => (await import('./image.js')).imageGroup,
    },
    logs: {
      summary: 'Follow the logs of every pod of a workload, Service, Ingress or node, in colour.',
      load: async () => (await import('./logs.js')).logsCommand,
    },
    user: {
      summary: 'Onboard and remove developers: namespace, RBAC, quota, kubeconfig.',
      load: async () => (await import('./user/user.js')).userGroup,
    },
    completion: {
      summary: 'Print a shell completion script: bash, zsh or fish.',
      load: async () => (await import('./completion.js')).completionCommand,
    },
    release: {
      summary: 'Release a new image: rolling, blue-green or canary, with analysis and rollback.',
      load: async () => (await import('./release.js')).releaseCommand,
    },
  },
});
