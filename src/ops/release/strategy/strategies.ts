import type { Decision, Observation } from './action.js';
import { blueGreenMachine } from './blue-green.js';
import { canaryMachine } from './canary.js';
import { decide, type StrategyMachine } from './machine.js';
import { rollingMachine } from './rolling.js';
import type { ReleaseState, Strategy } from '../state.js';

const MACHINES: Record<Strategy, StrategyMachine> = {
  rolling: rollingMachine,
  'blue-green': blueGreenMachine,
  canary: canaryMachine,
};

/**
 * The release decision: from a state and what was observed, the state to persist and the action
 * to perform next, by the state's strategy. Pure.
 */
export function nextReleaseAction(state: ReleaseState, observation: Observation): Decision {
  return decide(MACHINES[state.strategy], state, observation);
}
