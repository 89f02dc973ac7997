import { EXIT, KprodError } from '../errors.js';
import { connectKube } from '../ops/kube.js';
import { resolveImageDigest } from '../ops/image/registry.js';
import type { ReleaseEvent } from '../ops/release/release-log.js';
import { findRelease, requestRelease } from '../ops/release/release-record.js';
import { runRelease } from '../ops/release/run-release.js';
import type { RunReleaseOptions } from '../ops/release/run-options.js';
import type { ReleaseState } from '../ops/release/state.js';
import { parseWorkloadRef } from '../ops/rollout/rollout.js';
import { ZERO_WAITS_FOREVER, parseDuration } from '../kube/duration.js';
import { defineCommand, type CliIO } from './define-command.js';
import {
  createEventWriter,
  parseOutputFormat,
  type OutputFormat,
} from './options/output-events.js';
import { requestLimits } from './options/deploy-options.js';
import { RELEASE_OPTIONS, parseReleaseOptions } from './options/release-options.js';

const VERBS = ['status', 'promote', 'abort'] as const;

/**
 * `kprod release`: start (or resume) a release of `deploy/NAME`, or look at, promote or abort the
 * release recorded on it. Exit 0 when the release succeeded (or, for `abort`, was rolled back),
 * 1 when it failed or was aborted.
 */
export const releaseCommand = defineCommand({
  name: 'release',
  summary: 'Release a new image: rolling, blue-green or canary with analysis and rollback.',
  usage: 'deploy/NAME --image REF [--strategy S] [options] | status|promote|abort deploy/NAME',
  description: [
    'The release state is kept in the kprod.dev/release annotation on the cluster, so a killed',
    'job is resumed by running the same command again, and status, promote and abort work from',
    'any machine. promote and abort record the request and, unless --no-wait, drive the release',
    'to its end. See docs/release.md.',
  ].join('\n'),
  options: RELEASE_OPTIONS,
  positionals: { min: 1, max: 2 },
  examples: [
    'kprod release deploy/multiroute -n multiroute --image ghcr.io/kprod-dev/multiroute:1.1.0',
    'kprod release deploy/multiroute --image REF --strategy canary --traffic istio --prometheus http://127.0.0.1:9090',
    "kprod release deploy/multiroute --image REF --strategy blue-green --smoke 'GET /route1 200 ~Hello'",
    'kprod release status deploy/multiroute --watch',
    'kprod release abort deploy/multiroute',
  ],
  async run({ options, positionals, io }) {
    const [first = '', second] = positionals;
    const verb = (VERBS as readonly string[]).includes(first)
      ? (first as (typeof VERBS)[number])
      : undefined;
    const targetText = verb === undefined ? first : second;
    if (targetText === undefined || (verb === undefined && second !== undefined)) {
      throw new KprodError(
        'KPROD_USAGE',
        `kprod release: expected deploy/NAME, got "${positionals.join(' ')}"`,
        { hint: `Usage: kprod release ${releaseCommand.usage}` },
      );
    }
    const output = parseOutputFormat(options.output);
    // Flags are checked before the kubeconfig is read: a usage error never depends on a cluster.
    const mode =
      verb === undefined
        ? {
            kind: 'start' as const,
            image: requireImage(options.image),
            ...parseReleaseOptions(options),
          }
        : { kind: verb };
    const rolloutTimeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    // Each request is bounded; the release itself runs as long as its steps and analysis take.
    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      env: io.env,
      ...requestLimits(options['request-timeout']),
    });
    const namespace = options.namespace ?? kube.namespace;
    const target = parseWorkloadRef(targetText, namespace);
    if (target.kind !== 'Deployment') {
      throw new KprodError('KPROD_USAGE', `kprod release works on Deployments, not ${targetText}`);
    }
    const print = printer(io, output);
    const common = {
      kube,
      namespace,
      name: target.name,
      signal: io.signal,
      onEvent: print.event,
      rolloutTimeoutMs,
    };
    const context: VerbContext = { io, print, common, watch: options.watch === true };
    switch (mode.kind) {
      case 'status':
        return showStatus(context);
      case 'promote':
      case 'abort':
        return requestAndDrive(context, mode.kind, options['no-wait'] === true);
      case 'start':
        return startRelease(context, mode, {
          resolve: options['no-resolve'] !== true,
          dockerConfig: options['docker-config'],
        });
    }
  },
});

/** What every verb of `kprod release` works with, once its inputs are checked. */
interface VerbContext {
  readonly io: CliIO;
  readonly print: ReturnType<typeof printer>;
  readonly common: Omit<RunReleaseOptions, 'start'>;
  readonly watch: boolean;
}

/** `kprod release status`: prints the recorded state (and, with --watch, each change). */
async function showStatus({ io, print, common, watch }: VerbContext): Promise<number> {
  const { kube, namespace, name } = common;
  const found = await findRelease(kube, namespace, name, io.signal);
  if (found === null) throw notFound(namespace, name);
  let last = '';
  let state = found.state;
  for (;;) {
    if (state.updatedAt !== last) print.state(state);
    last = state.updatedAt;
    if (!watch || state.status !== 'progressing' || io.signal.aborted) break;
    await pause(2000, io.signal);
    state = (await findRelease(kube, namespace, name, io.signal))?.state ?? state;
  }
  return state.status === 'failed' || state.status === 'aborted' ? EXIT.FAILED : EXIT.OK;
}

/** `kprod release promote|abort`: records the request and, unless --no-wait, drives the release. */
async function requestAndDrive(
  { io, print, common }: VerbContext,
  verb: 'promote' | 'abort',
  noWait: boolean,
): Promise<number> {
  const { kube, namespace, name } = common;
  const found = await requestRelease(kube, namespace, name, verb, io.signal);
  if (found.state.status !== 'progressing') {
    print.state(found.state);
    io.stderr.write(
      `kprod: the release already ended (${found.state.status}); nothing to ${verb}\n`,
    );
    return EXIT.FAILED;
  }
  if (noWait) {
    print.note(`${verb} requested for ${namespace}/${name}`);
    return EXIT.OK;
  }
  const final = await runRelease(common);
  print.state(final);
  const wanted = verb === 'abort' ? 'aborted' : 'succeeded';
  return final.status === wanted ? EXIT.OK : EXIT.FAILED;
}

/** `kprod release deploy/NAME --image REF`: pins the image by digest, then runs the release. */
async function startRelease(
  { io, print, common }: VerbContext,
  mode: { image: string } & ReturnType<typeof parseReleaseOptions>,
  registry: { resolve: boolean; dockerConfig: string | undefined },
): Promise<number> {
  let image = mode.image;
  if (registry.resolve && !image.includes('@sha256:')) {
    const resolved = await resolveImageDigest(image, {
      dockerConfig: registry.dockerConfig,
      signal: io.signal,
    });
    image = resolved.pinned;
    print.note(`resolved ${mode.image} to ${image}`);
  }
  const final = await runRelease({
    ...common,
    start: { strategy: mode.strategy, image, options: mode.options },
  });
  print.state(final);
  return final.status === 'succeeded' ? EXIT.OK : EXIT.FAILED;
}

function requireImage(image: string | undefined): string {
  if (image !== undefined) return image;
  throw new KprodError('KPROD_USAGE', 'kprod release deploy/NAME needs --image REF', {
    hint: 'Or resume/inspect a release with `kprod release status deploy/NAME`.',
  });
}

function notFound(namespace: string, name: string): KprodError {
  return new KprodError(
    'RELEASE_NOT_FOUND',
    `no release state on Deployment or Service ${namespace}/${name}`,
  );
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Release output through the shared event writer: `release.step` per action and result,
 * `release.state` for the recorded state, `release.note` for the rest.
 */
function printer(io: CliIO, output: OutputFormat) {
  const writer = createEventWriter(io, output);
  return {
    event: (event: ReleaseEvent): void => {
      const data = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'time'));
      const message = event.message === '' ? '' : `: ${event.message}`;
      writer.emit('release.step', data, `${event.phase.padEnd(16)} ${event.action}${message}`);
    },
    state: (state: ReleaseState): void => {
      writer.emit('release.state', { ...state }, stateLine(state));
    },
    note: (text: string): void => {
      writer.emit('release.note', { message: text }, text);
    },
  };
}

/** One human line summing up a release. */
export function stateLine(state: ReleaseState): string {
  const step =
    state.strategy === 'canary'
      ? ` step ${String(state.step + 1)}/${String(state.options.steps.length)} (${String(state.options.steps[state.step] ?? 0)}%), ${String(state.failures)} failed analyses,`
      : '';
  const message = state.message === undefined ? '' : `: ${state.message}`;
  return `release ${state.namespace}/${state.name}: ${state.strategy} of ${state.image} ${state.status}, phase ${state.phase},${step} started ${state.startedAt}${message}`;
}
