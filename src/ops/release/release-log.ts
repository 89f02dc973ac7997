import type { ReleaseState, Strategy } from './state.js';
import type { ReleaseAction } from './strategy/action.js';

/** One line of the release log. */
export interface ReleaseEvent {
  time: string;
  release: string;
  strategy: Strategy;
  phase: string;
  status: ReleaseState['status'];
  /** The action started (`set-traffic 25`), or `finish`. */
  action: string;
  message: string;
}

/** A short, exact description of an action for the log. */
export function describeAction(action: ReleaseAction): string {
  switch (action.type) {
    case 'set-image':
    case 'ensure-canary':
      return `${action.type} ${action.deployment}`;
    case 'wait-rollout':
    case 'delete-deployment':
      return `${action.type} ${action.deployment}`;
    case 'scale':
      return `scale ${action.deployment} ${String(action.replicas)}`;
    case 'set-traffic':
      return `set-traffic ${String(action.weight)}`;
    case 'wait':
      return `wait ${action.until}`;
    case 'smoke':
      return `smoke ${action.service}`;
    case 'point-service':
      return `point-service ${action.service} ${action.color}`;
    default:
      return action.type;
  }
}

/** What the log says about an action beyond its description, in the state it starts from. */
export function actionMessage(action: ReleaseAction, state: ReleaseState): string {
  switch (action.type) {
    case 'set-image':
      return `image ${action.image}${action.replicas === undefined ? '' : `, ${String(action.replicas)} replicas`}`;
    case 'ensure-canary':
      return `canary from ${action.from} with ${action.image}, ${String(action.replicas)} replica(s)`;
    case 'set-traffic':
      return `${String(action.weight)}% of traffic to the canary (${state.options.traffic})`;
    case 'wait':
      return state.phase === 'hold'
        ? `holding step ${String(state.step + 1)}/${String(state.options.steps.length)}`
        : 'keeping the old colour';
    case 'analyse':
      return `analysis ${String(state.failures)}/${String(state.options.failureLimit)} failures so far`;
    default:
      return '';
  }
}

/** The log line of release `release` (`namespace/name`) doing `action` (or `finish`) at `now`. */
export function releaseEvent(
  release: string,
  state: ReleaseState,
  now: number,
  action: string,
  message: string,
): ReleaseEvent {
  return {
    time: new Date(now).toISOString(),
    release,
    strategy: state.strategy,
    phase: state.phase,
    status: state.status,
    action,
    message,
  };
}
