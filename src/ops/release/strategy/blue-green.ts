import type { Color } from './action.js';
import { at, failedOutcome, finished, rollbackFinished, type StrategyMachine } from './machine.js';
import { colorDeployment, otherColor, previewService } from '../names.js';
import type { ReleaseState } from '../state.js';

/**
 * Blue-green: bring the idle colour up with the new image, wait until it is ready, run the smoke
 * checks against it through a preview Service, switch the live Service's `color` selector, keep
 * the old colour for `keepOld` and then scale it to zero.
 *
 * Phases: prepare-idle → wait-idle → [preview → smoke] → switch → keep-old → scale-down-old → done.
 * Rollback: rollback-switch → rollback-scale → done. Once the old colour is being scaled down
 * the release is past its point of no return: abort no longer applies.
 */
export const blueGreenMachine: StrategyMachine = {
  actionOf(state) {
    const live = liveColor(state);
    const idle = otherColor(live);
    switch (state.phase) {
      case 'prepare-idle':
        return {
          type: 'set-image',
          deployment: colorDeployment(state.name, idle),
          image: state.image,
          replicas: state.replicas ?? 1,
        };
      case 'wait-idle':
        return { type: 'wait-rollout', deployment: colorDeployment(state.name, idle) };
      case 'preview':
        return {
          type: 'point-service',
          service: previewService(state.name),
          color: idle,
          template: state.name,
        };
      case 'smoke':
        return { type: 'smoke', service: previewService(state.name) };
      case 'switch':
        return { type: 'point-service', service: state.name, color: idle };
      case 'keep-old':
        return { type: 'wait', until: state.holdUntil ?? state.updatedAt };
      case 'scale-down-old':
        return { type: 'scale', deployment: colorDeployment(state.name, live), replicas: 0 };
      case 'rollback-switch':
        return { type: 'point-service', service: state.name, color: live };
      case 'rollback-scale':
        return { type: 'scale', deployment: colorDeployment(state.name, idle), replicas: 0 };
      default:
        throw new Error(`blue-green release has no phase ${state.phase}`);
    }
  },
  transition(state, outcome, now) {
    const failure = failedOutcome(outcome);
    switch (state.phase) {
      case 'prepare-idle':
        return at(state, 'wait-idle');
      case 'wait-idle':
        if (failure !== undefined) return startRollback(state, 'failed', failure);
        return at(state, state.options.smoke.length > 0 ? 'preview' : 'switch');
      case 'preview':
        return at(state, 'smoke');
      case 'smoke':
        if (failure !== undefined) return startRollback(state, 'failed', failure);
        return at(state, 'switch');
      case 'switch':
        return at(state, 'keep-old', {
          switched: true,
          holdUntil: new Date(now + state.options.keepOldMs).toISOString(),
        });
      case 'keep-old':
        return at(state, 'scale-down-old');
      case 'scale-down-old':
        return finished(
          state,
          'succeeded',
          `${state.image} is live on ${otherColor(liveColor(state))}`,
        );
      case 'rollback-switch':
        return at(state, 'rollback-scale');
      default:
        return rollbackFinished(state);
    }
  },
  request(state, request) {
    if (request !== 'abort') return state;
    if (state.phase.startsWith('rollback-') || state.phase === 'scale-down-old') return state;
    return startRollback(state, 'aborted', 'aborted on request');
  },
};

/** The colour that was live when the release started. */
export function liveColor(state: ReleaseState): Color {
  return state.live ?? 'blue';
}

function startRollback(
  state: ReleaseState,
  status: 'failed' | 'aborted',
  reason: string,
): ReleaseState {
  // Always point the Service back: the switch may have happened just before a kill, and
  // pointing it at the colour it already selects changes nothing.
  return at(state, 'rollback-switch', { rollback: { status, reason } });
}
