/**
 * Whether a workload's controller has seen its latest spec: the one test behind every "is this
 * status current?" question of rollouts. Pure; reads untrusted JSON.
 */
import { numberAt, recordAt } from './field-access.js';

/** Options of {@link generationObserved}. */
export interface GenerationObservedOptions {
  /**
   * Also require that the controller wrote an observedGeneration at all (not 0), as
   * `kubectl rollout status` does for StatefulSets; Deployments and DaemonSets do not.
   */
  readonly requireStatus?: boolean | undefined;
}

/**
 * True when `metadata.generation <= status.observedGeneration` (absent or non-number values
 * count as 0), as `kubectl rollout status` decides before trusting the status counts.
 */
export function generationObserved(object: unknown, opts: GenerationObservedOptions = {}): boolean {
  const generation = numberAt(recordAt(object, 'metadata'), 'generation') ?? 0;
  const observed = numberAt(recordAt(object, 'status'), 'observedGeneration') ?? 0;
  if (opts.requireStatus === true && observed === 0) return false;
  return generation <= observed;
}
