import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/prometheus.js';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { connectKube } from '../kube.js';
import { requestWatch } from './request-watch.js';
import { initialReleaseState, serializeReleaseState, type ReleaseState } from './state.js';

const PATH = '/apis/apps/v1/namespaces/prod/deployments/web';

function canaryAt(phase: string): ReleaseState {
  const state = initialReleaseState({
    strategy: 'canary',
    name: 'web',
    namespace: 'prod',
    image: 'reg/web:2',
    previousImage: 'reg/web:1',
    now: 0,
    options: {
      steps: [10, 50],
      intervalMs: 1000,
      traffic: 'nginx',
      successRate: 0.99,
      p99Seconds: 0.5,
      failureLimit: 2,
      keepOldMs: 0,
      smoke: [],
      rollback: true,
      canaryReplicas: 1,
    },
  });
  return { ...state, phase };
}

describe('requestWatch', () => {
  let double: KubeDouble;

  beforeEach(async () => {
    double = await startKubeDouble();
  });
  afterEach(async () => {
    await double.stop();
  });

  /**
   * Records `state` and `request` on the Deployment and watches until the watch reports the
   * request, or (`polls` given) until that many reads reached the server. A read is counted when
   * the server receives it, before the watch has read its answer, so a wait that expects the
   * request waits for the watch itself.
   */
  async function watchWith(state: ReleaseState, request: string, polls?: number): Promise<boolean> {
    double.put(PATH, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'prod',
        annotations: {
          'kprod.dev/release': serializeReleaseState(state),
          'kprod.dev/release-request': `${request}@${state.startedAt}`,
        },
      },
    });
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    const watch = requestWatch({ kube, namespace: 'prod', name: 'web', pollMs: 10 }, state);
    try {
      await waitFor(polls === undefined ? 'the request' : `${String(polls)} reads`, () =>
        Promise.resolve(
          watch.requested() ||
            (polls !== undefined && double.requests.filter((r) => r.path === PATH).length >= polls)
            ? true
            : undefined,
        ),
      );
      return watch.requested();
    } finally {
      watch.stop();
    }
  }

  it('should end a wait for a promote request the release can still act on', async () => {
    expect(await watchWith(canaryAt('hold'), 'promote')).toBe(true);
  });

  it('should end a wait for an abort request', async () => {
    expect(await watchWith(canaryAt('wait-stable'), 'abort')).toBe(true);
  });

  it('should not end a wait for a promote already acted on (two drivers, the request still recorded)', async () => {
    expect(await watchWith(canaryAt('wait-stable'), 'promote', 5)).toBe(false);
  });
});
