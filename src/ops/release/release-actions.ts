import { KprodError } from '../../errors.js';
import { KubeApiError, type KubeClient } from '../kube-api.js';
import { type JsonPatchOp, patchGuarded } from '../rollout/json-patch.js';
import { waitForRollout } from '../rollout/rollout.js';
import { analyseCanary } from './analysis/run-analysis.js';
import { parseSmokeCheck, runSmokeChecks, type ProxyGet } from './analysis/smoke.js';
import { canaryName } from './names.js';
import { deploymentPath, getRequired } from './release-record.js';
import { ensureCanaryService, pointService } from './release-services.js';
import { interrupted, requestWatch, untilOrRequest } from './request-watch.js';
import type { RunReleaseOptions } from './run-options.js';
import type { ReleaseState } from './state.js';
import type { Outcome, ReleaseAction } from './strategy/action.js';
import {
  CREATED_BY_ANNOTATION,
  canaryDeploymentFrom,
  containerImage,
  containerIndex,
} from './traffic/canary-deployment.js';
import { setTraffic } from './traffic/set-traffic.js';

/**
 * The actions of the release machines, performed on the cluster. Each is idempotent: a resumed
 * release performs the action of its recorded phase again.
 */

/** Performs one action; undefined when a promote/abort request interrupted it. */
export async function performAction(
  options: RunReleaseOptions,
  state: ReleaseState,
  action: ReleaseAction,
): Promise<Outcome | undefined> {
  const { kube, namespace } = options;
  switch (action.type) {
    case 'set-image':
      await setImage(kube, deploymentPath(namespace, action.deployment), state, action);
      return { kind: 'done' };
    case 'ensure-canary':
      await ensureCanary(options, state, action);
      return { kind: 'done' };
    case 'wait-rollout':
      return waitRollout(options, state, action.deployment);
    case 'scale':
      await scale(kube, deploymentPath(namespace, action.deployment), action.replicas);
      return { kind: 'done' };
    case 'delete-deployment':
      await deleteDeployment(options, action.deployment);
      return { kind: 'done' };
    case 'set-traffic':
      await setTraffic(kube, namespace, state, action.weight);
      return { kind: 'done' };
    case 'wait':
      return (await untilOrRequest(options, state, Date.parse(action.until)))
        ? { kind: 'waited' }
        : undefined;
    case 'analyse':
      return analyse(options, state);
    case 'smoke':
      return smoke(options, state, action.service);
    case 'point-service':
      await pointService(kube, namespace, action);
      return { kind: 'done' };
    case 'finish':
      return { kind: 'done' };
  }
}

async function ensureCanary(
  options: RunReleaseOptions,
  state: ReleaseState,
  action: Extract<ReleaseAction, { type: 'ensure-canary' }>,
): Promise<void> {
  const { kube, namespace } = options;
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
      container: state.options.container,
    });
    await kube.request({ method: 'POST', path: deploymentPath(namespace, ''), body });
  } else {
    await setImage(kube, path, state, action);
  }
  if (state.options.traffic !== 'istio') await ensureCanaryService(kube, namespace, state.name);
}

async function deleteDeployment(options: RunReleaseOptions, deployment: string): Promise<void> {
  const { kube } = options;
  const path = deploymentPath(options.namespace, deployment);
  const existing = await kube.getOrNull(path, options.signal);
  if (existing?.metadata?.annotations?.[CREATED_BY_ANNOTATION] !== undefined) {
    await kube.request({ method: 'DELETE', path }).catch(ignoreNotFound);
  } else if (existing !== null) {
    // deploy/'s own canary Deployment: `kubectl apply -k` would recreate it, so park it.
    await scale(kube, path, 0);
  }
}

function ignoreNotFound(error: unknown): void {
  if (error instanceof KubeApiError && error.status === 404) return;
  throw error;
}

/**
 * Sets the release's container image (and the replicas, when given) with the same guarded write
 * as `kprod set image`: the patch tests the image kprod read, so a concurrent change of it is
 * KUBE_CONFLICT instead of being overwritten.
 */
async function setImage(
  kube: KubeClient,
  path: string,
  state: ReleaseState,
  change: { image: string; replicas?: number },
): Promise<void> {
  const what = `Deployment ${path.split('/').pop() ?? ''}`;
  const deployment = await getRequired(kube, path, what);
  const index = containerIndex(deployment, state.options.container);
  const imagePath = `/spec/template/spec/containers/${String(index)}/image`;
  const patch: JsonPatchOp[] = [
    { op: 'test', path: imagePath, value: containerImage(deployment, state.options.container) },
    { op: 'replace', path: imagePath, value: change.image },
  ];
  if (change.replicas !== undefined) {
    patch.push({ op: 'replace', path: '/spec/replicas', value: change.replicas });
  }
  await patchGuarded(kube, { path, patch, what });
}

async function scale(kube: KubeClient, path: string, replicas: number): Promise<void> {
  await kube.request({
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
  });
}

async function smoke(
  options: RunReleaseOptions,
  state: ReleaseState,
  service: string,
): Promise<Outcome> {
  const get = options.proxyGet ?? kubeProxyGet(options.kube);
  const checks = state.options.smoke.map(parseSmokeCheck);
  const result = await runSmokeChecks(
    get,
    { namespace: options.namespace, service, port: 'http' },
    checks,
    options.signal,
  );
  return { kind: 'smoke', ...result };
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
