/** Validators of Pods, their templates and the workload kinds (Deployment, Job, …). */
import { arrayAt, recordAt } from '../../../kube/field-access.js';
import type { KindValidator } from '../kind-validator.js';
import {
  type NameRule,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  validateObjectMeta,
} from '../shared/object-meta.js';
import { validateImagesOnlyForPod } from '../pod/pod-containers.js';
import { validatePodSpec } from '../pod/pod-spec.js';
import {
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateReplicaSetSpec,
  validateStatefulSetSpec,
} from './workload-apps.js';
import { validateCronJob, validateJob } from './workload-batch.js';
import type { FieldError } from '../field-errors.js';
import type { JsonRecord } from '../../../kube/field-access.js';

function kind(
  group: string,
  name: string,
  nameRule: NameRule,
  validateSpec: (object: JsonRecord, kubeVersion: string) => FieldError[],
): KindValidator {
  const metaRules = { nameRule };
  return {
    group,
    kind: name,
    validate: (object, context) => {
      const out = validateObjectMeta(object, metaRules);
      out.push(...validateSpec(object, context.kubeVersion));
      return out;
    },
  };
}

const spec = (object: JsonRecord): JsonRecord => recordAt(object, 'spec') ?? {};

/** The workload validators. */
export const WORKLOAD_VALIDATORS: readonly KindValidator[] = [
  kind('', 'Pod', nameIsDnsSubdomain, (o, v) => [
    ...validatePodSpec(spec(o), { kubeVersion: v, isPod: true }, ['spec']),
    ...validateImagesOnlyForPod(arrayAt(spec(o), 'containers'), ['spec', 'containers']),
    ...validateImagesOnlyForPod(arrayAt(spec(o), 'initContainers'), ['spec', 'initContainers']),
  ]),
  kind('apps', 'Deployment', nameIsDnsSubdomain, (o, v) => validateDeploymentSpec(spec(o), v)),
  kind('apps', 'ReplicaSet', nameIsDnsSubdomain, (o, v) => validateReplicaSetSpec(spec(o), v)),
  kind('apps', 'StatefulSet', nameIsDnsLabel, (o, v) => validateStatefulSetSpec(spec(o), v)),
  kind('apps', 'DaemonSet', nameIsDnsSubdomain, (o, v) => validateDaemonSetSpec(spec(o), v)),
  kind('batch', 'Job', nameIsDnsSubdomain, validateJob),
  kind('batch', 'CronJob', nameIsDnsSubdomain, validateCronJob),
];
