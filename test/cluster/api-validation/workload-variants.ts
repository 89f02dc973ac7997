/**
 * Variants of Pods, pod templates and the workload kinds: a minimal valid object of each kind,
 * and each mutation applied to it (pod spec mutations to every kind's pod spec, metadata
 * mutations to every kind, the kinds' own mutations to their kind). Deterministic: no randomness.
 */
import type { Variant } from './variant.js';
import { type Mutation, type Obj, envMutations, portMutations } from './pod-mutations.js';
import { runtimeMutations } from './pod-mutations-runtime.js';
import { schedulingMutations } from './pod-mutations-scheduling.js';
import { volumeMutations } from './pod-mutations-volumes.js';
import { projectionMutations } from './pod-mutations-projections.js';
import {
  cronJobMutations,
  daemonSetMutations,
  jobMutations,
  statefulSetMutations,
} from './workload-kind-mutations.js';
import { deploymentMutations, metadataMutations, selectorMutations } from './workload-mutations.js';
import { cronJobPolicyMutations, jobPolicyMutations } from './job-policy-mutations.js';

const LABELS = { app: 'web' };

function podSpec(restartPolicy?: string): Obj {
  return {
    ...(restartPolicy === undefined ? {} : { restartPolicy }),
    containers: [{ name: 'app', image: 'registry.example/web:1.0' }],
  };
}

function template(restartPolicy?: string): Obj {
  return { metadata: { labels: { ...LABELS } }, spec: podSpec(restartPolicy) };
}

/** A minimal valid object of each workload kind, and where its pod spec is. */
const BASES: Readonly<Record<string, { object: () => Obj; podSpec: (o: Obj) => Obj }>> = {
  pod: {
    object: () => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { ...LABELS } },
      spec: podSpec(),
    }),
    podSpec: (o) => o['spec'] as Obj,
  },
  deploy: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { ...LABELS } }, template: template() },
    }),
    podSpec: templateSpec,
  },
  rs: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { ...LABELS } }, template: template() },
    }),
    podSpec: templateSpec,
  },
  sts: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: { serviceName: 'web', selector: { matchLabels: { ...LABELS } }, template: template() },
    }),
    podSpec: templateSpec,
  },
  ds: {
    object: () => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { ...LABELS } }, template: template() },
    }),
    podSpec: templateSpec,
  },
  job: {
    object: () => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'web' },
      spec: { template: template('Never') },
    }),
    podSpec: templateSpec,
  },
  cron: {
    object: () => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'web' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template('OnFailure') } } },
    }),
    podSpec: (o) => templateSpec((o['spec'] as Obj)['jobTemplate'] as Obj),
  },
};

function templateSpec(o: Obj): Obj {
  return ((o['spec'] as Obj)['template'] as Obj)['spec'] as Obj;
}

/** Mutations the API server's admission (not its validation) decides for a kind. */
function skipped(kind: string, mutation: Mutation): boolean {
  // A Pod's service account must exist (ServiceAccount admission runs before validation).
  return (
    kind === 'pod' &&
    mutation.name.startsWith('serviceaccountname-') &&
    !mutation.name.endsWith('-default')
  );
}

function variantsOf(kind: string, mutations: readonly Mutation[], onPodSpec: boolean): Variant[] {
  const base = BASES[kind];
  if (base === undefined) throw new Error(`no base object for ${kind}`);
  const out: Variant[] = [];
  for (const mutation of mutations) {
    if (skipped(kind, mutation)) continue;
    const object = base.object();
    mutation.apply(onPodSpec ? base.podSpec(object) : object);
    out.push({ id: `${kind}-${mutation.name}`, family: mutation.family, object });
  }
  return out;
}

/** Every workload variant. */
export function workloadVariants(): Variant[] {
  const podMutations = [
    ...portMutations(),
    ...envMutations(),
    ...volumeMutations(),
    ...projectionMutations(),
    ...runtimeMutations(),
    ...schedulingMutations(),
  ];
  const out: Variant[] = [];
  for (const kind of Object.keys(BASES)) {
    out.push({ id: `${kind}-valid`, family: 'valid', object: BASES[kind]?.object() ?? {} });
    out.push(...variantsOf(kind, podMutations, true));
    out.push(...variantsOf(kind, metadataMutations(), false));
  }
  for (const kind of ['deploy', 'rs', 'sts', 'ds'])
    out.push(...variantsOf(kind, selectorMutations(), false));
  out.push(...variantsOf('deploy', deploymentMutations(), false));
  out.push(...variantsOf('sts', statefulSetMutations(), false));
  out.push(...variantsOf('ds', daemonSetMutations(), false));
  out.push(...variantsOf('job', jobMutations(), false));
  out.push(...variantsOf('cron', cronJobMutations(), false));
  out.push(...variantsOf('job', jobPolicyMutations(), false));
  out.push(...variantsOf('cron', cronJobPolicyMutations(), false));
  return out;
}
