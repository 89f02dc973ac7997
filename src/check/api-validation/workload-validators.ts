/** Validators of Pods, their templates and the workload kinds (Deployment, Job, …). */
import type { KindValidator } from './kind-validator.js';

/** The workload validators. */
export const WORKLOAD_VALIDATORS: readonly KindValidator[] = [];
