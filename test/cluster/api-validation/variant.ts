/**
 * One object variant of the API-validation differential: sent to the real API server
 * (`dryRun=All`, strict field validation) and to `kprod check`, which must agree on accept/reject.
 */
export interface Variant {
  /** Unique, file-name safe: `deployment-selector-mismatch`, `service-port-0`. */
  readonly id: string;
  /** The field family mutated: `names`, `ports`, `probes`, `rbac`, … (for the per-family table). */
  readonly family: string;
  /** The object, namespaced objects without `metadata.namespace` (the harness sets it). */
  readonly object: Readonly<Record<string, unknown>>;
}
