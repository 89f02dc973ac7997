import { resourcePath, type KubeClient } from '../../kube-api.js';
import type { ReleaseOptions, ReleaseState } from '../state.js';
import type { TrafficProviderSpec } from './traffic.js';
import { gatewayTraffic } from './traffic-gateway.js';
import { istioTraffic } from './traffic-istio.js';
import { nginxTraffic } from './traffic-nginx.js';

const PROVIDERS: Record<ReleaseOptions['traffic'], TrafficProviderSpec> = {
  nginx: nginxTraffic,
  istio: istioTraffic,
  gateway: gatewayTraffic,
};

/**
 * Sends `weight` percent of the release's traffic to the canary through the release's traffic
 * provider: reads the provider's objects, renders them at the new weight, and writes those that
 * changed.
 */
export async function setTraffic(
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
