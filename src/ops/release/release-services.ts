import { KprodError } from '../../errors.js';
import { recordAt, stringAt, stringMapAt } from '../../kube/field-access.js';
import { resourcePath, type KubeClient, type KubeObject } from '../kube-api.js';
import { canaryService, colorDeployment, otherColor } from './names.js';
import { getRequired } from './release-record.js';
import type { ReleaseAction } from './strategy/action.js';
import { CREATED_BY_ANNOTATION } from './traffic/canary-deployment.js';

/** The Services a release points and creates: blue-green's switch, the canary's Service. */

type PointService = Extract<ReleaseAction, { type: 'point-service' }>;

function servicePath(namespace: string, name?: string): string {
  return resourcePath({ apiVersion: 'v1', plural: 'services', namespace, name });
}

/**
 * Creates Service `name` from `template`: the same ports, the template's selector with `select`
 * added, labelled `labels`, marked as created by the release.
 */
async function createServiceFrom(
  kube: KubeClient,
  template: KubeObject,
  service: { namespace: string; name: string; labels: Record<string, string> },
  select: Record<string, string>,
): Promise<void> {
  const spec = recordAt(template, 'spec');
  await kube.request({
    method: 'POST',
    path: servicePath(service.namespace),
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: service.name,
        namespace: service.namespace,
        labels: service.labels,
        annotations: { [CREATED_BY_ANNOTATION]: 'kprod-release' },
      },
      spec: { selector: { ...stringMapAt(spec, 'selector'), ...select }, ports: spec?.['ports'] },
    },
  });
}

/**
 * Points Service `action.service` at `action.color`; creates it from `action.template` when it
 * does not exist yet (the preview Service), and moves deploy/'s autoscaler along on a switch.
 */
export async function pointService(
  kube: KubeClient,
  namespace: string,
  action: PointService,
): Promise<void> {
  const path = servicePath(namespace, action.service);
  const existing = await kube.getOrNull(path);
  if (existing === null && action.template !== undefined) {
    const template = await getRequired(
      kube,
      servicePath(namespace, action.template),
      `Service ${namespace}/${action.template}`,
    );
    const labels = template.metadata?.labels ?? {};
    await createServiceFrom(
      kube,
      template,
      { namespace, name: action.service, labels },
      {
        color: action.color,
      },
    );
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
  action: PointService,
): Promise<void> {
  const path = resourcePath({
    apiVersion: 'autoscaling/v2',
    plural: 'horizontalpodautoscalers',
    namespace,
    name: action.service,
  });
  const hpa = await kube.getOrNull(path);
  const target = stringAt(recordAt(recordAt(hpa, 'spec'), 'scaleTargetRef'), 'name');
  const wanted = colorDeployment(action.service, action.color);
  const old = colorDeployment(action.service, otherColor(action.color));
  if (target !== old) return;
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
export async function ensureCanaryService(
  kube: KubeClient,
  namespace: string,
  name: string,
): Promise<void> {
  if ((await kube.getOrNull(servicePath(namespace, canaryService(name)))) !== null) return;
  const template = await getRequired(
    kube,
    servicePath(namespace, name),
    `Service ${namespace}/${name}`,
  );
  const labels = { ...template.metadata?.labels, track: 'canary' };
  await createServiceFrom(
    kube,
    template,
    { namespace, name: canaryService(name), labels },
    {
      track: 'canary',
    },
  );
}
