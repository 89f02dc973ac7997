import type { KubeClient } from '../kube-api.js';
import type { ProxyGet } from './analysis/smoke.js';
import type { ReleaseEvent } from './release-log.js';
import type { ReleaseOptions, ReleaseState, Strategy } from './state.js';
import type { Outcome } from './strategy/action.js';

/** What a run of the release loop needs. */
export interface RunReleaseOptions {
  kube: KubeClient;
  namespace: string;
  /** The release name: `NAME` of `deploy/NAME`. */
  name: string;
  /** Starts a release; without it the loop resumes the one on the cluster. */
  start?: { strategy: Strategy; image: string; options: ReleaseOptions };
  onEvent?: (event: ReleaseEvent) => void;
  signal?: AbortSignal;
  /** How often a wait looks for promote/abort requests; default 2 s. */
  pollMs?: number;
  /** Deadline of each rollout wait; a rollout past it counts as failed. Default 10 min. */
  rolloutTimeoutMs?: number;
  /** Sends smoke-check GETs; default through `kube`. */
  proxyGet?: ProxyGet;
  /** Replaces the Prometheus analysis (tests of the loop). */
  analyse?: (state: ReleaseState) => Promise<Outcome>;
  now?: () => number;
}
