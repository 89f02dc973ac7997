import { describeAction, actionMessage, releaseEvent } from './release-log.js';
import { performAction } from './release-actions.js';
import {
  clearRequest,
  holderPath,
  persistState,
  recordedState,
  requestOf,
} from './release-record.js';
import type { RunReleaseOptions } from './run-options.js';
import { startOrResume } from './start-release.js';
import type { ReleaseState } from './state.js';
import type { Observation, Outcome } from './strategy/action.js';
import { nextReleaseAction } from './strategy/strategies.js';

/**
 * The release loop, the imperative shell around the pure state machines: read the state and
 * any promote/abort request from the cluster, decide, persist the decided state, perform its
 * action, and feed the outcome to the next decision. Every action is idempotent, so a release
 * killed at any point resumes by running this loop again.
 */

/** Runs (or resumes) a release until it ends; returns its final state. */
export async function runRelease(options: RunReleaseOptions): Promise<ReleaseState> {
  const { kube, namespace, name } = options;
  const now = options.now ?? Date.now;
  let state = await startOrResume(options, now());
  const path = holderPath(state.strategy, namespace, name);
  const emit = (action: string, message: string): void => {
    options.onEvent?.(releaseEvent(`${namespace}/${name}`, state, now(), action, message));
  };
  let outcome: Outcome | undefined;
  for (;;) {
    const holder = await kube.getOrNull(path, options.signal);
    // Another driver (`kprod release abort` run elsewhere) may have moved the release on: the
    // annotation, not this process's memory, is the state.
    const current = recordedState(holder, `${namespace}/${name}`);
    if (current?.startedAt === state.startedAt && current.updatedAt !== state.updatedAt) {
      state = current;
      outcome = undefined;
    }
    const observation: Observation = {
      now: now(),
      outcome,
      request: holder === null ? undefined : requestOf(holder, state),
    };
    const decision = nextReleaseAction(state, observation);
    if (decision.state !== state) {
      await persistState(kube, path, decision.state);
      state = decision.state;
    }
    if (decision.action.type === 'finish') {
      await clearRequest(kube, path);
      emit('finish', state.message ?? state.status);
      return state;
    }
    emit(describeAction(decision.action), actionMessage(decision.action, state));
    outcome = await performAction(options, state, decision.action);
    if (outcome !== undefined && outcome.kind !== 'done' && outcome.kind !== 'waited') {
      emit(`${outcome.kind} result`, outcome.message);
    }
  }
}
