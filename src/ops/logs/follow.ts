import { setTimeout as sleep } from 'node:timers/promises';
import { KprodError } from '../../errors.js';
import {
  KubeApiError,
  type KubeClient,
  type KubeList,
  type KubeObject,
  resourcePath,
} from '../kube-api.js';
import type { LogRecord } from './format.js';
import {
  START_POSITION,
  admitLine,
  classifyLogFailure,
  lineSelected,
  reconnectPosition,
  resumeSinceTime,
  splitTimestamp,
} from './log-line.js';
import {
  type ActiveStream,
  type ContainerView,
  afterStreamEnd,
  containerViews,
  formatDelay,
  planStreams,
  podMatches,
  reconnectDelayMs,
} from './plan.js';
import { logsForbidden, resolvePodQueries } from './resolve.js';
import { type LogTarget, type PodQuery, formatLogTarget } from './target.js';

/**
 * The follow loop of `kprod logs`: lists and watches the target's pods, runs one log stream per
 * selected container (at most `maxStreams` at once), re-attaches restarted containers, and
 * reconnects dropped streams with backoff from the last printed line. Every decision is a pure
 * function of `plan.ts` and `log-line.ts`; this module only does the I/O.
 */

/** What to read and how. */
export interface LogsOptions {
  target: LogTarget;
  /** Undefined reads every namespace (-A). */
  namespace: string | undefined;
  follow: boolean;
  previous: boolean;
  container: RegExp | undefined;
  include: readonly RegExp[];
  exclude: readonly RegExp[];
  sinceSeconds: number | undefined;
  /** Lines from the end of each log at the start; undefined for all. */
  tailLines: number | undefined;
  maxStreams: number;
  signal: AbortSignal;
  /**
   * Prints one line. A returned promise means the output is full: the stream reads nothing more
   * until it resolves, so a slow terminal slows the server instead of filling memory.
   */
  write: (record: LogRecord) => void | Promise<void>;
  /** Tells the user what happens to streams (joins, leaves, retries), on stderr. */
  notice: (text: string) => void;
  limits?: Partial<LogsLimits>;
}

/** Deadlines and bounds of the remote calls. */
export interface LogsLimits {
  /** Headers of a log answer must come within this. */
  headerTimeoutMs: number;
  /** A longer log line is cut. */
  maxLineBytes: number;
  /** Deadline of a list or get. */
  requestTimeoutMs: number;
  /** The server ends each watch after this long; it is then resumed. */
  watchTimeoutSeconds: number;
}

const DEFAULT_LIMITS: LogsLimits = {
  headerTimeoutMs: 20_000,
  maxLineBytes: 256 * 1024,
  requestTimeoutMs: 15_000,
  watchTimeoutSeconds: 300,
};

/** What a run read. */
export interface LogsResult {
  streams: number;
  lines: number;
}

interface Running extends ActiveStream {
  view: ContainerView;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Reads the logs of a target until `signal` aborts (following) or every stream has ended
 * (--no-follow). Throws LOGS_TARGET_* for a bad target, LOGS_NO_PODS when nothing is selected
 * and not following, LOGS_TOO_MANY_STREAMS when the target starts with more than `maxStreams`
 * containers, LOGS_FORBIDDEN on a 403, and (not following) LOGS_NODE_UNREACHABLE after printing
 * the other pods when a kubelet could not be reached.
 */
export async function streamLogs(kube: KubeClient, options: LogsOptions): Promise<LogsResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ns = options.namespace;
  const where = `${formatLogTarget(options.target)}${ns === undefined ? '' : ` in ${ns}`}`;
  const session = new AbortController();
  const stopSession = (): void => {
    session.abort();
  };
  options.signal.addEventListener('abort', stopSession, { once: true });
  const deadline = (): AbortSignal =>
    AbortSignal.any([session.signal, AbortSignal.timeout(limits.requestTimeoutMs)]);
  const podsPath = resourcePath({ apiVersion: 'v1', plural: 'pods', namespace: ns });
  const pods: Map<string, KubeObject>[] = [];
  const active = new Map<string, Running>();
  const failures: KprodError[] = [];
  let fatal: KprodError | undefined;
  let lines = 0;
  let streams = 0;
  let waitingNoticed = 0;

  // A function, so the compiler does not take the value it saw before an await for granted.
  const stopped = (): boolean => session.signal.aborted;
  const fail = (error: KprodError): void => {
    fatal ??= error;
    session.abort();
  };
  const forbidden = (error: unknown): KprodError | undefined =>
    error instanceof KubeApiError && error.status === 403 ? logsForbidden(error, ns) : undefined;

  try {
    const queries = await resolvePodQueries(kube, options.target, ns, options.signal);
    const views = (): ContainerView[] => {
      const out = new Map<string, ContainerView>();
      queries.forEach((query, i) => {
        for (const pod of pods[i]?.values() ?? []) {
          if (!podMatches(pod, query)) continue;
          for (const view of containerViews(pod, options.container)) out.set(view.key, view);
        }
      });
      return [...out.values()];
    };

    const list = async (i: number, query: PodQuery): Promise<string | undefined> => {
      const answer = await kube.request<KubeList>({
        method: 'GET',
        path: podsPath,
        query: { ...query },
        signal: deadline(),
      });
      pods[i] = new Map(answer.items.map((p) => [podKey(p), p]));
      return answer.metadata?.resourceVersion;
    };

    const freshView = async (view: ContainerView): Promise<ContainerView | undefined> => {
      const path = resourcePath({
        apiVersion: 'v1',
        plural: 'pods',
        namespace: view.namespace,
        name: view.pod,
      });
      const pod = await kube.getOrNull(path, deadline());
      return pod === null
        ? undefined
        : containerViews(pod, options.container).find((v) => v.key === view.key);
    };

    const runStream = async (
      view: ContainerView,
      initial: boolean,
      signal: AbortSignal,
    ): Promise<void> => {
      const path = resourcePath({
        apiVersion: 'v1',
        plural: 'pods',
        namespace: view.namespace,
        name: view.pod,
        subresource: 'log',
      });
      let position = START_POSITION;
      let attempt = 0;
      let nodeNoticed = false;
      // Why the stream has to reconnect; undefined when the kubelet is unreachable (said once).
      let problem: string | undefined;
      for (;;) {
        const query: Record<string, string | number | boolean | undefined> = {
          container: view.container,
          timestamps: true,
          follow: options.follow ? true : undefined,
          previous: options.previous ? true : undefined,
        };
        if (position.last !== undefined) {
          query['sinceTime'] = resumeSinceTime(position.last);
          position = reconnectPosition(position);
        } else {
          query['sinceSeconds'] = options.sinceSeconds;
          // Pods that join later are read from their start: they are new.
          if (initial) query['tailLines'] = options.tailLines;
        }
        try {
          for await (const raw of kube.streamLines(
            { method: 'GET', path, query, signal },
            { headerTimeoutMs: limits.headerTimeoutMs, maxLineBytes: limits.maxLineBytes },
          )) {
            const { timestamp, message } = splitTimestamp(raw);
            const step = admitLine(position, timestamp);
            position = step.position;
            if (!step.admit) continue;
            attempt = 0;
            nodeNoticed = false;
            if (!lineSelected(message, options.include, options.exclude)) continue;
            lines += 1;
            const pending = options.write({
              namespace: view.namespace,
              pod: view.pod,
              container: view.container,
              node: view.node,
              timestamp,
              message,
            });
            if (pending !== undefined) await pending;
          }
          if (!options.follow) return;
          problem = 'the stream ended';
        } catch (error) {
          if (signal.aborted) return;
          const denied = forbidden(error);
          if (denied !== undefined) {
            fail(denied);
            return;
          }
          const kind = classifyLogFailure(error);
          const text = error instanceof Error ? error.message : String(error);
          if (kind === 'gone') return;
          problem = kind === 'node-unreachable' ? undefined : text;
          if (kind === 'node-unreachable') {
            const failure = new KprodError(
              'LOGS_NODE_UNREACHABLE',
              `${view.pod}/${view.container}: node ${view.node ?? '?'} is not reachable: ${text}`,
              { cause: error },
            );
            if (!options.follow) {
              failures.push(failure);
              options.notice(`! ${failure.message}`);
              return;
            }
            if (!nodeNoticed) options.notice(`! ${failure.message} (retrying)`);
            nodeNoticed = true;
          } else if (!options.follow) {
            if (kind === 'not-ready') options.notice(`! ${view.pod}/${view.container}: ${text}`);
            else
              failures.push(
                error instanceof KprodError ? error : new KprodError('KUBE_API_ERROR', text),
              );
            return;
          }
        }
        if (signal.aborted) return;
        let current: ContainerView | undefined = view;
        try {
          current = await freshView(view);
        } catch {
          // Cannot tell: try the stream again after the delay.
        }
        if (afterStreamEnd(current, view.containerId) === 'done') return;
        const delay = reconnectDelayMs(attempt);
        // The first reconnect is silent (a server may close a stream); a failed one is said.
        if (attempt > 0 && problem !== undefined) {
          options.notice(
            `! ${view.pod}/${view.container}: ${problem}; reconnecting in ${formatDelay(delay)}`,
          );
        }
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return;
        }
        attempt += 1;
      }
    };

    let initial = true;
    const replan = (): void => {
      if (session.signal.aborted) return;
      const plan = planStreams(views(), active, options.maxStreams);
      for (const key of plan.stop) {
        const stream = active.get(key);
        if (stream === undefined) continue;
        stream.controller.abort();
        active.delete(key);
        options.notice(`- ${stream.view.pod} ${stream.view.container}`);
      }
      if (initial && plan.waiting > 0) {
        throw new KprodError(
          'LOGS_TOO_MANY_STREAMS',
          `${where} has ${plan.start.length + plan.waiting} containers to read, more than --max-streams ${options.maxStreams}`,
        );
      }
      if (plan.waiting > 0 && plan.waiting !== waitingNoticed) {
        options.notice(
          `! ${plan.waiting} container(s) wait for a free stream (--max-streams ${options.maxStreams})`,
        );
      }
      waitingNoticed = plan.waiting;
      for (const { view, reason } of plan.start) {
        // A re-attach replaces a stream still open on the old container.
        active.get(view.key)?.controller.abort();
        const controller = new AbortController();
        const signal = AbortSignal.any([session.signal, controller.signal]);
        const stream: Running = {
          view,
          containerId: view.containerId,
          ended: false,
          controller,
          done: Promise.resolve(),
        };
        active.set(view.key, stream);
        streams += 1;
        if (options.follow) {
          options.notice(
            `+ ${view.pod} ${view.container}${reason === 'reattach' ? ' (restarted)' : ''}`,
          );
        }
        stream.done = runStream(view, initial, signal).then(
          () => {
            stream.ended = true;
            if (options.follow && active.get(view.key) === stream) replan();
          },
          (error: unknown) => {
            stream.ended = true;
            fail(
              error instanceof KprodError
                ? error
                : new KprodError('KPROD_INTERNAL', String(error), { cause: error }),
            );
          },
        );
      }
    };

    let versions: (string | undefined)[];
    try {
      versions = await Promise.all(queries.map((query, i) => list(i, query)));
    } catch (error) {
      throw forbidden(error) ?? error;
    }
    const started = views().filter((v) => v.containerId !== undefined);
    if (started.length === 0) {
      if (!options.follow) {
        throw new KprodError('LOGS_NO_PODS', `${where}: no pod with a started container to read`);
      }
      options.notice(`waiting for pods of ${where} ...`);
    }
    replan();
    initial = false;

    if (!options.follow) {
      await Promise.all([...active.values()].map((s) => s.done));
    } else {
      const watchQuery = async (i: number, query: PodQuery): Promise<void> => {
        let version = versions[i];
        let attempt = 0;
        while (!session.signal.aborted) {
          let broken = false;
          try {
            await kube.watch(
              podsPath,
              {
                ...query,
                resourceVersion: version,
                allowWatchBookmarks: true,
                timeoutSeconds: limits.watchTimeoutSeconds,
              },
              (event) => {
                // An ERROR event (410 Gone: the version is too old) ends the watch; relist.
                if (event.type === 'ERROR') throw new Error('the watch expired');
                version = event.object.metadata?.resourceVersion ?? version;
                if (event.type === 'BOOKMARK') return;
                const map = (pods[i] ??= new Map());
                if (event.type === 'DELETED') map.delete(podKey(event.object));
                else map.set(podKey(event.object), event.object);
                replan();
              },
              session.signal,
            );
            attempt = 0;
          } catch (error) {
            const denied = forbidden(error);
            if (denied !== undefined) {
              fail(denied);
              return;
            }
            broken = true;
          }
          if (!broken || stopped()) continue;
          try {
            await sleep(reconnectDelayMs(attempt), undefined, { signal: session.signal });
            attempt += 1;
            version = await list(i, query);
            replan();
          } catch (error) {
            const denied = forbidden(error);
            if (denied !== undefined) {
              fail(denied);
              return;
            }
          }
        }
      };
      const watches = queries.map((query, i) => watchQuery(i, query));
      await new Promise<void>((resolve) => {
        if (session.signal.aborted) resolve();
        session.signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
      });
      await Promise.all(watches);
      await Promise.all([...active.values()].map((s) => s.done));
    }
    if (fatal !== undefined) throw fatal;
    const [first, ...rest] = failures;
    if (first !== undefined) {
      if (rest.length > 0) first.message += ` (and ${rest.length} more stream(s) failed)`;
      throw first;
    }
    return { streams, lines };
  } finally {
    options.signal.removeEventListener('abort', stopSession);
    session.abort();
  }
}

function podKey(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
