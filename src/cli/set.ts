/**
 * `kprod set image`: point a container at an image pinned by digest (tags are resolved in the
 * registry first), then wait for the rollout.
 */
import { ZERO_WAITS_FOREVER, parseDuration } from '../kube/duration.js';
import { EXIT, KprodError } from '../errors.js';
import { formatWorkloadRef, parseWorkloadRef } from '../ops/rollout/rollout.js';
import { setImage } from '../ops/rollout/set-image.js';
import { defineCommand, defineGroup } from './define-command.js';
import {
  CLUSTER_OPTIONS,
  WAIT_OPTIONS,
  clusterContext,
  dockerConfigPath,
  waitAfterChange,
  parseDryRun,
} from './options/deploy-options.js';

/** `kprod set image`. */
export const setImageCommand = defineCommand({
  name: 'set image',
  summary: 'Set a container image, pinned by digest, and wait for the rollout.',
  usage: 'deploy/NAME CONTAINER=REF [options]',
  description: `REF is resolved to its digest through the registry (OCI distribution API, credentials from
~/.docker/config.json or $DOCKER_CONFIG), and written as name:tag@sha256:..., so the pods run
exactly the image that was resolved even if the tag moves later. A multi-arch index keeps its
index digest. CONTAINER may be * for every container.`,
  options: {
    ...CLUSTER_OPTIONS,
    ...WAIT_OPTIONS,
    'no-resolve': {
      type: 'boolean',
      description: 'Write the tag as given, without pinning the digest (not recommended).',
    },
    'dry-run': {
      type: 'string',
      valueName: 'MODE',
      bare: { value: 'server', values: ['server', 'none', 'client'] },
      description:
        'server: let the API server check the change without making it (a bare --dry-run means server)',
    },
  },
  positionals: { min: 2, max: 2 },
  examples: ['kprod set image deploy/multiroute app=ghcr.io/acme/multiroute:3f9c2ab-142'],
  async run({ options, positionals, io }) {
    const timeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    const dryRun = parseDryRun(options['dry-run']);
    const assignment = positionals[1] ?? '';
    const eq = assignment.indexOf('=');
    if (eq <= 0 || eq === assignment.length - 1) {
      throw new KprodError('KPROD_USAGE', `expected CONTAINER=REF, got "${assignment}"`, {
        hint: 'Example: kprod set image deploy/web app=ghcr.io/acme/web:1.2.3',
      });
    }
    const container = assignment.slice(0, eq);
    const ctx = clusterContext(io, options);
    const ref = parseWorkloadRef(positionals[0] ?? '', ctx.namespace);
    const target = formatWorkloadRef(ref);
    const result = await setImage(ctx.kube, ref, container, assignment.slice(eq + 1), {
      dockerConfig: dockerConfigPath(io.env),
      env: io.env,
      noResolve: options['no-resolve'] === true,
      dryRun,
      signal: io.signal,
    });
    if (result.resolved !== undefined) {
      ctx.events.emit(
        'image.resolved',
        { ...result.resolved },
        `${assignment.slice(eq + 1)} resolved to ${result.resolved.digest} (${result.resolved.mediaType})`,
      );
    }
    for (const change of result.changes) {
      ctx.events.emit(
        'image.set',
        { target, namespace: ref.namespace, ...change, dryRun },
        `${target}: container ${change.container}: ${change.from} -> ${change.to}${dryRun ? ' (server dry run)' : ''}`,
      );
    }
    if (result.changes.length === 0) {
      ctx.events.emit(
        'image.unchanged',
        { target, namespace: ref.namespace, image: result.image },
        `${target}: already runs ${result.image}`,
      );
      return EXIT.OK;
    }
    await waitAfterChange(ctx, ref, { changed: true, dryRun }, options, timeoutMs, io.signal);
    return EXIT.OK;
  },
});

/** The `kprod set` group. */
export const setGroup = defineGroup({
  name: 'set',
  summary: 'Change a workload: set image.',
  subcommands: {
    image: { summary: setImageCommand.summary, load: () => Promise.resolve(setImageCommand) },
  },
});
