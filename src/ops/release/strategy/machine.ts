import type { Decision, Observation, Outcome, ReleaseAction } from './action.js';
import type { ReleaseState } from '../state.js';

/**
 * The shape shared by the three strategies. A state's `phase` names the action in progress;
 * `transition` consumes that action's outcome. Because the loop persists the state before it
 * performs the action, a resumed release (no outcome) simply performs the phase's action again,
 * which every action allows (they are idempotent).
 */
export interface StrategyMachine {
  /** The action a (progressing) state asks for. */
  actionOf(state: ReleaseState): ReleaseAction;
  /** The state after the current phase's action produced `outcome`. */
  transition(state: ReleaseState, outcome: Outcome, now: number): ReleaseState;
  /** The state after `kprod release promote|abort`; the same state when it does not apply. */
  request(state: ReleaseState, request: 'promote' | 'abort', now: number): ReleaseState;
}

/** Runs one step of a machine: the pure `next(state, observations) → action`. */
export function decide(
  machine: StrategyMachine,
  state: ReleaseState,
  observation: Observation,
): Decision {
  if (state.status !== 'progressing') return { state, action: { type: 'finish' } };
  let next = state;
  if (observation.request !== undefined) {
    next = machine.request(state, observation.request, observation.now);
  }
  // A request that changed the phase makes the outcome of the interrupted action meaningless.
  if (next === state && observation.outcome !== undefined) {
    next = machine.transition(state, observation.outcome, observation.now);
  }
  if (next !== state) next = { ...next, updatedAt: new Date(observation.now).toISOString() };
  return { state: next, action: next.status === 'progressing' ? machine.actionOf(next) : finish };
}

const finish: ReleaseAction = { type: 'finish' };

/** Ends a release in a final status. */
export function finished(
  state: ReleaseState,
  status: 'succeeded' | 'failed' | 'aborted',
  message: string,
): ReleaseState {
  return { ...state, status, phase: 'done', message };
}

/** Ends a rollback: the final status recorded when it started. */
export function rollbackFinished(state: ReleaseState): ReleaseState {
  const rollback = state.rollback ?? { status: 'failed', reason: 'rolled back' };
  return finished(state, rollback.status, rollback.reason);
}

/** Moves to `phase`, keeping everything else. */
export function at(
  state: ReleaseState,
  phase: string,
  extra: Partial<ReleaseState> = {},
): ReleaseState {
  return { ...state, ...extra, phase };
}

/** The outcome did not match the phase: a bug in the loop, not a user error. */
export function unexpected(state: ReleaseState, outcome: Outcome): never {
  throw new Error(`release phase ${state.phase} cannot take a ${outcome.kind} outcome`);
}

/** True for the outcomes that mean "the action failed". */
export function failedOutcome(outcome: Outcome): string | undefined {
  if (outcome.kind === 'rollout') return outcome.ok ? undefined : outcome.message;
  if (outcome.kind === 'smoke' || outcome.kind === 'analysis')
    return outcome.passed ? undefined : outcome.message;
  return undefined;
}
