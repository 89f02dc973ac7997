/**
 * A PersistentVolumeClaim spec (a StatefulSet's volumeClaimTemplates) as the API server validates
 * it: access modes, a positive storage request, class name and volume mode.
 */
import { type JsonRecord, arrayAt, recordAt, stringAt } from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  forbidden,
  invalid,
  atMapKey,
  notSupported,
  required,
} from '../field-errors.js';
import { dns1123SubdomainProblems } from '../shared/name-rules.js';
import { formatQuantity, parseQuantity } from '../shared/quantity.js';
import { validateLabelSelector } from '../shared/selector.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

/** Errors of a PersistentVolumeClaim spec at `path`. */
export function validatePersistentVolumeClaimSpec(spec: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const modes = arrayAt(spec, 'accessModes');
  if (modes.length === 0)
    out.push(required([...path, 'accessModes'], 'at least 1 access mode is required'));
  out.push(...validateLabelSelector(recordAt(spec, 'selector'), [...path, 'selector']));
  let oncePod = false;
  let other = false;
  for (const mode of modes) {
    if (typeof mode !== 'string') continue;
    if (!ACCESS_MODES.includes(mode))
      out.push(notSupported([...path, 'accessModes'], mode, ACCESS_MODES));
    else if (mode === 'ReadWriteOncePod') oncePod = true;
    else other = true;
  }
  if (oncePod && other) {
    out.push(
      forbidden([...path, 'accessModes'], 'may not use ReadWriteOncePod with other access modes'),
    );
  }
  const storagePath: FieldPath = [...path, 'resources', 'storage'];
  const storage = parseQuantity(recordAt(recordAt(spec, 'resources'), 'requests')?.['storage']);
  if (storage === undefined) out.push(atMapKey(required(storagePath), path.length + 1));
  else if (storage.nanos <= 0n)
    out.push(
      atMapKey(
        invalid(storagePath, formatQuantity(storage), 'must be greater than zero'),
        path.length + 1,
      ),
    );
  const className = stringAt(spec, 'storageClassName') ?? '';
  if (className !== '') {
    out.push(
      ...dns1123SubdomainProblems(className).map((m) =>
        invalid([...path, 'storageClassName'], className, m),
      ),
    );
  }
  const volumeMode = stringAt(spec, 'volumeMode');
  if (volumeMode !== undefined && !VOLUME_MODES.includes(volumeMode)) {
    out.push(notSupported([...path, 'volumeMode'], volumeMode, VOLUME_MODES));
  }
  return out;
}
