import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type KubeDouble,
  type Obj,
  startKubeDouble,
} from '../../../../test/support/kube-double.js';
import { connectKube } from '../../kube.js';
import { initialReleaseState, type ReleaseState } from '../state.js';
import { setTraffic } from './set-traffic.js';

const ROUTE = '/apis/gateway.networking.k8s.io/v1/namespaces/prod/httproutes/web';

function route(stable: number, canary: number): Obj {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'prod' },
    spec: {
      rules: [
        {
          backendRefs: [
            { name: 'web-stable', port: 3000, weight: stable },
            { name: 'web-canary', port: 3000, weight: canary },
          ],
        },
      ],
    },
  };
}

function weights(double: KubeDouble): number[] {
  const spec = double.get(ROUTE)?.['spec'] as { rules: { backendRefs: { weight: number }[] }[] };
  return spec.rules[0]!.backendRefs.map((ref) => ref.weight);
}

const STATE: ReleaseState = initialReleaseState({
  strategy: 'canary',
  name: 'web',
  namespace: 'prod',
  image: 'reg/web:2',
  previousImage: 'reg/web:1',
  now: 0,
  options: {
    steps: [10, 50],
    intervalMs: 1000,
    traffic: 'gateway',
    successRate: 0.99,
    p99Seconds: 0.5,
    failureLimit: 2,
    keepOldMs: 0,
    smoke: [],
    rollback: true,
    canaryReplicas: 1,
  },
});

describe('setTraffic', () => {
  let double: KubeDouble;

  beforeEach(async () => {
    double = await startKubeDouble();
    double.put(ROUTE, route(100, 0));
  });
  afterEach(async () => {
    await double.stop();
  });

  /** Another writer changes the route between this driver's read and its PUT. */
  function writeBeforeFirstPut(other: Obj): void {
    let done = false;
    double.override((req) => {
      if (req.method === 'PUT' && !done) {
        done = true;
        double.put(ROUTE, other);
      }
      return undefined;
    });
  }

  it('should accept a conflict when the other writer set the same weights (two drivers of one release)', async () => {
    writeBeforeFirstPut(route(90, 10));
    await setTraffic(connectKube({ kubeconfig: double.kubeconfigPath }), 'prod', STATE, 10);
    expect(weights(double)).toEqual([90, 10]);
  });

  it('should stop with KUBE_CONFLICT when the other writer changed the route otherwise', async () => {
    writeBeforeFirstPut(route(70, 30));
    await expect(
      setTraffic(connectKube({ kubeconfig: double.kubeconfigPath }), 'prod', STATE, 10),
    ).rejects.toMatchObject({ code: 'KUBE_CONFLICT' });
    expect(weights(double)).toEqual([70, 30]);
  });
});
