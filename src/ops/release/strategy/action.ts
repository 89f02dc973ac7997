/**
 * The vocabulary shared by the release state machines and the loop that runs them: the actions a
 * machine asks for, the outcomes the loop reports back, and one decision.
 */
import type { ReleaseState } from '../state.js';

/** One idempotent step the loop performs on the cluster (or a wait, or a query). */
export type ReleaseAction =
  /** Sets the image of a Deployment's container (and its replicas, when given). */
  | { type: 'set-image'; deployment: string; image: string; replicas?: number }
  /** Waits until a Deployment has rolled out, or failed to. */
  | { type: 'wait-rollout'; deployment: string }
  /** Creates (or updates) the canary Deployment as a copy of the stable one with a new image. */
  | { type: 'ensure-canary'; deployment: string; from: string; image: string; replicas: number }
  | { type: 'scale'; deployment: string; replicas: number }
  | { type: 'delete-deployment'; deployment: string }
  /** Writes the traffic provider's objects so the canary receives `weight` percent. */
  | { type: 'set-traffic'; weight: number }
  /** Waits until the given time (ISO 8601); ends early when promote or abort is requested. */
  | { type: 'wait'; until: string }
  /** Queries Prometheus for the canary's success rate and latency. */
  | { type: 'analyse' }
  /** Runs the smoke checks through the API server's proxy to `service`. */
  | { type: 'smoke'; service: string }
  /** Points a Service's `color` selector at a colour; creates it from `template` when absent. */
  | { type: 'point-service'; service: string; color: Color; template?: string }
  /** Nothing left to do: the release reached its final status. */
  | { type: 'finish' };

/** The two colours of a blue-green release. */
export type Color = 'blue' | 'green';

/** What performing an action found out; fed to the next decision. */
export type Outcome =
  | { kind: 'done' }
  | { kind: 'waited' }
  | { kind: 'rollout'; ok: boolean; message: string }
  | { kind: 'analysis'; passed: boolean; message: string }
  | { kind: 'smoke'; passed: boolean; message: string };

/** Everything a state machine looks at besides its state. */
export interface Observation {
  /** Milliseconds since the epoch. */
  readonly now: number;
  /** The outcome of the action the current state asked for; absent on a fresh start or resume. */
  readonly outcome?: Outcome | undefined;
  /** A request written on the cluster by `kprod release promote|abort`. */
  readonly request?: 'promote' | 'abort' | undefined;
}

/** What a state machine decides: the state to persist, then the action to perform. */
export interface Decision {
  readonly state: ReleaseState;
  readonly action: ReleaseAction;
}
