import { recordAt, recordsAt, stringAt } from '../../kube/field-access.js';
import type { KubeObject } from '../kube-api.js';
import type { PodQuery } from './target.js';

/**
 * The decisions of the follow loop, as pure functions of what the API server showed: which
 * containers to read, which streams join, leave or re-attach, and what to do when a stream ends.
 */

/** One container of one selected pod, as the planner sees it. */
export interface ContainerView {
  /** `namespace/pod/container`: one stream per key at a time. */
  key: string;
  namespace: string;
  pod: string;
  container: string;
  node: string | undefined;
  /** The runtime's id of the current container; undefined until it was created. */
  containerId: string | undefined;
  running: boolean;
}

/** A stream the loop runs, or ran and that ended. */
export interface ActiveStream {
  containerId: string | undefined;
  ended: boolean;
}

/** What the loop should change. */
export interface StreamPlan {
  /** Containers to start reading: new ones (`join`) or a restarted container (`reattach`). */
  start: { view: ContainerView; reason: 'join' | 'reattach' }[];
  /** Keys whose pod went away or no longer matches: stop and forget them. */
  stop: string[];
  /** Containers left waiting because --max-streams streams already run. */
  waiting: number;
}

/**
 * The containers of a pod that `containerPattern` selects (all when undefined), in spec order;
 * init containers only when they match the pattern explicitly, as they have finished by the
 * time the app runs. A container entry without a name is no container and is skipped.
 */
export function containerViews(pod: KubeObject, containerPattern?: RegExp): ContainerView[] {
  const spec = recordAt(pod, 'spec');
  const status = recordAt(pod, 'status');
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const node = stringAt(spec, 'nodeName');
  const statuses = [
    ...recordsAt(status, 'initContainerStatuses'),
    ...recordsAt(status, 'containerStatuses'),
  ];
  const init = containerPattern === undefined ? [] : recordsAt(spec, 'initContainers');
  return [...init, ...recordsAt(spec, 'containers')]
    .map((c) => stringAt(c, 'name'))
    .filter((c): c is string => c !== undefined)
    .filter((c) => containerPattern === undefined || containerPattern.test(c))
    .map((container) => {
      const s = statuses.find((x) => stringAt(x, 'name') === container);
      const id = stringAt(s, 'containerID');
      return {
        key: `${namespace}/${name}/${container}`,
        namespace,
        pod: name,
        container,
        node,
        containerId: id === undefined || id === '' ? undefined : id,
        running: recordAt(s, 'state')?.['running'] !== undefined,
      };
    });
}

/** Splits `a=b,c in (d,e),!f` into its terms (commas inside parentheses stay). */
function selectorTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') terms.push(current.trim());
  return terms;
}

function labelTermMatches(term: string, labels: Record<string, string>): boolean {
  const set = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (set !== null) {
    const values = (set[3] ?? '').split(',').map((v) => v.trim());
    const has = Object.hasOwn(labels, set[1] ?? '');
    const inSet = has && values.includes(labels[set[1] ?? ''] ?? '');
    return set[2] === 'in' ? inSet : !inSet;
  }
  const ne = /^([^\s!=]+)\s*!=\s*(.*)$/.exec(term);
  if (ne !== null) return labels[ne[1] ?? ''] !== ne[2];
  const eq = /^([^\s!=]+)\s*==?\s*(.*)$/.exec(term);
  if (eq !== null) return labels[eq[1] ?? ''] === eq[2];
  if (term.startsWith('!')) return !Object.hasOwn(labels, term.slice(1).trim());
  return Object.hasOwn(labels, term);
}

/**
 * Whether a pod matches a query, checked again on our side so a pod that changed its labels
 * (or a server that ignored a selector) cannot keep a stream it no longer belongs to.
 */
export function podMatches(pod: KubeObject, query: PodQuery): boolean {
  const labels = pod.metadata?.labels ?? {};
  if (query.labelSelector !== undefined) {
    if (!selectorTerms(query.labelSelector).every((t) => labelTermMatches(t, labels))) return false;
  }
  for (const term of query.fieldSelector === undefined ? [] : query.fieldSelector.split(',')) {
    const [field, value] = term.split('=');
    const actual =
      field === 'metadata.name'
        ? pod.metadata?.name
        : field === 'metadata.namespace'
          ? pod.metadata?.namespace
          : field === 'spec.nodeName'
            ? stringAt(recordAt(pod, 'spec'), 'nodeName')
            : value;
    if (actual !== value) return false;
  }
  return true;
}

/**
 * Compares the selected containers with the streams: a started container without a stream
 * joins; one that now has another container id than its stream read (a restart) is
 * re-attached, replacing the old stream when that is still open; a stream whose container is no
 * longer selected leaves. At most `maxStreams` streams run at once; the rest wait, in key order,
 * for a free one.
 *
 * The old stream is not waited for: a log server need not end a follow stream when its
 * container exits (kwok's never does), and the API server already shows a newer container. A
 * container that exited keeps its open stream until the restart shows, so its last lines drain.
 */
export function planStreams(
  views: readonly ContainerView[],
  active: ReadonlyMap<string, ActiveStream>,
  maxStreams: number,
): StreamPlan {
  const selected = new Map(views.map((v) => [v.key, v]));
  const stop = [...active.keys()].filter((key) => !selected.has(key)).sort();
  let running = [...active.entries()].filter(([k, s]) => !s.ended && selected.has(k)).length;
  const start: StreamPlan['start'] = [];
  let waiting = 0;
  for (const view of [...selected.values()].sort((a, b) => a.key.localeCompare(b.key))) {
    if (view.containerId === undefined) continue;
    const stream = active.get(view.key);
    let reason: 'join' | 'reattach' | undefined;
    if (stream === undefined) reason = 'join';
    else if (stream.containerId !== view.containerId) reason = 'reattach';
    if (reason === undefined) continue;
    // A stream still open on the old container gives its slot to the new one.
    const replaces = stream !== undefined && !stream.ended;
    if (!replaces && running >= maxStreams) {
      waiting += 1;
      continue;
    }
    if (!replaces) running += 1;
    start.push({ view, reason });
  }
  return { start, stop, waiting };
}

/**
 * What a stream does when the server closed it while following: the same container still runs,
 * so the connection dropped and it reconnects from its last line; otherwise the container ended
 * (or the pod is gone) and the stream is done: the planner re-attaches a restarted container.
 */
export function afterStreamEnd(
  current: ContainerView | undefined,
  containerId: string | undefined,
): 'reconnect' | 'done' {
  if (current === undefined) return 'done';
  return current.running && current.containerId === containerId ? 'reconnect' : 'done';
}

/** Delay before reconnect attempt `attempt` (0-based): 250 ms doubling, at most 8 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(8000, 250 * 2 ** Math.max(0, attempt));
}

/** A reconnect delay as the notices print it: `250 ms`, `1 s`, `8 s`. */
export function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}
