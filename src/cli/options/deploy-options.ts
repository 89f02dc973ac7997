import { join } from 'node:path';
import { KprodError } from '../../errors.js';
import { type KubeClient, connectKube } from '../../ops/kube.js';
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

/** Options of every deploying command that talks to the cluster. */
export const CLUSTER_OPTIONS = {
  kubeconfig: {
    type: 'string',
    valueName: 'FILE',
    description: 'Kubeconfig to use (default: KUBECONFIG or ~/.kube/config).',
  },
  context: { type: 'string', valueName: 'NAME', description: 'Kubeconfig context to use.' },
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
    description: 'Give up waiting after this long (exit 4), e.g. 90s, 5m, 1h30m; 0 waits forever.',
  },
  'no-wait': { type: 'boolean', description: 'Do not wait for the rollout to finish.' },
  'no-early-failure': {
    type: 'boolean',
    description: 'Wait like kubectl: do not fail early on crash loops, pull errors or quota.',
  },
} as const satisfies Record<string, OptionSpec>;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go-style duration (`90s`, `5m`, `1h30m`, `0`) into milliseconds; KPROD_USAGE else. */
export function parseTimeout(text: string, flag = '--timeout'): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new KprodError('KPROD_USAGE', `${flag} "${text}" is not a duration`, {
      hint: `Write it like 90s, 5m or 1h30m (0 waits forever).`,
    });
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 1000), 0);
}

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
  },
): ClusterContext {
  const events = createEventWriter(io, parseOutputFormat(options.output));
  const kube = connectKube({
    kubeconfig: options.kubeconfig,
    context: options.context,
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
