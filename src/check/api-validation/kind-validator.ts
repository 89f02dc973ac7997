/**
 * What one kind's validation looks like: the object in, the API server's field errors out.
 */
import type { JsonRecord } from '../../kube/field-access.js';
import type { FieldError } from './field-errors.js';

/** What a validator may read besides the object. */
export interface ValidationContext {
  /** Kubernetes minor version the object is checked against, e.g. `1.36`. */
  readonly kubeVersion: string;
}

/** The validation of one kind (`group` is `` for the core API, e.g. `apps` for Deployment). */
export interface KindValidator {
  readonly group: string;
  readonly kind: string;
  validate(object: JsonRecord, context: ValidationContext): FieldError[];
}
