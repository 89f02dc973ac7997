import { at, finished, failedOutcome, rollbackFinished, type StrategyMachine } from './machine.js';
import type { ReleaseState } from '../state.js';

/**
 * Rolling update: set the (digest-resolved) image, wait for the rollout; on failure set the
 * previous image back and wait again, unless rollback is off. Rolling back sets the recorded
 * previous image rather than calling `rollout undo`, because undoing twice (a resumed job) would
 * flip back to the failed revision; setting an image twice is harmless.
 *
 * Phases: set-image → wait → done; rollback: rollback-image → rollback-wait → done.
 */
export const rollingMachine: StrategyMachine = {
  actionOf(state) {
    switch (state.phase) {
      case 'set-image':
        return { type: 'set-image', deployment: state.name, image: state.image };
      case 'wait':
      case 'rollback-wait':
        return { type: 'wait-rollout', deployment: state.name };
      case 'rollback-image':
        return { type: 'set-image', deployment: state.name, image: state.previousImage };
      default:
        throw new Error(`rolling release has no phase ${state.phase}`);
    }
  },
  transition(state, outcome) {
    switch (state.phase) {
      case 'set-image':
        return at(state, 'wait');
      case 'wait': {
        const failure = failedOutcome(outcome);
        if (failure === undefined) return finished(state, 'succeeded', `${state.image} rolled out`);
        if (!state.options.rollback) return finished(state, 'failed', `${failure} (rollback off)`);
        return startRollback(state, 'failed', failure);
      }
      case 'rollback-image':
        return at(state, 'rollback-wait');
      default:
        return rollbackFinished(state);
    }
  },
  request(state, request) {
    if (request !== 'abort' || state.phase.startsWith('rollback-')) return state;
    return startRollback(state, 'aborted', 'aborted on request');
  },
};

function startRollback(
  state: ReleaseState,
  status: 'failed' | 'aborted',
  reason: string,
): ReleaseState {
  return at(state, 'rollback-image', { rollback: { status, reason } });
}
