import { at, failedOutcome, finished, rollbackFinished, type StrategyMachine } from './machine.js';
import { canaryName } from '../names.js';
import type { ReleaseState } from '../state.js';

/**
 * Canary: a canary Deployment with the new image receives a growing share of the traffic
 * (`steps`, percent), each step held for `interval`, after which an analysis of the canary's
 * metrics passes or fails. `failureLimit` failed analyses fail the release: traffic back to
 * stable, canary scaled to zero (and the stable image restored if promotion had begun).
 * Success: the stable Deployment gets the new image, then traffic returns to it and the canary
 * Deployment is removed. Promote skips the remaining steps; abort acts as a failure.
 *
 * Phases: create-canary → wait-canary → (set-weight → hold → analyse)×steps → promote-stable →
 * wait-stable → restore-traffic → remove-canary → done.
 * Rollback: rollback-traffic → rollback-scale → [rollback-stable → rollback-wait-stable] → done.
 */
export const canaryMachine: StrategyMachine = {
  actionOf(state) {
    const canary = canaryName(state.name);
    switch (state.phase) {
      case 'create-canary':
        return {
          type: 'ensure-canary',
          deployment: canary,
          from: state.name,
          image: state.image,
          replicas: state.options.canaryReplicas,
        };
      case 'wait-canary':
        return { type: 'wait-rollout', deployment: canary };
      case 'set-weight':
        return { type: 'set-traffic', weight: weightOf(state) };
      case 'hold':
        return { type: 'wait', until: state.holdUntil ?? state.updatedAt };
      case 'analyse':
        return { type: 'analyse' };
      case 'promote-stable':
        return { type: 'set-image', deployment: state.name, image: state.image };
      case 'wait-stable':
      case 'rollback-wait-stable':
        return { type: 'wait-rollout', deployment: state.name };
      case 'restore-traffic':
      case 'rollback-traffic':
        return { type: 'set-traffic', weight: 0 };
      case 'remove-canary':
        return { type: 'delete-deployment', deployment: canary };
      case 'rollback-scale':
        return { type: 'scale', deployment: canary, replicas: 0 };
      case 'rollback-stable':
        return { type: 'set-image', deployment: state.name, image: state.previousImage };
      default:
        throw new Error(`canary release has no phase ${state.phase}`);
    }
  },
  transition(state, outcome, now) {
    const failure = failedOutcome(outcome);
    switch (state.phase) {
      case 'create-canary':
        return at(state, 'wait-canary');
      case 'wait-canary':
        if (failure !== undefined) return startRollback(state, 'failed', failure);
        return at(state, 'set-weight', { step: 0 });
      case 'set-weight':
        return hold(state, now);
      case 'hold':
        return at(state, 'analyse');
      case 'analyse': {
        if (failure !== undefined) {
          const failures = state.failures + 1;
          if (failures >= state.options.failureLimit) {
            return startRollback(
              { ...state, failures },
              'failed',
              `analysis failed ${failures} time(s): ${failure}`,
            );
          }
          return hold({ ...state, failures, message: failure }, now);
        }
        const step = state.step + 1;
        if (step < state.options.steps.length) return at(state, 'set-weight', { step });
        return promote(state);
      }
      case 'promote-stable':
        return at(state, 'wait-stable');
      case 'wait-stable':
        if (failure !== undefined) return startRollback(state, 'failed', failure);
        return at(state, 'restore-traffic');
      case 'restore-traffic':
        return at(state, 'remove-canary');
      case 'remove-canary':
        return finished(state, 'succeeded', `${state.image} promoted to ${state.name}`);
      case 'rollback-traffic':
        return at(state, 'rollback-scale');
      case 'rollback-scale':
        return state.stableChanged === true
          ? at(state, 'rollback-stable')
          : rollbackFinished(state);
      case 'rollback-stable':
        return at(state, 'rollback-wait-stable');
      default:
        return rollbackFinished(state);
    }
  },
  request(state, request) {
    if (state.phase.startsWith('rollback-')) return state;
    if (request === 'abort') return startRollback(state, 'aborted', 'aborted on request');
    if (PROMOTABLE.has(state.phase)) return promote(state);
    return state;
  },
};

/** Phases before promotion; promote jumps from any of them to `promote-stable`. */
const PROMOTABLE = new Set(['create-canary', 'wait-canary', 'set-weight', 'hold', 'analyse']);

/** The canary's traffic percent at the current step. */
export function weightOf(state: ReleaseState): number {
  return state.options.steps[state.step] ?? 100;
}

function hold(state: ReleaseState, now: number): ReleaseState {
  return at(state, 'hold', { holdUntil: new Date(now + state.options.intervalMs).toISOString() });
}

function promote(state: ReleaseState): ReleaseState {
  // Recorded before the image is set, so a kill in between still restores it on rollback.
  return at(state, 'promote-stable', { stableChanged: true });
}

function startRollback(
  state: ReleaseState,
  status: 'failed' | 'aborted',
  reason: string,
): ReleaseState {
  return at(state, 'rollback-traffic', { rollback: { status, reason } });
}
