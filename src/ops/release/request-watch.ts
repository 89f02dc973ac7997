import { KprodError } from '../../errors.js';
import type { KubeObject } from '../kube-api.js';
import { holderPath, recordedState, requestOf } from './release-record.js';
import type { RunReleaseOptions } from './run-options.js';
import type { ReleaseState } from './state.js';
import { nextReleaseAction } from './strategy/strategies.js';

/** A running watch for promote/abort requests. */
export interface RequestWatch {
  /** Aborts when the caller's signal does or when a request or another driver's state appears. */
  signal: AbortSignal;
  /** Whether a request (or a newer state), not the caller, ended the watch. */
  requested: () => boolean;
  stop: () => void;
}

/**
 * Whether the holder carries a request that changes this release's state, or a state another
 * driver moved on. A request stays recorded until the release ends, so one already acted on
 * (promote while the stable Deployment rolls out, with a second driver) must not end every wait.
 */
function interruptedBy(holder: KubeObject | null, state: ReleaseState, where: string): boolean {
  if (holder === null) return false;
  const request = requestOf(holder, state);
  if (request !== undefined) {
    const decision = nextReleaseAction(state, { now: Date.now(), outcome: undefined, request });
    if (decision.state !== state) return true;
  }
  try {
    const recorded = recordedState(holder, where);
    return recorded !== undefined && recorded.updatedAt !== state.updatedAt;
  } catch {
    // A damaged record is not this wait's to report: the loop reads it next and says what is wrong.
    return true;
  }
}

/**
 * A signal that aborts when the caller's does, when a promote/abort request appears, or when
 * another driver moved the recorded state on (then the loop adopts it instead of waiting).
 */
export function requestWatch(options: RunReleaseOptions, state: ReleaseState): RequestWatch {
  const controller = new AbortController();
  let requested = false;
  const path = holderPath(state.strategy, options.namespace, options.name);
  const where = `${options.namespace}/${options.name}`;
  const onAbort = (): void => {
    controller.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => {
    options.kube.getOrNull(path, controller.signal).then(
      (holder) => {
        if (interruptedBy(holder, state, where)) {
          requested = true;
          controller.abort();
        }
      },
      () => undefined,
    );
  }, options.pollMs ?? 2000);
  return {
    signal: controller.signal,
    requested: () => requested,
    stop: () => {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** KPROD_INTERRUPTED: the caller stopped the release; its state is on the cluster. */
export function interrupted(): KprodError {
  return new KprodError('KPROD_INTERRUPTED', 'release interrupted; its state is saved', {
    hint: 'Resume with the same command, or `kprod release abort deploy/NAME`.',
  });
}

/** Waits until `until`; false when a request came first. */
export async function untilOrRequest(
  options: RunReleaseOptions,
  state: ReleaseState,
  until: number,
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const delay = until - now();
  if (delay <= 0) return true;
  const watch = requestWatch(options, state);
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      watch.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  } finally {
    watch.stop();
  }
  if (watch.requested()) return false;
  if (options.signal?.aborted === true) throw interrupted();
  return true;
}
