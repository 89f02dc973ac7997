/**
 * `kprod diff`: what `kprod apply` would change, computed by the API server (a server-side
 * dry run) and shown as unified diffs against the live objects.
 */
import { EXIT } from '../errors.js';
import { diffObjects } from '../ops/rollout/apply.js';
import { defineCommand } from './define-command.js';
import { CLUSTER_OPTIONS, clusterContext } from './options/deploy-options.js';
import { SOURCE_OPTIONS, loadSources } from './apply.js';

/** `kprod diff`. */
export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'Show what kprod apply would change (server dry run), as unified diffs.',
  usage: '-f FILE... | -k DIR [options]',
  description: `Exit codes follow \`kubectl diff\`: 0 when nothing would change, 1 when something would,
2 or more on errors. Server-maintained fields (managedFields, resourceVersion, generation, uid,
creationTimestamp) are left out of the diff.`,
  options: {
    ...SOURCE_OPTIONS,
    ...CLUSTER_OPTIONS,
    'field-manager': {
      type: 'string',
      default: 'kprod',
      valueName: 'NAME',
      description: 'Field manager the dry run applies as.',
    },
    'force-conflicts': {
      type: 'boolean',
      description: 'Diff as if taking over fields another manager owns.',
    },
  },
  positionals: { max: 0 },
  examples: ['kprod diff -k deploy/overlays/prod'],
  async run({ options, io }) {
    const objects = await loadSources(io, 'diff', options.filename, options.kustomize);
    const ctx = clusterContext(io, options);
    const diffs = await diffObjects(ctx.kube, objects, {
      namespace: ctx.namespace,
      fieldManager: options['field-manager'],
      force: options['force-conflicts'] === true,
      signal: io.signal,
    });
    const changed = diffs.filter((d) => d.diff !== '');
    if (ctx.events.format === 'json') {
      for (const d of diffs)
        io.stdout.write(JSON.stringify({ id: d.id, changed: d.diff !== '', diff: d.diff }) + '\n');
    } else {
      for (const d of changed) io.stdout.write(d.diff);
    }
    return changed.length > 0 ? EXIT.FAILED : EXIT.OK;
  },
});
