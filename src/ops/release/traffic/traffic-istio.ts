import { KprodError } from '../../../errors.js';
import type { KubeObject } from '../../kube-api.js';
import {
  editableRecordAt,
  editableRecordsAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import { SUBSETS } from '../names.js';
import { CANARY_HEADER, type TrafficProviderSpec, type TrafficRelease } from './traffic.js';

/**
 * Istio: the VirtualService `NAME` splits its weighted route between the DestinationRule subsets
 * `v1` (stable) and `v2` (canary); a first route sends `test-version: v2` to the canary. When
 * deploy/'s istio/traffic component created them, only the two weights change; otherwise both
 * objects are created.
 */

export const istioTraffic: TrafficProviderSpec = {
  refs(release) {
    return [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        plural: 'virtualservices',
        name: release.name,
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        plural: 'destinationrules',
        name: release.name,
      },
    ];
  },
  render(release, weight, [virtualService, destinationRule]) {
    const vs =
      virtualService === null || virtualService === undefined
        ? istioVirtualService(release, weight)
        : withIstioWeights(virtualService, weight, release);
    return [vs, destinationRule ?? istioDestinationRule(release)];
  },
};

/** The Service host the objects route for. */
export function istioHost(release: TrafficRelease): string {
  return `${release.name}.${release.namespace}.svc.cluster.local`;
}

/**
 * Sets the weights of every route that splits between the stable and canary subsets. Raises
 * RELEASE_TARGET_INVALID when there is none: kprod would otherwise report a weight it never set.
 */
export function withIstioWeights(
  vs: KubeObject,
  weight: number,
  release: TrafficRelease,
): KubeObject {
  const out = structuredClone(vs);
  const subsetOf = (route: unknown): string | undefined =>
    stringAt(recordAt(route, 'destination'), 'subset');
  let changed = 0;
  for (const http of editableRecordsAt(editableRecordAt(out, 'spec'), 'http')) {
    const routes = editableRecordsAt(http, 'route');
    const subsets = new Set(routes.map(subsetOf));
    if (!subsets.has(SUBSETS.stable) || !subsets.has(SUBSETS.canary)) continue;
    for (const route of routes) {
      if (subsetOf(route) === SUBSETS.stable) route['weight'] = 100 - weight;
      else if (subsetOf(route) === SUBSETS.canary) route['weight'] = weight;
    }
    changed += 1;
  }
  if (changed === 0) {
    throw new KprodError(
      'RELEASE_TARGET_INVALID',
      `VirtualService ${release.namespace}/${release.name} has no route split between subsets ${SUBSETS.stable} and ${SUBSETS.canary}`,
      {
        hint: 'Apply deploy/ with the istio/traffic component, or delete the VirtualService so kprod creates it.',
      },
    );
  }
  return out;
}

/** A VirtualService with the header route and the weighted route. */
export function istioVirtualService(release: TrafficRelease, weight: number): KubeObject {
  const host = istioHost(release);
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: release.name,
      namespace: release.namespace,
      labels: { 'app.kubernetes.io/name': release.name },
    },
    spec: {
      hosts: [host],
      http: [
        {
          name: 'header-v2',
          match: [{ headers: { [CANARY_HEADER.name]: { exact: CANARY_HEADER.value } } }],
          route: [{ destination: { host, subset: SUBSETS.canary } }],
        },
        {
          name: 'weighted',
          route: [
            { destination: { host, subset: SUBSETS.stable }, weight: 100 - weight },
            { destination: { host, subset: SUBSETS.canary }, weight },
          ],
        },
      ],
    },
  };
}

/** A DestinationRule whose subsets select the tracks by `app.kubernetes.io/version`. */
export function istioDestinationRule(release: TrafficRelease): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {
      name: release.name,
      namespace: release.namespace,
      labels: { 'app.kubernetes.io/name': release.name },
    },
    spec: {
      host: istioHost(release),
      subsets: [SUBSETS.stable, SUBSETS.canary].map((name) => ({
        name,
        labels: { 'app.kubernetes.io/version': name },
      })),
    },
  };
}
