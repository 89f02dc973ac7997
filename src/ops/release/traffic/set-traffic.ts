import { KubeApiError, resourcePath, type KubeClient } from '../../kube-api.js';
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
 *
 * Writes carry the resourceVersion read (PUT) or expect the object to be absent (POST), so a
 * concurrent edit is never overwritten: the release stops with the conflict. The one conflict
 * accepted is a writer that got there first with exactly what this one would write: a second
 * driver of the same release (`kprod release promote` beside the running job) setting the same
 * weight, which the real API server makes a race on every shared step.
 */
export async function setTraffic(
  kube: KubeClient,
  namespace: string,
  state: ReleaseState,
  weight: number,
): Promise<void> {
  try {
    await writeTraffic(kube, namespace, state, weight);
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.status !== 409) throw error;
    if (!(await writeTraffic(kube, namespace, state, weight, true))) throw error;
  }
}

/**
 * Renders the objects at `weight` and writes those that differ; with `checkOnly`, writes nothing
 * and answers whether the cluster already holds exactly the rendered objects.
 */
async function writeTraffic(
  kube: KubeClient,
  namespace: string,
  state: ReleaseState,
  weight: number,
  checkOnly = false,
): Promise<boolean> {
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
    if (current !== null && JSON.stringify(current) === JSON.stringify(object)) continue;
    if (checkOnly) return false;
    if (current === null) {
      await kube.request({
        method: 'POST',
        path: pathOf(ref),
        body: { ...object, metadata: { ...object.metadata, namespace } },
      });
    } else {
      await kube.request({ method: 'PUT', path: pathOf(ref, ref.name), body: object });
    }
  }
  return true;
}
