import { KprodError } from '../../../errors.js';
import type { KubeObject } from '../../kube-api.js';
import { canaryService } from '../names.js';
import { CANARY_HEADER, cleanCopy, type TrafficProviderSpec } from './traffic.js';
import { editableRecordAt, editableRecordsAt } from '../../../kube/field-access.js';

/**
 * ingress-nginx canary: a second Ingress `NAME-canary` with the same hosts and paths as the main
 * Ingress `NAME`, sending to the canary Service, with the canary annotations: `canary-weight`
 * percent of requests, and every request with `test-version: v2`. When deploy/'s
 * ingress-nginx-canary component already created it, only the weight annotation changes.
 */

const PREFIX = 'nginx.ingress.kubernetes.io/';

export const nginxTraffic: TrafficProviderSpec = {
  refs(release) {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' };
    return [
      { ...ingress, name: canaryService(release.name) },
      { ...ingress, name: release.name },
    ];
  },
  render(release, weight, [canary, main]) {
    const base = canary ?? (main ? canaryIngressFrom(main, release.name) : null);
    if (base === null) {
      throw new KprodError(
        'RELEASE_TARGET_INVALID',
        `neither Ingress ${release.namespace}/${canaryService(release.name)} nor ${release.namespace}/${release.name} exists: the nginx provider copies the main Ingress`,
        { hint: 'Apply deploy/ with the ingress-nginx (and ingress-nginx-canary) component.' },
      );
    }
    return [withNginxWeight(base, weight)];
  },
};

/** Sets the canary annotations of an Ingress for `weight` percent. */
export function withNginxWeight(ingress: KubeObject, weight: number): KubeObject {
  const out = structuredClone(ingress);
  out.metadata = {
    ...out.metadata,
    annotations: {
      ...out.metadata?.annotations,
      [`${PREFIX}canary`]: 'true',
      [`${PREFIX}canary-weight`]: String(weight),
      [`${PREFIX}canary-by-header`]:
        out.metadata?.annotations?.[`${PREFIX}canary-by-header`] ?? CANARY_HEADER.name,
      [`${PREFIX}canary-by-header-value`]:
        out.metadata?.annotations?.[`${PREFIX}canary-by-header-value`] ?? CANARY_HEADER.value,
    },
  };
  return out;
}

/** The canary Ingress built from the main one: same rules, backends on the canary Service. */
export function canaryIngressFrom(main: KubeObject, name: string): KubeObject {
  const copy = cleanCopy(main);
  const metadata = copy.metadata ?? {};
  const labels = { ...metadata.labels, track: 'canary' };
  copy.metadata = { name: canaryService(name), labels };
  if (metadata.namespace !== undefined) copy.metadata.namespace = metadata.namespace;
  const spec = editableRecordAt(copy, 'spec');
  const backends = [
    ...editableRecordsAt(spec, 'rules').flatMap((rule) =>
      editableRecordsAt(editableRecordAt(rule, 'http'), 'paths').map((path) =>
        editableRecordAt(path, 'backend'),
      ),
    ),
    editableRecordAt(spec, 'defaultBackend'),
  ];
  for (const backend of backends) {
    const service = editableRecordAt(backend, 'service');
    if (service !== undefined) service['name'] = canaryService(name);
  }
  return copy;
}
