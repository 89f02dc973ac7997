import type http from 'node:http';
import type { KubeDouble, Obj } from './kube-double.js';

/**
 * Container logs for the TEST DOUBLE of the API server: answers GET .../pods/NAME/log with the
 * kubelet's query parameters (container, follow, previous, sinceTime, sinceSeconds, tailLines,
 * timestamps) and its 400/404 answers. Tests append lines, restart containers (the current log
 * becomes the previous one and a follow stream ends, as when the kubelet's container exits) and
 * drop connections. It is not a kubelet: it only answers the way these tests expect one to.
 */

interface Entry {
  /** RFC 3339 with nine fraction digits, UTC: sorts as a string. */
  time: string;
  text: string;
}

interface Follower {
  res: http.ServerResponse;
  containerId: string | undefined;
  timestamps: boolean;
}

interface ContainerLog {
  current: Entry[];
  previous: Entry[] | undefined;
  followers: Set<Follower>;
}

/** A pod as the tests need it: containers with ids, running or not. */
export interface PodSpec {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  node?: string;
  containers?: { name: string; id?: string | undefined; running?: boolean }[];
}

/** A Pod object with spec.containers, spec.nodeName and container statuses. */
export function podObject(spec: PodSpec): Obj {
  const containers = spec.containers ?? [{ name: 'app', id: `containerd://${spec.name}-app-1` }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: spec.namespace ?? 'shop',
      labels: spec.labels ?? { app: 'web' },
    },
    spec: {
      nodeName: spec.node ?? 'node-1',
      containers: containers.map((c) => ({ name: c.name, image: 'app:1' })),
    },
    status: {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({
        name: c.name,
        ...(c.id === undefined ? {} : { containerID: c.id }),
        restartCount: 0,
        state:
          c.id === undefined
            ? { waiting: { reason: 'ContainerCreating' } }
            : c.running === false
              ? { terminated: { exitCode: 0 } }
              : { running: { startedAt: '2026-01-01T00:00:00Z' } },
      })),
    },
  };
}

function fixed(date: Date, nanos: number): string {
  return `${date.toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

function sinceKey(sinceTime: string): string {
  return `${new Date(sinceTime).toISOString().slice(0, 19)}.000000000Z`;
}

function containerStatus(
  pod: Obj | undefined,
  container: string,
): Record<string, unknown> | undefined {
  const statuses = (
    pod?.['status'] as { containerStatuses?: Record<string, unknown>[] } | undefined
  )?.containerStatuses;
  return statuses?.find((s) => s['name'] === container);
}

/** The logs of every container, served by the double. */
export class LogDouble {
  private readonly logs = new Map<string, ContainerLog>();
  private nanos = 0;
  /** Keep appended lines for later requests; a benchmark turns it off to only stream them. */
  retain = true;
  /** The clock of appended lines (tests may fix it). */
  clock: () => Date = () => new Date();
  /** log requests answered, for assertions on their query. */
  readonly requests: { pod: string; query: Record<string, string> }[] = [];

  constructor(private readonly double: KubeDouble) {
    double.stream((req, parsed, res) => {
      if (req.method !== 'GET' || parsed?.plural !== 'pods' || parsed.subresource !== 'log') {
        return false;
      }
      this.requests.push({ pod: parsed.name ?? '', query: req.query });
      this.serve(parsed.namespace ?? '', parsed.name ?? '', req.query, res);
      return true;
    });
    double.react((change) => {
      if (change.path.plural !== 'pods') return;
      const ns = change.object.metadata?.namespace ?? '';
      const pod = change.object.metadata?.name ?? '';
      for (const [key, log] of this.logs) {
        const [lns, lpod, container] = key.split('/');
        if (lns !== ns || lpod !== pod) continue;
        const status = containerStatus(change.object, container ?? '');
        const state = status?.['state'] as { running?: unknown } | undefined;
        for (const f of log.followers) {
          // The kubelet ends a follow when its container exits or the pod goes.
          if (
            change.type === 'DELETED' ||
            state?.running === undefined ||
            status?.['containerID'] !== f.containerId
          ) {
            f.res.end();
            log.followers.delete(f);
          }
        }
      }
    });
  }

  private log(ns: string, pod: string, container: string): ContainerLog {
    const key = `${ns}/${pod}/${container}`;
    let log = this.logs.get(key);
    if (log === undefined) {
      log = { current: [], previous: undefined, followers: new Set() };
      this.logs.set(key, log);
    }
    return log;
  }

  /** Appends lines to a container's log; `time` (RFC 3339, nine digits) fixes their stamp. */
  append(ns: string, pod: string, container: string, lines: string[], time?: string): void {
    const log = this.log(ns, pod, container);
    const entries = lines.map((text) => ({
      time: time ?? fixed(this.clock(), (this.nanos += 1) % 1e9),
      text,
    }));
    if (this.retain) log.current.push(...entries);
    // One write per call, as a server sends what it has in one chunk.
    for (const f of log.followers) f.res.write(this.renderAll(entries, f.timestamps));
  }

  /** Restarts a container: its log becomes the previous one, its id and restart count change. */
  restart(ns: string, pod: string, container: string, newId: string): void {
    const log = this.log(ns, pod, container);
    log.previous = log.current;
    log.current = [];
    const path = `/api/v1/namespaces/${ns}/pods/${pod}`;
    const object = this.double.get(path);
    if (object === undefined) throw new Error(`no pod ${path}`);
    const status = containerStatus(object, container);
    if (status === undefined) throw new Error(`no container ${container} in ${path}`);
    status['containerID'] = newId;
    status['restartCount'] = Number(status['restartCount'] ?? 0) + 1;
    status['state'] = { running: { startedAt: new Date().toISOString() } };
    this.double.put(path, object);
  }

  /** Cuts every open follow connection, as a broken network would. */
  dropConnections(): number {
    let dropped = 0;
    for (const log of this.logs.values()) {
      for (const f of log.followers) {
        f.res.destroy();
        dropped += 1;
      }
      log.followers.clear();
    }
    return dropped;
  }

  /** How many follow connections are open (on one container when named). */
  followers(key?: string): number {
    let count = 0;
    for (const [k, log] of this.logs)
      if (key === undefined || k === key) count += log.followers.size;
    return count;
  }

  private renderAll(entries: readonly Entry[], timestamps: boolean): string {
    let out = '';
    for (const e of entries) out += timestamps ? `${e.time} ${e.text}\n` : `${e.text}\n`;
    return out;
  }

  private serve(
    ns: string,
    name: string,
    query: Record<string, string>,
    res: http.ServerResponse,
  ): void {
    const fail = (code: number, reason: string, message: string): void => {
      res.writeHead(code, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message,
          reason,
          code,
        }),
      );
    };
    const pod = this.double.get(`/api/v1/namespaces/${ns}/pods/${name}`);
    if (pod === undefined) {
      fail(404, 'NotFound', `pods "${name}" not found`);
      return;
    }
    const names = ((pod['spec'] as { containers?: { name: string }[] }).containers ?? []).map(
      (c) => c.name,
    );
    const container = query['container'] ?? (names.length === 1 ? names[0] : undefined);
    if (container === undefined) {
      fail(
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
      );
      return;
    }
    if (!names.includes(container)) {
      fail(400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
      return;
    }
    const log = this.log(ns, name, container);
    const previous = query['previous'] === 'true';
    if (previous && log.previous === undefined) {
      fail(
        400,
        'BadRequest',
        `previous terminated container "${container}" in pod "${name}" not found`,
      );
      return;
    }
    let entries = (previous ? log.previous : log.current) ?? [];
    if (query['sinceTime'] !== undefined) {
      const since = sinceKey(query['sinceTime']);
      entries = entries.filter((e) => e.time >= since);
    } else if (query['sinceSeconds'] !== undefined) {
      const since = fixed(
        new Date(this.clock().getTime() - Number(query['sinceSeconds']) * 1000),
        0,
      );
      entries = entries.filter((e) => e.time >= since);
    }
    if (query['tailLines'] !== undefined) {
      const tail = Number(query['tailLines']);
      entries = tail === 0 ? [] : entries.slice(-tail);
    }
    const timestamps = query['timestamps'] === 'true';
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    if (entries.length > 0) res.write(this.renderAll(entries, timestamps));
    const status = containerStatus(pod, container);
    const running = (status?.['state'] as { running?: unknown } | undefined)?.running !== undefined;
    if (query['follow'] !== 'true' || previous || !running) {
      res.end();
      return;
    }
    res.flushHeaders();
    const follower: Follower = {
      res,
      containerId: status?.['containerID'] as string | undefined,
      timestamps,
    };
    log.followers.add(follower);
    res.on('close', () => log.followers.delete(follower));
  }
}
