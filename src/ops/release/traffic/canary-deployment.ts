import { KprodError } from '../../../errors.js';
import type { KubeObject } from '../../kube-api.js';
import { SUBSETS } from '../names.js';
import { cleanCopy } from './traffic.js';

/**
 * The canary Deployment built from the stable one, as deploy/'s canary component shapes it: the
 * same pod template with the new image, labels `track: canary` and
 * `app.kubernetes.io/version: v2` (so the canary Service, the Istio subset `v2` and the pod's
 * VERSION see it), and a selector that cannot overlap the stable pods.
 */

/** Marks objects kprod created, so it removes only those and scales deploy/'s own to zero. */
export const CREATED_BY_ANNOTATION = 'kprod.dev/created-by';

interface DeploymentSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: {
    metadata?: { labels?: Record<string, string> };
    spec?: { containers?: { name?: string; image?: string }[] };
  };
}

/** The spec of a Deployment object, typed as far as releases need. */
export function deploymentSpec(deployment: KubeObject): DeploymentSpec {
  return deployment['spec'] ?? {};
}

/**
 * The index of the container a release changes: the named one, or the first. Raises
 * RELEASE_TARGET_INVALID naming the Deployment and the containers it has.
 */
export function containerIndex(deployment: KubeObject, container: string | undefined): number {
  const containers = deploymentSpec(deployment).template?.spec?.containers ?? [];
  const index = container === undefined ? 0 : containers.findIndex((c) => c.name === container);
  if (index < 0 || containers[index] === undefined) {
    const names = containers.map((c) => c.name ?? '?').join(', ') || 'none';
    throw new KprodError(
      'RELEASE_TARGET_INVALID',
      `Deployment ${deployment.metadata?.namespace ?? ''}/${deployment.metadata?.name ?? ''} has no container ${container ?? '(any)'} (containers: ${names})`,
      { hint: 'Name the container with --container.' },
    );
  }
  return index;
}

/** The image of the release's container. */
export function containerImage(deployment: KubeObject, container: string | undefined): string {
  const spec = deploymentSpec(deployment);
  return spec.template?.spec?.containers?.[containerIndex(deployment, container)]?.image ?? '';
}

/** Builds the canary Deployment `name` from the stable Deployment. */
export function canaryDeploymentFrom(
  stable: KubeObject,
  input: { name: string; image: string; replicas: number; container: string | undefined },
): KubeObject {
  const index = containerIndex(stable, input.container);
  const copy = cleanCopy(stable);
  const track = { track: 'canary', 'app.kubernetes.io/version': SUBSETS.canary };
  const metadata = copy.metadata ?? {};
  copy.metadata = {
    name: input.name,
    labels: { ...metadata.labels, ...track },
    annotations: { [CREATED_BY_ANNOTATION]: 'kprod-release' },
  };
  if (metadata.namespace !== undefined) copy.metadata.namespace = metadata.namespace;
  const spec = structuredClone(deploymentSpec(stable));
  spec.replicas = input.replicas;
  spec.selector = { matchLabels: { ...spec.selector?.matchLabels, track: 'canary' } };
  spec.template = {
    ...spec.template,
    metadata: {
      ...spec.template?.metadata,
      labels: { ...spec.template?.metadata?.labels, ...track },
    },
  };
  const container = spec.template.spec?.containers?.[index];
  if (container !== undefined) container.image = input.image;
  copy['spec'] = spec;
  return copy;
}
