import { KprodError } from '../../errors.js';
import { KubeApiError, resourcePath, type KubeClient, type KubeObject } from '../kube.js';
import { waitForRollout } from '../rollout/rollout.js';
import type { Observation, Outcome, ReleaseAction } from './strategy/action.js';
import {
  CREATED_BY_ANNOTATION,
  canaryDeploymentFrom,
  containerImage,
  containerIndex,
  deploymentSpec,
} from './traffic/canary-deployment.js';
import { canaryName, canaryService, colorDeployment, otherColor } from './names.js';
import { analyseCanary } from './analysis/run-analysis.js';
import { parseSmokeCheck, runSmokeChecks, type ProxyGet } from './analysis/smoke.js';
import {
  RELEASE_ANNOTATION,
  REQUEST_ANNOTATION,
  initialReleaseState,
  parseReleaseState,
  serializeReleaseState,
  type ReleaseOptions,
  type ReleaseState,
  type Strategy,
} from './state.js';
import { nextReleaseAction } from './strategy/strategies.js';
import type { TrafficProviderSpec } from './traffic/traffic.js';
import { gatewayTraffic } from './traffic/traffic-gateway.js';
import { istioTraffic } from './traffic/traffic-istio.js';
import { nginxTraffic } from './traffic/traffic-nginx.js';

/**
 * The release loop, the imperative shell around the pure state machines: read the state and
 * any promote/abort request from the cluster, decide, persist the decided state, perform its
 * action, and feed the outcome to the next decision. Every action is idempotent, so a release
 * killed at any point resumes by running this loop again.
 */

/** One line of the release log. */
export interface ReleaseEvent {
  time: string;
  release: string;
  strategy: Strategy;
  phase: string;
  status: ReleaseState['status'];
  /** The action started (`set-traffic 25`), or `finish`. */
  action: string;
  message: string;
}

/** What a run needs. */
export interface RunReleaseOptions {
  kube: KubeClient;
  namespace: string;
  /** The release name: `NAME` of `deploy/NAME`. */
  name: string;
  /** Starts a release; without it the loop resumes the one on the cluster. */
  start?: { strategy: Strategy; image: string; options: ReleaseOptions };
  onEvent?: (event: ReleaseEvent) => void;
  signal?: AbortSignal;
  /** How often a wait looks for promote/abort requests; default 2 s. */
  pollMs?: number;
  /** Deadline of each rollout wait; a rollout past it counts as failed. Default 10 min. */
  rolloutTimeoutMs?: number;
  /** Sends smoke-check GETs; default through `kube`. */
  proxyGet?: ProxyGet;
  /** Replaces the Prometheus analysis (tests of the loop). */
  analyse?: (state: ReleaseState) => Promise<Outcome>;
  now?: () => number;
}

/** Where a release's state lives: the Deployment, or for blue-green the live Service. */
export function holderPath(strategy: Strategy, namespace: string, name: string): string {
  return strategy === 'blue-green'
    ? resourcePath({ apiVersion: 'v1', plural: 'services', namespace, name })
    : deploymentPath(namespace, name);
}

function deploymentPath(namespace: string, name: string): string {
  return resourcePath({ apiVersion: 'apps/v1', plural: 'deployments', namespace, name });
}

/** A release found on the cluster, with the path of the object holding it. */
export interface FoundRelease {
  state: ReleaseState;
  path: string;
  /** The pending promote/abort request for this release, if any. */
  request: 'promote' | 'abort' | undefined;
}

/** Reads the release state of `NAME`: on the Deployment, else on the Service. */
export async function findRelease(
  kube: KubeClient,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<FoundRelease | null> {
  for (const strategy of ['canary', 'blue-green'] as const) {
    const path = holderPath(strategy, namespace, name);
    const holder = await kube.getOrNull(path, signal);
    const text = holder?.metadata?.annotations?.[RELEASE_ANNOTATION];
    if (holder === null || text === undefined) continue;
    const state = parseReleaseState(text, `${holder.kind ?? 'object'} ${namespace}/${name}`);
    return { state, path, request: requestOf(holder, state) };
  }
  return null;
}

/** A request counts only for the release it was written for (its start time). */
function requestOf(holder: KubeObject, state: ReleaseState): 'promote' | 'abort' | undefined {
  const raw = holder.metadata?.annotations?.[REQUEST_ANNOTATION] ?? '';
  const [request, startedAt] = raw.split('@');
  if (startedAt !== state.startedAt) return undefined;
  return request === 'promote' || request === 'abort' ? request : undefined;
}

/**
 * Records a promote or abort request on the release's object, for the running loop (or the next
 * resume) to act on. Raises RELEASE_NOT_FOUND when no release exists.
 */
export async function requestRelease(
  kube: KubeClient,
  namespace: string,
  name: string,
  request: 'promote' | 'abort',
  signal?: AbortSignal,
): Promise<FoundRelease> {
  const found = await findRelease(kube, namespace, name, signal);
  if (found === null) throw notFound(namespace, name);
  await patchAnnotations(kube, found.path, {
    [REQUEST_ANNOTATION]: `${request}@${found.state.startedAt}`,
  });
  return { ...found, request };
}

function notFound(namespace: string, name: string): KprodError {
  return new KprodError(
    'RELEASE_NOT_FOUND',
    `no release state on Deployment or Service ${namespace}/${name}`,
  );
}

async function patchAnnotations(
  kube: KubeClient,
  path: string,
  annotations: Record<string, string | null>,
): Promise<KubeObject> {
  return kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { metadata: { annotations } },
  });
}

/** Runs (or resumes) a release until it ends; returns its final state. */
export async function runRelease(options: RunReleaseOptions): Promise<ReleaseState> {
  const { kube, namespace, name } = options;
  const now = options.now ?? Date.now;
  let state = await startOrResume(options, now());
  const path = holderPath(state.strategy, namespace, name);
  const emit = (action: string, message: string): void => {
    options.onEvent?.({
      time: new Date(now()).toISOString(),
      release: `${namespace}/${name}`,
      strategy: state.strategy,
      phase: state.phase,
      status: state.status,
      action,
      message,
    });
  };
  let outcome: Outcome | undefined;
  for (;;) {
    const holder = await kube.getOrNull(path, options.signal);
    // Another driver (`kprod release abort` run elsewhere) may have moved the release on: the
    // annotation, not this process's memory, is the state.
    const recorded = holder?.metadata?.annotations?.[RELEASE_ANNOTATION];
    if (recorded !== undefined) {
      const current = parseReleaseState(
        recorded,
        `${holder?.kind ?? 'object'} ${namespace}/${name}`,
      );
      if (current.startedAt === state.startedAt && current.updatedAt !== state.updatedAt) {
        state = current;
        outcome = undefined;
      }
    }
    const observation: Observation = {
      now: now(),
      outcome,
      request: holder === null ? undefined : requestOf(holder, state),
    };
    const decision = nextReleaseAction(state, observation);
    if (decision.state !== state) {
      await persist(kube, path, decision.state);
      state = decision.state;
    }
    if (decision.action.type === 'finish') {
      await patchAnnotations(kube, path, { [REQUEST_ANNOTATION]: null });
      emit('finish', state.message ?? state.status);
      return state;
    }
    emit(describeAction(decision.action), actionMessage(decision.action, state));
    outcome = await perform(options, state, decision.action);
    if (outcome !== undefined && outcome.kind !== 'done' && outcome.kind !== 'waited') {
      emit(`${outcome.kind} result`, outcome.message);
    }
  }
}

async function persist(kube: KubeClient, path: string, state: ReleaseState): Promise<void> {
  await patchAnnotations(kube, path, { [RELEASE_ANNOTATION]: serializeReleaseState(state) });
}

async function startOrResume(options: RunReleaseOptions, now: number): Promise<ReleaseState> {
  const { kube, namespace, name, start } = options;
  const found = await findRelease(kube, namespace, name, options.signal);
  if (start === undefined) {
    if (found === null) throw notFound(namespace, name);
    return found.state;
  }
  if (found?.state.status === 'progressing') {
    const same = found.state.image === start.image && found.state.strategy === start.strategy;
    if (same) return found.state;
    throw new KprodError(
      'RELEASE_IN_PROGRESS',
      `a ${found.state.strategy} release of ${found.state.image} is progressing on ${namespace}/${name} (phase ${found.state.phase})`,
    );
  }
  const path = holderPath(start.strategy, namespace, name);
  const base = {
    strategy: start.strategy,
    name,
    namespace,
    image: start.image,
    now,
    options: start.options,
  };
  let state: ReleaseState;
  if (start.strategy === 'blue-green') {
    const service = await getRequired(kube, path, `Service ${namespace}/${name}`);
    const selector = ((service['spec'] ?? {}) as { selector?: Record<string, string> }).selector;
    const live = selector?.['color'];
    if (live !== 'blue' && live !== 'green') {
      throw new KprodError(
        'RELEASE_TARGET_INVALID',
        `Service ${namespace}/${name} does not select color: blue or green (selector ${JSON.stringify(selector ?? {})})`,
        { hint: 'Apply deploy/ with the blue-green component.' },
      );
    }
    const liveDeployment = await getRequired(
      kube,
      deploymentPath(namespace, colorDeployment(name, live)),
      `Deployment ${namespace}/${colorDeployment(name, live)}`,
    );
    state = initialReleaseState({
      ...base,
      previousImage: containerImage(liveDeployment, start.options.container),
      live,
      replicas: deploymentSpec(liveDeployment).replicas ?? 1,
    });
  } else {
    const deployment = await getRequired(kube, path, `Deployment ${namespace}/${name}`);
    state = initialReleaseState({
      ...base,
      previousImage: containerImage(deployment, start.options.container),
    });
  }
  await patchAnnotations(kube, path, {
    [RELEASE_ANNOTATION]: serializeReleaseState(state),
    [REQUEST_ANNOTATION]: null,
  });
  return state;
}

async function getRequired(kube: KubeClient, path: string, what: string): Promise<KubeObject> {
  const object = await kube.getOrNull(path);
  if (object === null) {
    throw new KprodError('RELEASE_TARGET_INVALID', `${what} does not exist`, {
      hint: 'Check the name and namespace (-n); docs/release.md lists the objects each strategy uses.',
    });
  }
  return object;
}

/** A short, exact description of an action for the log. */
export function describeAction(action: ReleaseAction): string {
  switch (action.type) {
    case 'set-image':
    case 'ensure-canary':
      return `${action.type} ${action.deployment}`;
    case 'wait-rollout':
    case 'delete-deployment':
      return `${action.type} ${action.deployment}`;
    case 'scale':
      return `scale ${action.deployment} ${String(action.replicas)}`;
    case 'set-traffic':
      return `set-traffic ${String(action.weight)}`;
    case 'wait':
      return `wait ${action.until}`;
    case 'smoke':
      return `smoke ${action.service}`;
    case 'point-service':
      return `point-service ${action.service} ${action.color}`;
    default:
      return action.type;
  }
}

function actionMessage(action: ReleaseAction, state: ReleaseState): string {
  switch (action.type) {
    case 'set-image':
      return `image ${action.image}${action.replicas === undefined ? '' : `, ${String(action.replicas)} replicas`}`;
    case 'ensure-canary':
      return `canary from ${action.from} with ${action.image}, ${String(action.replicas)} replica(s)`;
    case 'set-traffic':
      return `${String(action.weight)}% of traffic to the canary (${state.options.traffic})`;
    case 'wait':
      return state.phase === 'hold'
        ? `holding step ${String(state.step + 1)}/${String(state.options.steps.length)}`
        : 'keeping the old colour';
    case 'analyse':
      return `analysis ${String(state.failures)}/${String(state.options.failureLimit)} failures so far`;
    default:
      return '';
  }
}

/** Performs one action; undefined when a promote/abort request interrupted it. */
async function perform(
  options: RunReleaseOptions,
  state: ReleaseState,
  action: ReleaseAction,
): Promise<Outcome | undefined> {
  const { kube, namespace } = options;
  const container = state.options.container;
  switch (action.type) {
    case 'set-image': {
      await setImage(kube, deploymentPath(namespace, action.deployment), container, action);
      return { kind: 'done' };
    }
    case 'ensure-canary': {
      const path = deploymentPath(namespace, action.deployment);
      const existing = await kube.getOrNull(path, options.signal);
      if (existing === null) {
        const stable = await getRequired(
          kube,
          deploymentPath(namespace, action.from),
          `Deployment ${namespace}/${action.from}`,
        );
        const body = canaryDeploymentFrom(stable, {
          ...action,
          name: action.deployment,
          container,
        });
        await kube.request({ method: 'POST', path: deploymentPath(namespace, ''), body });
      } else {
        await setImage(kube, path, container, action);
      }
      if (state.options.traffic !== 'istio') await ensureCanaryService(kube, namespace, state.name);
      return { kind: 'done' };
    }
    case 'wait-rollout':
      return waitRollout(options, state, action.deployment);
    case 'scale':
      await scale(kube, deploymentPath(namespace, action.deployment), action.replicas);
      return { kind: 'done' };
    case 'delete-deployment': {
      const path = deploymentPath(namespace, action.deployment);
      const existing = await kube.getOrNull(path, options.signal);
      if (existing?.metadata?.annotations?.[CREATED_BY_ANNOTATION] !== undefined) {
        await kube.request({ method: 'DELETE', path }).catch(ignoreNotFound);
      } else if (existing !== null) {
        // deploy/'s own canary Deployment: `kubectl apply -k` would recreate it, so park it.
        await scale(kube, path, 0);
      }
      return { kind: 'done' };
    }
    case 'set-traffic':
      await setTraffic(kube, namespace, state, action.weight);
      return { kind: 'done' };
    case 'wait':
      return (await untilOrRequest(options, state, Date.parse(action.until)))
        ? { kind: 'waited' }
        : undefined;
    case 'analyse':
      return analyse(options, state);
    case 'smoke': {
      const get = options.proxyGet ?? kubeProxyGet(kube);
      const checks = state.options.smoke.map(parseSmokeCheck);
      const result = await runSmokeChecks(
        get,
        { namespace, service: action.service, port: 'http' },
        checks,
        options.signal,
      );
      return { kind: 'smoke', ...result };
    }
    case 'point-service':
      await pointService(kube, namespace, action);
      return { kind: 'done' };
    case 'finish':
      return { kind: 'done' };
  }
}

function ignoreNotFound(error: unknown): void {
  if (error instanceof KubeApiError && error.status === 404) return;
  throw error;
}

async function setImage(
  kube: KubeClient,
  path: string,
  container: string | undefined,
  change: { image: string; replicas?: number },
): Promise<void> {
  const deployment = await getRequired(kube, path, `Deployment ${path.split('/').pop() ?? ''}`);
  const index = containerIndex(deployment, container);
  const ops: unknown[] = [
    {
      op: 'replace',
      path: `/spec/template/spec/containers/${String(index)}/image`,
      value: change.image,
    },
  ];
  if (change.replicas !== undefined)
    ops.push({ op: 'replace', path: '/spec/replicas', value: change.replicas });
  await kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/json-patch+json',
    body: ops,
  });
}

async function scale(kube: KubeClient, path: string, replicas: number): Promise<void> {
  await kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
  });
}

const PROVIDERS: Record<ReleaseOptions['traffic'], TrafficProviderSpec> = {
  nginx: nginxTraffic,
  istio: istioTraffic,
  gateway: gatewayTraffic,
};

async function setTraffic(
  kube: KubeClient,
  namespace: string,
  state: ReleaseState,
  weight: number,
): Promise<void> {
  const provider = PROVIDERS[state.options.traffic];
  const release = { namespace, name: state.name };
  const refs = provider.refs(release);
  const pathOf = (ref: (typeof refs)[number], name?: string): string =>
    resourcePath({ apiVersion: ref.apiVersion, plural: ref.plural, namespace, name });
  const found = await Promise.all(refs.map((ref) => kube.getOrNull(pathOf(ref, ref.name))));
  const written = provider.render(release, weight, found);
  for (const object of written) {
    const index = refs.findIndex((r) => r.kind === object.kind && r.name === object.metadata?.name);
    const ref = refs[index];
    if (ref === undefined) continue;
    const current = found[index] ?? null;
    if (current === null) {
      await kube.request({
        method: 'POST',
        path: pathOf(ref),
        body: { ...object, metadata: { ...object.metadata, namespace } },
      });
    } else if (JSON.stringify(current) !== JSON.stringify(object)) {
      // PUT with the resourceVersion read above: a concurrent edit fails with 409 instead of
      // being overwritten; the release then stops and can be resumed.
      await kube.request({ method: 'PUT', path: pathOf(ref, ref.name), body: object });
    }
  }
}

async function pointService(
  kube: KubeClient,
  namespace: string,
  action: Extract<ReleaseAction, { type: 'point-service' }>,
): Promise<void> {
  const path = resourcePath({
    apiVersion: 'v1',
    plural: 'services',
    namespace,
    name: action.service,
  });
  const existing = await kube.getOrNull(path);
  if (existing === null && action.template !== undefined) {
    const template = await getRequired(
      kube,
      resourcePath({ apiVersion: 'v1', plural: 'services', namespace, name: action.template }),
      `Service ${namespace}/${action.template}`,
    );
    const spec = (template['spec'] ?? {}) as { selector?: Record<string, string>; ports?: unknown };
    await kube.request({
      method: 'POST',
      path: resourcePath({ apiVersion: 'v1', plural: 'services', namespace }),
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: action.service,
          namespace,
          labels: template.metadata?.labels ?? {},
          annotations: { [CREATED_BY_ANNOTATION]: 'kprod-release' },
        },
        spec: { selector: { ...spec.selector, color: action.color }, ports: spec.ports },
      },
    });
    return;
  }
  if (existing === null) {
    throw new KprodError(
      'RELEASE_TARGET_INVALID',
      `Service ${namespace}/${action.service} does not exist`,
    );
  }
  await kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { spec: { selector: { color: action.color } } },
  });
  if (action.template === undefined) await retargetAutoscaler(kube, namespace, action);
}

/**
 * deploy/'s blue-green autoscaler `NAME` follows the live colour; after a switch it must scale
 * the new live Deployment, not the one about to be scaled to zero.
 */
async function retargetAutoscaler(
  kube: KubeClient,
  namespace: string,
  action: Extract<ReleaseAction, { type: 'point-service' }>,
): Promise<void> {
  const path = resourcePath({
    apiVersion: 'autoscaling/v2',
    plural: 'horizontalpodautoscalers',
    namespace,
    name: action.service,
  });
  const hpa = await kube.getOrNull(path);
  const target = ((hpa?.['spec'] ?? {}) as { scaleTargetRef?: { name?: string } }).scaleTargetRef;
  const wanted = colorDeployment(action.service, action.color);
  const old = colorDeployment(action.service, otherColor(action.color));
  if (target?.name !== old) return;
  await kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { spec: { scaleTargetRef: { name: wanted } } },
  });
}

/**
 * The Service the nginx and Gateway API providers send the canary share to. deploy/'s canary
 * component ships it; without it kprod derives it from the Service `NAME` (same ports, selector
 * narrowed to `track: canary`), as otherwise the canary share would go nowhere.
 */
async function ensureCanaryService(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<void> {
  const services = (n?: string): string =>
    resourcePath({ apiVersion: 'v1', plural: 'services', namespace, name: n });
  if ((await kube.getOrNull(services(canaryService(name)))) !== null) return;
  const template = await getRequired(kube, services(name), `Service ${namespace}/${name}`);
  const spec = (template['spec'] ?? {}) as { selector?: Record<string, string>; ports?: unknown };
  await kube.request({
    method: 'POST',
    path: services(),
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: canaryService(name),
        namespace,
        labels: { ...template.metadata?.labels, track: 'canary' },
        annotations: { [CREATED_BY_ANNOTATION]: 'kprod-release' },
      },
      spec: { selector: { ...spec.selector, track: 'canary' }, ports: spec.ports },
    },
  });
}

/**
 * A signal that aborts when the caller's does, when a promote/abort request appears, or when
 * another driver moved the recorded state on (then this loop adopts it instead of waiting).
 */
function requestWatch(
  options: RunReleaseOptions,
  state: ReleaseState,
): { signal: AbortSignal; requested: () => boolean; stop: () => void } {
  const controller = new AbortController();
  let requested = false;
  const path = holderPath(state.strategy, options.namespace, options.name);
  const onAbort = (): void => {
    controller.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    options.kube.getOrNull(path, controller.signal).then(
      (holder) => {
        const recorded = holder?.metadata?.annotations?.[RELEASE_ANNOTATION];
        const movedOn =
          recorded !== undefined && !recorded.includes(`"updatedAt":"${state.updatedAt}"`);
        if (holder !== null && (requestOf(holder, state) !== undefined || movedOn)) {
          requested = true;
          controller.abort();
        }
      },
      () => undefined,
    );
  }, options.pollMs ?? 2000);
  return {
    signal: controller.signal,
    requested: () => requested,
    stop: () => {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function interrupted(): KprodError {
  return new KprodError('KPROD_INTERRUPTED', 'release interrupted; its state is saved', {
    hint: 'Resume with the same command, or `kprod release abort deploy/NAME`.',
  });
}

/** Waits until `until`; false when a request came first. */
async function untilOrRequest(
  options: RunReleaseOptions,
  state: ReleaseState,
  until: number,
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const delay = until - now();
  if (delay <= 0) return true;
  const watch = requestWatch(options, state);
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      watch.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  } finally {
    watch.stop();
  }
  if (watch.requested()) return false;
  if (options.signal?.aborted === true) throw interrupted();
  return true;
}

async function waitRollout(
  options: RunReleaseOptions,
  state: ReleaseState,
  deployment: string,
): Promise<Outcome | undefined> {
  const watch = requestWatch(options, state);
  try {
    const result = await waitForRollout(
      options.kube,
      { kind: 'Deployment', namespace: options.namespace, name: deployment },
      {
        timeoutMs: options.rolloutTimeoutMs ?? 600_000,
        signal: watch.signal,
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      },
    );
    return { kind: 'rollout', ok: result.ok, message: `${deployment}: ${result.message}` };
  } catch (error) {
    if (watch.requested()) return undefined;
    if (options.signal?.aborted === true) throw interrupted();
    // A rollout that does not finish in time is a failed rollout: the release rolls back.
    if (error instanceof KprodError && error.code === 'KPROD_TIMEOUT') {
      return { kind: 'rollout', ok: false, message: error.message };
    }
    throw error;
  } finally {
    watch.stop();
  }
}

async function analyse(options: RunReleaseOptions, state: ReleaseState): Promise<Outcome> {
  if (options.analyse !== undefined) return options.analyse(state);
  const prometheus = state.options.prometheus;
  if (prometheus === undefined) {
    return { kind: 'analysis', passed: false, message: 'no --prometheus URL to analyse with' };
  }
  try {
    const result = await analyseCanary({
      prometheus,
      namespace: state.namespace,
      deployment: canaryName(state.name),
      windowMs: state.options.intervalMs,
      thresholds: { successRate: state.options.successRate, p99Seconds: state.options.p99Seconds },
      queries: state.options.queries,
      signal: options.signal,
    });
    return { kind: 'analysis', passed: result.passed, message: result.message };
  } catch (error) {
    if (options.signal?.aborted === true) throw interrupted();
    // An unreachable Prometheus proves nothing about the canary: a failed analysis, counted
    // against the failure limit, rather than a crash that leaves traffic on the canary.
    if (error instanceof KprodError) {
      return { kind: 'analysis', passed: false, message: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}

/**
 * Smoke GETs through the API server's service proxy: the backend's own status and body, as text,
 * so `~BODY` expectations work on plain-text answers such as multiroute's.
 */
export function kubeProxyGet(kube: KubeClient): ProxyGet {
  return (path, signal) => kube.requestText({ method: 'GET', path, signal });
}
