import { KprodError } from '../../errors.js';
import { booleanAt, recordAt, stringAt, stringMapAt } from '../../kube/field-access.js';
import { generationObserved } from '../../kube/generation.js';
import { patchGuarded } from './json-patch.js';
import { type KubeClient, type KubeList, type KubeObject, resourcePath } from '../kube-api.js';
import { type PodFailure, podFailure, replicaFailure } from './pod-failure.js';
import {
  POD_TEMPLATE_HASH,
  type RevisionRow,
  newReplicaSet,
  ownedReplicaSets,
  planUndo,
  revisionHistory,
} from './replica-sets.js';
import { type RolloutStatus, type WorkloadKind, rolloutStatus } from './rollout-status.js';

/**
 * Following and steering rollouts on the cluster: wait for one (watch, with polling as a
 * fallback, and early failure from the new pods), undo, pause, resume and list revisions. The
 * decisions are the pure functions of `rollout-status.ts`, `pod-failure.ts` and `replica-sets.ts`.
 */

/** A workload to follow. */
export interface WorkloadRef {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

const KIND_ALIASES: Record<string, WorkloadKind> = {
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  'deployment.apps': 'Deployment',
  'deployments.apps': 'Deployment',
  sts: 'StatefulSet',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  'statefulset.apps': 'StatefulSet',
  'statefulsets.apps': 'StatefulSet',
  ds: 'DaemonSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  'daemonset.apps': 'DaemonSet',
  'daemonsets.apps': 'DaemonSet',
};

const PLURALS: Record<WorkloadKind, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/** Parses `deploy/NAME` (and kubectl's other spellings); throws ROLLOUT_TARGET_INVALID. */
export function parseWorkloadRef(text: string, namespace: string): WorkloadRef {
  const slash = text.indexOf('/');
  const kind = KIND_ALIASES[text.slice(0, slash).toLowerCase()];
  const name = text.slice(slash + 1);
  if (slash < 0 || kind === undefined || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw new KprodError(
      'ROLLOUT_TARGET_INVALID',
      `"${text}" is not a workload: expected deploy/NAME, sts/NAME or ds/NAME`,
    );
  }
  return { kind, namespace, name };
}

/** `deploy/web`, as written on the command line and in messages. */
export function formatWorkloadRef(ref: WorkloadRef): string {
  const short = { Deployment: 'deploy', StatefulSet: 'sts', DaemonSet: 'ds' }[ref.kind];
  return `${short}/${ref.name}`;
}

/** The REST path of a workload (or of its collection, without name). */
export function workloadPath(ref: WorkloadRef, withName = true): string {
  return resourcePath({
    apiVersion: 'apps/v1',
    plural: PLURALS[ref.kind],
    namespace: ref.namespace,
    name: withName ? ref.name : undefined,
  });
}

/** Reads a workload; throws KUBE_NOT_FOUND naming it when absent. */
export async function getWorkload(
  kube: KubeClient,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<KubeObject> {
  const obj = await kube.getOrNull(workloadPath(ref), signal);
  if (obj === null) {
    throw new KprodError(
      'KUBE_NOT_FOUND',
      `${formatWorkloadRef(ref)} does not exist in namespace ${ref.namespace}`,
    );
  }
  return obj;
}

/** How a wait ended (a deadline throws KPROD_TIMEOUT instead). */
export interface RolloutResult {
  /** True when the rollout completed. */
  ok: boolean;
  status: RolloutStatus;
  /** The early failure that ended the wait, when one did. */
  failure?: PodFailure;
  /** kubectl's message on success; the failure reason otherwise. */
  message: string;
}

/** Options of {@link waitForRollout}. */
export interface WaitOptions {
  /** Give up after this long with KPROD_TIMEOUT; 0 or absent waits forever. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each status whose message or counts differ from the previous one. */
  onProgress?: (status: RolloutStatus) => void;
  /**
   * Called every `heartbeatMs` while the status stays the same, with the time waited so far,
   * so a long wait does not look frozen.
   */
  onHeartbeat?: (status: RolloutStatus, elapsedMs: number) => void;
  /** Interval of {@link WaitOptions.onHeartbeat}; default 15 s. */
  heartbeatMs?: number;
  /** Look again at least this often even without watch events; default 2 s. */
  pollMs?: number;
  /** Fail as soon as new pods show a failure that waiting will not fix; default true. */
  earlyFailure?: boolean;
  /** Fail if the Deployment's revision changes from this one (kubectl --revision). */
  revision?: number;
}

function matchLabelsSelector(workload: KubeObject): string | undefined {
  const labels = stringMapAt(recordAt(recordAt(workload, 'spec'), 'selector'), 'matchLabels');
  if (Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

async function listItems(
  kube: KubeClient,
  path: string,
  query: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  const list = await kube.request<KubeList>({ method: 'GET', path, query, signal });
  return list.items;
}

/** The new pods of a workload and the events about them, for early failure detection. */
async function newPodsAndEvents(
  kube: KubeClient,
  workload: KubeObject,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<{ pods: KubeObject[]; events: KubeObject[] }> {
  const selector = matchLabelsSelector(workload);
  if (selector === undefined) return { pods: [], events: [] };
  const nsPath = (plural: string, apiVersion = 'v1'): string =>
    resourcePath({ apiVersion, plural, namespace: ref.namespace });
  let podSelector: string;
  const owners = new Set<string>();
  if (ref.kind === 'Deployment') {
    const replicaSets = await listItems(
      kube,
      nsPath('replicasets', 'apps/v1'),
      { labelSelector: selector },
      signal,
    );
    const rs = newReplicaSet(workload, ownedReplicaSets(workload, replicaSets));
    const hash = rs?.metadata?.labels?.[POD_TEMPLATE_HASH];
    if (rs === undefined || hash === undefined) return { pods: [], events: [] };
    owners.add(rs.metadata?.name ?? '');
    podSelector = `${selector},${POD_TEMPLATE_HASH}=${hash}`;
  } else if (ref.kind === 'StatefulSet') {
    const revision = stringAt(recordAt(workload, 'status'), 'updateRevision');
    if (revision === undefined) return { pods: [], events: [] };
    owners.add(ref.name);
    podSelector = `${selector},controller-revision-hash=${revision}`;
  } else {
    owners.add(ref.name);
    podSelector = `${selector},pod-template-generation=${workload.metadata?.generation ?? 0}`;
  }
  const pods = await listItems(kube, nsPath('pods'), { labelSelector: podSelector }, signal);
  for (const pod of pods) owners.add(pod.metadata?.name ?? '');
  const events = (
    await listItems(kube, nsPath('events'), { fieldSelector: 'type=Warning' }, signal)
  ).filter((e) => owners.has(stringAt(recordAt(e, 'involvedObject'), 'name') ?? ''));
  return { pods, events };
}

/**
 * Waits until the workload's rollout completes or fails. Watches the workload and its pods and
 * re-reads the state on every event, and at least every `pollMs` (the poll also covers a broken
 * or refused watch). Resolves with `ok: false` on ProgressDeadlineExceeded or an early failure;
 * throws KPROD_TIMEOUT at the deadline (with the last status) and KPROD_INTERRUPTED on abort.
 */
export async function waitForRollout(
  kube: KubeClient,
  ref: WorkloadRef,
  options: WaitOptions = {},
): Promise<RolloutResult> {
  const started = Date.now();
  const deadline =
    options.timeoutMs !== undefined && options.timeoutMs > 0
      ? started + options.timeoutMs
      : Infinity;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const pollMs = Math.min(options.pollMs ?? 2000, heartbeatMs);
  let lastBeat = started;
  const stop = new AbortController();
  const onAbort = (): void => {
    stop.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let wake: () => void = () => undefined;
  // Set by watch events between two reads, so the loop reads again at once instead of sleeping.
  const events = { count: 0 };
  const watches = new Map<string, Promise<void>>();
  const startWatch = (key: string, path: string, query: Record<string, string>): void => {
    if (watches.has(key) || stop.signal.aborted) return;
    const running = kube
      .watch(
        path,
        query,
        () => {
          events.count += 1;
          wake();
        },
        stop.signal,
      )
      // A broken or refused watch is not fatal: the poll keeps the wait going, and the watch is
      // started again on the next round.
      .catch(() => undefined)
      .finally(() => watches.delete(key));
    watches.set(key, running);
  };
  let last = '';
  try {
    for (;;) {
      if (options.signal?.aborted === true) {
        throw new KprodError('KPROD_INTERRUPTED', `stopped waiting for ${formatWorkloadRef(ref)}`);
      }
      const seenBefore = events.count;
      const workload = await getWorkload(kube, ref, stop.signal);
      startWatch('workload', workloadPath(ref, false), {
        fieldSelector: `metadata.name=${ref.name}`,
      });
      const selector = matchLabelsSelector(workload);
      if (selector !== undefined) {
        startWatch(
          'pods',
          resourcePath({ apiVersion: 'v1', plural: 'pods', namespace: ref.namespace }),
          {
            labelSelector: selector,
          },
        );
      }
      const status = rolloutStatus(
        workload,
        options.revision === undefined ? {} : { revision: options.revision },
      );
      const key = JSON.stringify([status.message, status.counts]);
      const now = Date.now();
      if (key !== last) {
        last = key;
        lastBeat = now;
        options.onProgress?.(status);
      } else if (now - lastBeat >= heartbeatMs) {
        lastBeat = now;
        options.onHeartbeat?.(status, now - started);
      }
      if (status.failed !== undefined) return { ok: false, status, message: status.message };
      if (status.done) return { ok: true, status, message: status.message };
      if (options.earlyFailure !== false && generationObserved(workload)) {
        let failure = ref.kind === 'Deployment' ? replicaFailure(workload) : undefined;
        if (failure === undefined) {
          const { pods, events } = await newPodsAndEvents(kube, workload, ref, stop.signal);
          failure = podFailure(pods, events);
        }
        if (failure !== undefined) return { ok: false, status, failure, message: failure.message };
      }
      if (Date.now() >= deadline) {
        throw new KprodError(
          'KPROD_TIMEOUT',
          `${formatWorkloadRef(ref)} in ${ref.namespace}: rollout not finished after ${Math.round((Date.now() - started) / 1000)}s: ${status.message}`,
        );
      }
      if (events.count === seenBefore) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            // One listener per round would pile up on the long-lived signal (a leak warning
            // after 11 rounds): take it off whichever way the round ends.
            stop.signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now())));
          wake = done;
          stop.signal.addEventListener('abort', done, { once: true });
        });
        wake = () => undefined;
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    await Promise.all(watches.values());
  }
}

function requireDeployment(ref: WorkloadRef, verb: string): void {
  if (ref.kind !== 'Deployment') {
    throw new KprodError(
      'ROLLOUT_TARGET_INVALID',
      `rollout ${verb} supports Deployments; ${formatWorkloadRef(ref)} is a ${ref.kind}`,
    );
  }
}

async function deploymentAndReplicaSets(
  kube: KubeClient,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<{ deployment: KubeObject; owned: KubeObject[] }> {
  const deployment = await getWorkload(kube, ref, signal);
  const selector = matchLabelsSelector(deployment);
  const replicaSets = await listItems(
    kube,
    resourcePath({ apiVersion: 'apps/v1', plural: 'replicasets', namespace: ref.namespace }),
    { labelSelector: selector },
    signal,
  );
  return { deployment, owned: ownedReplicaSets(deployment, replicaSets) };
}

/** The revisions of a Deployment, oldest first. */
export async function rolloutHistory(
  kube: KubeClient,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<RevisionRow[]> {
  requireDeployment(ref, 'history');
  const { deployment, owned } = await deploymentAndReplicaSets(kube, ref, signal);
  return revisionHistory(deployment, owned);
}

/**
 * Rolls a Deployment back to `toRevision` (0: the previous one) as `kubectl rollout undo` does;
 * ConfigMap versions referenced by the old template come back with it. Returns the restored
 * revision and whether anything changed.
 */
export async function undoRollout(
  kube: KubeClient,
  ref: WorkloadRef,
  options: { toRevision?: number; dryRun?: boolean; signal?: AbortSignal } = {},
): Promise<{ revision: number; changed: boolean; message: string }> {
  requireDeployment(ref, 'undo');
  const { deployment, owned } = await deploymentAndReplicaSets(kube, ref, options.signal);
  const plan = planUndo(deployment, owned, options.toRevision ?? 0);
  if (plan.kind === 'skip')
    return { revision: plan.revision, changed: false, message: plan.message };
  await patchGuarded(kube, {
    path: workloadPath(ref),
    patch: plan.patch,
    what: formatWorkloadRef(ref),
    dryRun: options.dryRun === true,
    signal: options.signal,
  });
  return {
    revision: plan.revision,
    changed: true,
    message: `rolled back to revision ${plan.revision}`,
  };
}

async function setPaused(
  kube: KubeClient,
  ref: WorkloadRef,
  paused: boolean,
  signal?: AbortSignal,
): Promise<{ changed: boolean }> {
  requireDeployment(ref, paused ? 'pause' : 'resume');
  const deployment = await getWorkload(kube, ref, signal);
  if ((booleanAt(recordAt(deployment, 'spec'), 'paused') === true) === paused) {
    return { changed: false };
  }
  await kube.request({
    method: 'PATCH',
    path: workloadPath(ref),
    body: { spec: { paused } },
    contentType: 'application/merge-patch+json',
    signal,
  });
  return { changed: true };
}

/** Pauses a Deployment: template changes then wait until resumed. */
export function pauseRollout(
  kube: KubeClient,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<{ changed: boolean }> {
  return setPaused(kube, ref, true, signal);
}

/** Resumes a paused Deployment, which starts any pending rollout. */
export function resumeRollout(
  kube: KubeClient,
  ref: WorkloadRef,
  signal?: AbortSignal,
): Promise<{ changed: boolean }> {
  return setPaused(kube, ref, false, signal);
}
