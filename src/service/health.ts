/** Where the service is in its life: not yet serving config, serving, or shutting down. */
export type Readiness = 'starting' | 'ready' | 'draining';

/** What the service knows about itself that decides readiness. */
export interface HealthState {
  readonly configLoaded: boolean;
  readonly draining: boolean;
}

/**
 * Decides readiness: ready only once a config is loaded and until draining starts. Liveness does
 * not depend on either: a draining process is still alive and finishing its requests.
 */
export function readinessOf(state: HealthState): Readiness {
  if (state.draining) return 'draining';
  return state.configLoaded ? 'ready' : 'starting';
}

/** The status code and body /readyz answers for a readiness. */
export function readinessAnswer(readiness: Readiness): { status: number; body: string } {
  return readiness === 'ready' ? { status: 200, body: 'ready' } : { status: 503, body: readiness };
}
