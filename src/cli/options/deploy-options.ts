import { join } from 'node:path';
import { KprodError } from '../../errors.js';
import { ZERO_WAITS_FOREVER, parseDuration } from '../../kube/duration.js';
import { connectKube } from '../../ops/kube.js';
import { type KubeClient } from '../../ops/kube-api.js';
import { type WorkloadRef, formatWorkloadRef, waitForRollout } from '../../ops/rollout/rollout.js';
import type { CliIO, OptionSpec } from '../define-command.js';
import {
  type EventWriter,
  EVENT_OUTPUT_OPTION,
  createEventWriter,
  parseOutputFormat,
  rolloutProgressData,
  rolloutProgressLine,
  rolloutWaitingLine,
} from './output-events.js';

/** `--request-timeout`, as kubectl has it: how long one API request may take. */
export const REQUEST_TIMEOUT_OPTION = {
  type: 'string',
  default: '30s',
  valueName: 'DURATION',
  description: 'Give up on one API request after this long (exit 3), e.g. 10s; 0 for no limit.',
} as const satisfies OptionSpec;

/**
 * The wait's own timeout reports the rollout state at --timeout; the hard deadline of the whole
 * command follows this much later, so only a server that stops answering meets it.
 */
const DEADLINE_GRACE_MS = 2000;

/**
 * How long each API request may take and when the whole command must end (epoch ms, from its
 * `--timeout`; none for 0 or without the flag).
 */
export function requestLimits(
  requestTimeout: string,
  timeoutMs = 0,
): { requestTimeoutMs: number; deadline: number | undefined } {
  const requestTimeoutMs = parseDuration(requestTimeout, '--request-timeout');
  return {
    requestTimeoutMs,
    deadline: timeoutMs === 0 ? undefined : Date.now() + timeoutMs + DEADLINE_GRACE_MS,
  };
}

/** Options of every deploying command that talks to the cluster. */
export const CLUSTER_OPTIONS = {
  kubeconfig: {
    type: 'string',
    valueName: 'FILE',
    description: 'Kubeconfig to use (default: KUBECONFIG or ~/.kube/config).',
  },
  context: { type: 'string', valueName: 'NAME', description: 'Kubeconfig context to use.' },
  'request-timeout': REQUEST_TIMEOUT_OPTION,
  namespace: {
    type: 'string',
    short: 'n',
    valueName: 'NS',
    description: "Namespace (default: the context's namespace).",
  },
  output: EVENT_OUTPUT_OPTION,
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that wait for a rollout. */
export const WAIT_OPTIONS = {
  timeout: {
    type: 'string',
    default: '5m',
    valueName: 'DURATION',
    description:
      'Give up waiting after this long (exit 4), e.g. 90s, 5m, 1h30m; 0 waits forever. The whole command ends at most 2s later, even if the API server stops answering.',
  },
  'no-wait': { type: 'boolean', description: 'Do not wait for the rollout to finish.' },
  'no-early-failure': {
    type: 'boolean',
    description: 'Wait like kubectl: do not fail early on crash loops, pull errors or quota.',
  },
} as const satisfies Record<string, OptionSpec>;

/** Parses `--dry-run`: `server` or `none`. */
export function parseDryRun(value: string | undefined): boolean {
  if (value === undefined || value === 'none') return false;
  if (value === 'server') return true;
  throw new KprodError('KPROD_USAGE', `--dry-run must be server or none, got "${value}"`, {
    hint: 'kprod has no client-side dry run: the server validates and defaults with --dry-run=server.',
  });
}

/** Connection, namespace and output of a deploying command. */
export interface ClusterContext {
  kube: KubeClient;
  namespace: string;
  events: EventWriter;
}

/** Connects as the flags say and sets up the output. */
export function clusterContext(
  io: CliIO,
  options: {
    kubeconfig?: string | undefined;
    context?: string | undefined;
    namespace?: string | undefined;
    output: string;
    'request-timeout': string;
    timeout?: string | undefined;
  },
): ClusterContext {
  const events = createEventWriter(io, parseOutputFormat(options.output));
  const kube = connectKube({
    kubeconfig: options.kubeconfig,
    context: options.context,
    ...requestLimits(
      options['request-timeout'],
      options.timeout === undefined
        ? 0
        : parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER),
    ),
    env: io.env,
  });
  return { kube, namespace: options.namespace ?? kube.namespace, events };
}

/** Path of the Docker client config: $DOCKER_CONFIG/config.json or ~/.docker/config.json. */
export function dockerConfigPath(env: CliIO['env']): string | undefined {
  if (env['DOCKER_CONFIG'] !== undefined && env['DOCKER_CONFIG'] !== '') {
    return join(env['DOCKER_CONFIG'], 'config.json');
  }
  const home = env['HOME'] ?? env['USERPROFILE'];
  return home === undefined ? undefined : join(home, '.docker', 'config.json');
}

/**
 * The wait every changing command (set image, config set, rollout undo) ends with: follows the
 * rollout unless nothing changed, it was a server dry run, or --no-wait was given.
 */
export async function waitAfterChange(
  ctx: ClusterContext,
  ref: WorkloadRef,
  change: { changed: boolean; dryRun: boolean },
  options: { 'no-wait'?: boolean | undefined; 'no-early-failure'?: boolean | undefined },
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  if (!change.changed || change.dryRun || options['no-wait'] === true) return;
  await followRollout(ctx, ref, {
    timeoutMs,
    earlyFailure: options['no-early-failure'] !== true,
    signal,
  });
}

/**
 * Waits for a rollout, printing progress; resolves on success and throws ROLLOUT_FAILED (exit 1)
 * with the reason and how to roll back when it fails, KPROD_TIMEOUT (exit 4) at the deadline.
 */
export async function followRollout(
  ctx: ClusterContext,
  ref: WorkloadRef,
  options: { timeoutMs: number; earlyFailure: boolean; signal: AbortSignal; revision?: number },
): Promise<void> {
  const target = formatWorkloadRef(ref);
  const result = await waitForRollout(ctx.kube, ref, {
    timeoutMs: options.timeoutMs,
    earlyFailure: options.earlyFailure,
    signal: options.signal,
    ...(options.revision === undefined ? {} : { revision: options.revision }),
    onProgress: (status) => {
      ctx.events.emit(
        'rollout.progress',
        rolloutProgressData(target, ref.namespace, status),
        rolloutProgressLine(target, status),
      );
    },
    onHeartbeat: (status, elapsedMs) => {
      ctx.events.emit(
        'rollout.waiting',
        {
          ...rolloutProgressData(target, ref.namespace, status),
          elapsedSeconds: Math.floor(elapsedMs / 1000),
        },
        rolloutWaitingLine(target, status, elapsedMs),
      );
    },
  });
  if (result.ok) {
    ctx.events.emit(
      'rollout.done',
      { target, namespace: ref.namespace, message: result.message },
      `${target}: ${result.message}`,
    );
    return;
  }
  const reason = result.failure?.reason ?? result.status.failed ?? 'Failed';
  ctx.events.emit(
    'rollout.failed',
    { target, namespace: ref.namespace, reason, message: result.message },
    `${target}: rollout failed (${reason}): ${result.message}`,
  );
  throw new KprodError(
    'ROLLOUT_FAILED',
    `${target} in ${ref.namespace}: ${reason}: ${result.message}`,
    {
      hint:
        ref.kind === 'Deployment'
          ? `Fix the cause, or go back with \`kprod rollout undo ${target} -n ${ref.namespace}\`.`
          : 'Fix the cause and apply again.',
    },
  );
}
