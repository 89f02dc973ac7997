import { createHash } from 'node:crypto';
import type { KubeDouble, Obj } from './kube-double.js';

/**
 * A simulated Deployment controller for the Kubernetes API TEST DOUBLE. It reacts to Deployment
 * writes the way the real controller does in outline: a ReplicaSet per pod template (named with a
 * template hash, carrying `deployment.kubernetes.io/revision`), an existing ReplicaSet reused and
 * given a new revision on rollback, observedGeneration and replica counts in the status. Rolling
 * progress happens only when the test calls `step()`, one change at a time, so tests are
 * deterministic and never sleep. Failure modes make new pods crash-loop, fail to pull, stay
 * unschedulable, or make pod creation fail on a quota. It is a simulation, not Kubernetes.
 */

/**
 * The Deployment the deploying tests share: `web` in namespace `shop`, selecting `app: web`, with
 * the given pod spec. Tests vary only the pod spec, replicas and annotations.
 */
export function webDeployment(
  podSpec: Record<string, unknown>,
  options: { replicas?: number; annotations?: Record<string, string> } = {},
): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
    },
  };
}

/** How the pods of rollouts started from now on behave. */
export type FailureMode =
  | 'none'
  | 'CrashLoopBackOff'
  | 'ImagePullBackOff'
  | 'ErrImagePull'
  | 'Unschedulable'
  | 'QuotaExceeded'
  | 'ProgressDeadlineExceeded';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

type Labels = Record<string, string>;

interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
  selector?: { matchLabels?: Labels };
  template?: {
    metadata?: { labels?: Labels };
    spec?: { containers?: { name: string; image?: string }[] };
  };
}

function templateHash(template: unknown): string {
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Labels } };
  if (copy.metadata?.labels !== undefined) delete copy.metadata.labels[HASH];
  const hex = createHash('sha256').update(JSON.stringify(copy)).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c] ?? c);
}

/** Attaches to a double; one instance simulates every Deployment in it. */
export class DeploymentController {
  /** Failure mode for ReplicaSets created (or reused) from now on. */
  mode: FailureMode = 'none';
  /** Complete every rollout at once, for tests that do not follow progress. */
  autoComplete = false;
  private writing = false;
  private readonly failing = new Map<string, FailureMode>();
  private podCounter = 0;

  constructor(private readonly double: KubeDouble) {
    double.react((change) => {
      if (this.writing || change.type === 'DELETED') return;
      if (change.path.apiVersion !== 'apps/v1' || change.path.plural !== 'deployments') return;
      if (change.path.subresource !== undefined) return;
      this.reconcile(change.path.namespace ?? 'default', change.object.metadata?.name ?? '');
    });
  }

  private dPath(ns: string, name = ''): string {
    return `/apis/apps/v1/namespaces/${ns}/deployments${name === '' ? '' : `/${name}`}`;
  }

  private write(path: string, object: Obj): void {
    this.writing = true;
    try {
      this.double.put(path, object);
    } finally {
      this.writing = false;
    }
  }

  private owned(ns: string, deployment: Obj): Obj[] {
    const uid = deployment.metadata?.['uid'];
    return this.double
      .list(`/apis/apps/v1/namespaces/${ns}/replicasets`)
      .filter((rs) =>
        ((rs.metadata?.['ownerReferences'] ?? []) as { uid?: unknown; name?: string }[]).some(
          (o) => o.uid === uid && o.name === deployment.metadata?.name,
        ),
      );
  }

  private pods(ns: string, rsName: string): Obj[] {
    return this.double
      .list(`/api/v1/namespaces/${ns}/pods`)
      .filter((p) =>
        ((p.metadata?.['ownerReferences'] ?? []) as { name?: string }[]).some(
          (o) => o.name === rsName,
        ),
      );
  }

  private reconcile(ns: string, name: string): void {
    const deployment = this.double.get(this.dPath(ns, name));
    if (deployment === undefined) return;
    const spec = (deployment['spec'] ?? {}) as DeploymentSpec;
    const status = (deployment['status'] ?? {}) as Record<string, unknown>;
    const generation = deployment.metadata?.generation ?? 1;
    if (
      status['observedGeneration'] === generation &&
      deployment.metadata?.annotations?.[REVISION] !== undefined
    ) {
      return;
    }
    if (spec.paused === true) {
      this.writeStatus(ns, name, {});
      return;
    }
    const hash = templateHash(spec.template);
    const owned = this.owned(ns, deployment);
    const maxRevision = Math.max(
      0,
      ...owned.map((rs) => Number(rs.metadata?.annotations?.[REVISION] ?? 0)),
    );
    let rs = owned.find((r) => r.metadata?.labels?.[HASH] === hash);
    const rsName = `${name}-${hash}`;
    const rsPath = `/apis/apps/v1/namespaces/${ns}/replicasets/${rsName}`;
    if (rs === undefined) {
      const template = structuredClone(spec.template ?? {});
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, [HASH]: hash },
      };
      rs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          uid: `rs-${rsName}`,
          labels: { ...spec.template?.metadata?.labels, [HASH]: hash },
          annotations: {
            ...Object.fromEntries(
              Object.entries(deployment.metadata?.annotations ?? {}).filter(
                ([k]) => k !== REVISION,
              ),
            ),
            [REVISION]: String(maxRevision + 1),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name,
              uid: deployment.metadata?.['uid'],
              controller: true,
            },
          ],
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { ...spec.selector?.matchLabels, [HASH]: hash } },
          template,
        },
        status: { replicas: 0 },
      };
      this.write(rsPath, rs);
      this.failing.set(rsName, this.mode);
    } else if (Number(rs.metadata?.annotations?.[REVISION] ?? 0) !== maxRevision) {
      // Rollback: the old ReplicaSet becomes the newest revision again.
      rs.metadata = {
        ...rs.metadata,
        annotations: { ...rs.metadata?.annotations, [REVISION]: String(maxRevision + 1) },
      };
      this.write(rsPath, rs);
      this.failing.set(rsName, this.mode);
    }
    this.writeStatus(ns, name, { revision: rs.metadata?.annotations?.[REVISION] ?? '1' });
    if (this.autoComplete) this.complete(ns, name);
  }

  private newAndOld(ns: string, deployment: Obj): { next: Obj | undefined; old: Obj[] } {
    const revision = deployment.metadata?.annotations?.[REVISION];
    const owned = this.owned(ns, deployment);
    return {
      next: owned.find((rs) => rs.metadata?.annotations?.[REVISION] === revision),
      old: owned.filter((rs) => rs.metadata?.annotations?.[REVISION] !== revision),
    };
  }

  private writeStatus(
    ns: string,
    name: string,
    change: { revision?: string; condition?: Record<string, string>; replicaFailure?: string },
  ): void {
    const deployment = this.double.get(this.dPath(ns, name));
    if (deployment === undefined) return;
    if (change.revision !== undefined) {
      deployment.metadata = {
        ...deployment.metadata,
        annotations: { ...deployment.metadata?.annotations, [REVISION]: change.revision },
      };
    }
    const { next, old } = this.newAndOld(ns, deployment);
    const replicas = (rs: Obj | undefined): number =>
      ((rs?.['spec'] ?? {}) as { replicas?: number }).replicas ?? 0;
    const all = [...(next === undefined ? [] : [next]), ...old];
    const ready = all
      .flatMap((rs) => this.pods(ns, rs.metadata?.name ?? ''))
      .filter(
        (p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Running' && isReady(p),
      ).length;
    const status = (deployment['status'] ?? {}) as Record<string, unknown>;
    let conditions = (status['conditions'] ?? []) as Record<string, string>[];
    if (change.condition !== undefined) {
      conditions = [
        ...conditions.filter((c) => c['type'] !== change.condition?.['type']),
        change.condition,
      ];
    }
    if (change.replicaFailure !== undefined) {
      conditions = [
        ...conditions.filter((c) => c['type'] !== 'ReplicaFailure'),
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message: change.replicaFailure,
        },
      ];
    }
    deployment['status'] = {
      observedGeneration: deployment.metadata?.generation ?? 1,
      replicas: all.reduce((sum, rs) => sum + replicas(rs), 0),
      updatedReplicas: replicas(next),
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(
        0,
        ((deployment['spec'] as DeploymentSpec).replicas ?? 1) - ready,
      ),
      conditions,
    };
    this.write(this.dPath(ns, name), deployment);
  }

  private scale(ns: string, rs: Obj, by: number): void {
    const spec = rs['spec'] as { replicas?: number };
    spec.replicas = (spec.replicas ?? 0) + by;
    rs['status'] = { replicas: spec.replicas };
    this.write(`/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata?.name ?? ''}`, rs);
  }

  private createPod(ns: string, rs: Obj, mode: FailureMode): void {
    const rsName = rs.metadata?.name ?? '';
    const podName = `${rsName}-p${++this.podCounter}`;
    const template = (rs['spec'] as DeploymentSpec).template ?? {};
    const image = template.spec?.containers?.[0]?.image ?? '?';
    const container = template.spec?.containers?.[0]?.name ?? 'app';
    const waiting: Record<FailureMode, Record<string, unknown> | undefined> = {
      none: { reason: 'ContainerCreating' },
      CrashLoopBackOff: {
        reason: 'CrashLoopBackOff',
        message: `back-off 40s restarting failed container=${container}`,
      },
      ImagePullBackOff: {
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${image}"`,
      },
      ErrImagePull: {
        reason: 'ErrImagePull',
        message: `failed to pull and unpack image "${image}": not found`,
      },
      Unschedulable: undefined,
      QuotaExceeded: undefined,
      ProgressDeadlineExceeded: { reason: 'ContainerCreating' },
    };
    const status =
      mode === 'Unschedulable'
        ? {
            phase: 'Pending',
            conditions: [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'Unschedulable',
                message:
                  '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
              },
            ],
          }
        : {
            phase: mode === 'CrashLoopBackOff' ? 'Running' : 'Pending',
            conditions: [
              { type: 'PodScheduled', status: 'True' },
              { type: 'Ready', status: 'False' },
            ],
            containerStatuses: [
              {
                name: container,
                image,
                ready: false,
                restartCount: mode === 'CrashLoopBackOff' ? 3 : 0,
                state: { waiting: waiting[mode] },
                ...(mode === 'CrashLoopBackOff'
                  ? { lastState: { terminated: { exitCode: 1, reason: 'Error' } } }
                  : {}),
              },
            ],
          };
    this.write(`/api/v1/namespaces/${ns}/pods/${podName}`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: ns,
        labels: { ...template.metadata?.labels },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rs.metadata?.['uid'] },
        ],
      },
      spec: template.spec ?? {},
      status,
    });
  }

  /**
   * One step of the rolling update of `ns/name`: make a new pod ready, else scale the new
   * ReplicaSet up by one pod, else scale an old one down by one; at the end, mark the rollout
   * complete. Failure modes stop progress where the real cluster would stop. Returns false when
   * there was nothing left to do.
   */
  step(ns: string, name: string): boolean {
    const deployment = this.double.get(this.dPath(ns, name));
    if (deployment === undefined) throw new Error(`no deployment ${ns}/${name}`);
    const spec = (deployment['spec'] ?? {}) as DeploymentSpec;
    if (spec.paused === true) return false;
    const { next, old } = this.newAndOld(ns, deployment);
    if (next === undefined) return false;
    const rsName = next.metadata?.name ?? '';
    const mode = this.failing.get(rsName) ?? 'none';
    const desired = spec.replicas ?? 1;
    const pods = this.pods(ns, rsName);
    if (mode === 'ProgressDeadlineExceeded') {
      this.writeStatus(ns, name, {
        condition: {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        },
      });
      return false;
    }
    const pending = pods.find((p) => !isReady(p));
    if (pending !== undefined && mode === 'none') {
      pending['status'] = {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
      };
      this.write(`/api/v1/namespaces/${ns}/pods/${pending.metadata?.name ?? ''}`, pending);
      this.writeStatus(ns, name, {});
      return true;
    }
    const current = ((next['spec'] ?? {}) as { replicas?: number }).replicas ?? 0;
    if (current < desired && (pending === undefined || mode !== 'none')) {
      if (mode === 'QuotaExceeded') {
        const message = `pods "${rsName}-x" is forbidden: exceeded quota: quota-dev, requested: limits.cpu=1, used: limits.cpu=5, limited: limits.cpu=5`;
        this.write(`/api/v1/namespaces/${ns}/events/${rsName}.failedcreate`, {
          apiVersion: 'v1',
          kind: 'Event',
          type: 'Warning',
          reason: 'FailedCreate',
          message: `Error creating: ${message}`,
          involvedObject: { kind: 'ReplicaSet', name: rsName, namespace: ns },
        });
        this.scale(ns, next, 1);
        this.writeStatus(ns, name, { replicaFailure: message });
        return true;
      }
      if (pods.length >= current + 1 || (mode !== 'none' && pods.length > 0)) return false;
      this.scale(ns, next, 1);
      this.createPod(ns, next, mode);
      this.writeStatus(ns, name, {
        condition: {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: `ReplicaSet "${rsName}" is progressing.`,
        },
      });
      return true;
    }
    const shrinking = old.find(
      (rs) => (((rs['spec'] ?? {}) as { replicas?: number }).replicas ?? 0) > 0,
    );
    if (shrinking !== undefined && mode === 'none') {
      this.scale(ns, shrinking, -1);
      const victim = this.pods(ns, shrinking.metadata?.name ?? '')[0];
      if (victim !== undefined) {
        this.writing = true;
        try {
          this.double.remove(`/api/v1/namespaces/${ns}/pods/${victim.metadata?.name ?? ''}`);
        } finally {
          this.writing = false;
        }
      }
      this.writeStatus(ns, name, {});
      return true;
    }
    const status = (deployment['status'] ?? {}) as { conditions?: Record<string, string>[] };
    const progressing = status.conditions?.find((c) => c['type'] === 'Progressing');
    if (mode === 'none' && progressing?.['reason'] !== 'NewReplicaSetAvailable') {
      this.writeStatus(ns, name, {
        condition: {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
      });
      return true;
    }
    return false;
  }

  /** Steps until nothing changes (a failure mode stops early); returns the number of steps. */
  complete(ns: string, name: string): number {
    let steps = 0;
    while (this.step(ns, name)) {
      steps++;
      if (steps > 1000) throw new Error(`deployment ${ns}/${name} does not settle`);
    }
    return steps;
  }
}

function isReady(pod: Obj): boolean {
  const conditions = (
    (pod['status'] ?? {}) as { conditions?: { type?: string; status?: string }[] }
  ).conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
