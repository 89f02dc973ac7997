/**
 * `kprod rollout status|undo|pause|resume|history`: kubectl's rollout commands, with early
 * failure detection while waiting and revisions that show their images and ConfigMaps.
 */
import { ZERO_WAITS_FOREVER, parseDuration } from '../kube/duration.js';
import { EXIT, KprodError } from '../errors.js';
import {
  formatWorkloadRef,
  parseWorkloadRef,
  pauseRollout,
  resumeRollout,
  rolloutHistory,
  undoRollout,
} from '../ops/rollout/rollout.js';
import { defineCommand, defineGroup } from './define-command.js';
import {
  CLUSTER_OPTIONS,
  WAIT_OPTIONS,
  clusterContext,
  followRollout,
  waitAfterChange,
  parseDryRun,
} from './options/deploy-options.js';

const TARGET_USAGE = "deploy/NAME | sts/NAME | ds/NAME (or kubectl's deploy NAME) [options]";

/** `kprod rollout status`. */
export const statusCommand = defineCommand({
  name: 'rollout status',
  summary: 'Wait for a rollout to finish, failing early when the new pods cannot start.',
  usage: TARGET_USAGE,
  description: `Follows the rollout with the semantics of \`kubectl rollout status\` (generation observed,
updated, old and available replicas; ProgressDeadlineExceeded fails). While waiting it also looks
at the new pods and fails at once on CrashLoopBackOff, ImagePullBackOff/ErrImagePull, unschedulable
pods and quota errors. Exit 0 rolled out, 1 failed, 4 timeout.`,
  options: {
    ...CLUSTER_OPTIONS,
    timeout: WAIT_OPTIONS.timeout,
    'no-early-failure': WAIT_OPTIONS['no-early-failure'],
    revision: {
      type: 'string',
      valueName: 'N',
      description: 'Fail if the Deployment moves away from revision N (kubectl --revision).',
    },
  },
  positionals: { min: 1, max: 2 },
  examples: ['kprod rollout status deploy/multiroute -n prod --timeout 10m'],
  async run({ options, positionals, io }) {
    const timeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    const revision = options.revision === undefined ? undefined : Number(options.revision);
    if (revision !== undefined && (!Number.isInteger(revision) || revision < 1)) {
      throw new KprodError(
        'KPROD_USAGE',
        `--revision must be a revision number, got "${options.revision ?? ''}"`,
      );
    }
    const ctx = clusterContext(io, options);
    const ref = parseWorkloadRef(positionals.join('/'), ctx.namespace);
    await followRollout(ctx, ref, {
      timeoutMs,
      earlyFailure: options['no-early-failure'] !== true,
      signal: io.signal,
      ...(revision === undefined ? {} : { revision }),
    });
    return EXIT.OK;
  },
});

/** `kprod rollout undo`. */
export const undoCommand = defineCommand({
  name: 'rollout undo',
  summary: 'Roll a Deployment back to the previous (or a given) revision, config included.',
  usage: 'deploy/NAME [--to-revision N] [options]',
  description: `Restores the pod template of the revision, as \`kubectl rollout undo\` does; ConfigMap
versions made by \`kprod config set\` come back with it. Then waits for the rollout.`,
  options: {
    ...CLUSTER_OPTIONS,
    ...WAIT_OPTIONS,
    'to-revision': {
      type: 'string',
      valueName: 'N',
      description: 'Revision to go back to (default: the previous one).',
    },
    'dry-run': {
      type: 'string',
      valueName: 'MODE',
      bare: { value: 'server', values: ['server', 'none', 'client'] },
      description:
        'server: let the API server check the change without making it (a bare --dry-run means server)',
    },
  },
  positionals: { min: 1, max: 2 },
  examples: [
    'kprod rollout undo deploy/multiroute',
    'kprod rollout undo deploy/multiroute --to-revision 3',
  ],
  async run({ options, positionals, io }) {
    const timeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    const dryRun = parseDryRun(options['dry-run']);
    const raw = options['to-revision'];
    const toRevision = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(toRevision) || toRevision < 0) {
      throw new KprodError(
        'KPROD_USAGE',
        `--to-revision must be a revision number, got "${raw ?? ''}"`,
      );
    }
    const ctx = clusterContext(io, options);
    const ref = parseWorkloadRef(positionals.join('/'), ctx.namespace);
    const target = formatWorkloadRef(ref);
    const result = await undoRollout(ctx.kube, ref, { toRevision, dryRun, signal: io.signal });
    ctx.events.emit(
      'rollout.undo',
      { target, namespace: ref.namespace, ...result, dryRun },
      `${target}: ${result.message}${dryRun ? ' (server dry run)' : ''}`,
    );
    await waitAfterChange(
      ctx,
      ref,
      { changed: result.changed, dryRun },
      options,
      timeoutMs,
      io.signal,
    );
    return EXIT.OK;
  },
});

function pauseResume(paused: boolean) {
  return defineCommand({
    name: paused ? 'rollout pause' : 'rollout resume',
    summary: paused
      ? 'Pause a Deployment: template changes wait until it is resumed.'
      : 'Resume a paused Deployment, starting any pending rollout.',
    usage: 'deploy/NAME [options]',
    options: CLUSTER_OPTIONS,
    positionals: { min: 1, max: 2 },
    async run({ options, positionals, io }) {
      const ctx = clusterContext(io, options);
      const ref = parseWorkloadRef(positionals.join('/'), ctx.namespace);
      const target = formatWorkloadRef(ref);
      const { changed } = await (paused ? pauseRollout : resumeRollout)(ctx.kube, ref, io.signal);
      const state = paused ? 'paused' : 'resumed';
      ctx.events.emit(
        paused ? 'rollout.pause' : 'rollout.resume',
        { target, namespace: ref.namespace, changed },
        changed
          ? `${target}: ${state}`
          : `${target}: already ${paused ? 'paused' : 'running (not paused)'}`,
      );
      return EXIT.OK;
    },
  });
}

/** `kprod rollout pause` and `resume`. */
export const pauseCommand = pauseResume(true);
export const resumeCommand = pauseResume(false);

/** `kprod rollout history`. */
export const historyCommand = defineCommand({
  name: 'rollout history',
  summary: 'List the revisions of a Deployment with their images, ConfigMaps and change causes.',
  usage: 'deploy/NAME [options]',
  options: CLUSTER_OPTIONS,
  positionals: { min: 1, max: 2 },
  async run({ options, positionals, io }) {
    const ctx = clusterContext(io, options);
    const ref = parseWorkloadRef(positionals.join('/'), ctx.namespace);
    const rows = await rolloutHistory(ctx.kube, ref, io.signal);
    if (ctx.events.format === 'json') {
      io.stdout.write(
        JSON.stringify({
          target: formatWorkloadRef(ref),
          namespace: ref.namespace,
          revisions: rows,
        }) + '\n',
      );
      return EXIT.OK;
    }
    const lines = [
      `${formatWorkloadRef(ref)} in ${ref.namespace}:`,
      'REVISION  IMAGES / CONFIGMAPS / CHANGE-CAUSE',
    ];
    for (const row of rows) {
      lines.push(
        `${String(row.revision).padEnd(8)}${row.current ? '*' : ' '} ${row.images.join(' ')}` +
          (row.configMaps.length > 0 ? `  config: ${row.configMaps.join(',')}` : '') +
          (row.changeCause === undefined ? '' : `  (${row.changeCause})`),
      );
    }
    io.stdout.write(lines.join('\n') + '\n');
    return EXIT.OK;
  },
});

/** The `kprod rollout` group; the subcommands live in this module. */
export const rolloutGroup = defineGroup({
  name: 'rollout',
  summary: 'Follow and steer rollouts: status, undo, pause, resume, history.',
  subcommands: {
    status: { summary: statusCommand.summary, load: () => Promise.resolve(statusCommand) },
    undo: { summary: undoCommand.summary, load: () => Promise.resolve(undoCommand) },
    pause: { summary: pauseCommand.summary, load: () => Promise.resolve(pauseCommand) },
    resume: { summary: resumeCommand.summary, load: () => Promise.resolve(resumeCommand) },
    history: { summary: historyCommand.summary, load: () => Promise.resolve(historyCommand) },
  },
});
