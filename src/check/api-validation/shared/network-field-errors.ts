/**
 * Field errors whose bad value the API server prints in a form of its own (a Go struct as JSON,
 * `null`): the value is given already printed.
 */
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, OMIT_VALUE } from '../field-errors.js';

/** `Invalid value: <printed>: <detail>`. */
export function invalidPrinted(path: FieldPath, printed: string, detail: string): FieldError {
  return { path, type: 'invalid', value: OMIT_VALUE, detail: `${printed}: ${detail}` };
}

/** `Duplicate value: <printed>`. */
export function duplicatePrinted(path: FieldPath, printed: string): FieldError {
  return { path, type: 'duplicate', value: OMIT_VALUE, detail: printed };
}
