import { KprodError } from '../../../errors.js';
import type { KubeObject } from '../../kube-api.js';
import { editableRecordAt, editableRecordsAt } from '../../../kube/field-access.js';
import { canaryService, stableService } from '../names.js';
import type { TrafficProviderSpec } from './traffic.js';

/**
 * Gateway API: the HTTPRoute `NAME` (deploy/'s gateway-api-canary component) has a rule whose
 * backendRefs are the stable and canary Services; their weights are set. The route's parents
 * (Gateway, listener) are the cluster's own, so kprod never creates the route.
 */

export const gatewayTraffic: TrafficProviderSpec = {
  refs(release) {
    return [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        plural: 'httproutes',
        name: release.name,
      },
    ];
  },
  render(release, weight, [route]) {
    const where = `HTTPRoute ${release.namespace}/${release.name}`;
    if (route === null || route === undefined) {
      throw new KprodError('RELEASE_TARGET_INVALID', `${where} does not exist`, {
        hint: 'Apply deploy/ with the gateway-api and gateway-api-canary components.',
      });
    }
    return [withRouteWeights(route, weight, release.name, where)];
  },
};

/** Sets the backend weights of every rule that sends to both the stable and canary Services. */
export function withRouteWeights(
  route: KubeObject,
  weight: number,
  name: string,
  where: string,
): KubeObject {
  const out = structuredClone(route);
  const stable = stableService(name);
  const canary = canaryService(name);
  let changed = 0;
  for (const rule of editableRecordsAt(editableRecordAt(out, 'spec'), 'rules')) {
    const refs = editableRecordsAt(rule, 'backendRefs');
    const names = new Set(refs.map((ref) => ref['name']));
    if (!names.has(stable) || !names.has(canary)) continue;
    for (const ref of refs) {
      if (ref['name'] === stable) ref['weight'] = 100 - weight;
      else if (ref['name'] === canary) ref['weight'] = weight;
    }
    changed += 1;
  }
  if (changed === 0) {
    throw new KprodError(
      'RELEASE_TARGET_INVALID',
      `${where} has no rule with backendRefs to both ${stable} and ${canary}`,
      { hint: 'Apply deploy/ with the gateway-api-canary component.' },
    );
  }
  return out;
}
