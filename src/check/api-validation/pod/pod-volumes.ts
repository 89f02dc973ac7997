/**
 * A pod's `volumes` as the API server validates them: names (DNS labels, unique), exactly one
 * source each (a volume with none becomes an emptyDir), and the common sources' own fields
 * (downwardAPI and projected sources in `pod-volume-projections.ts`).
 */
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import {
  type FieldError,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../field-errors.js';
import { dns1123LabelProblems } from '../shared/name-rules.js';
import { parseQuantity } from '../shared/quantity.js';
import {
  validateDownwardAPIVolume,
  validateFileMode,
  validateKeyToPath,
  validateProjectedVolume,
} from './pod-volume-projections.js';

/** Volume sources in the order the API server checks them (the second one found is reported). */
const SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'quobyte',
  'cinder',
  'cephfs',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
];
/** Where the API server's path for a second source differs from the field's name. */
const SOURCE_PATHS: Readonly<Record<string, string>> = {
  cephfs: 'cephFS',
  downwardAPI: 'downwarAPI',
};
const HOST_PATH_TYPES = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

function validateSource(type: string, source: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  if (type === 'emptyDir') {
    const size = parseQuantity(source['sizeLimit']);
    if (size !== undefined && size.nanos < 0n) {
      out.push(
        forbidden([...path, 'sizeLimit'], 'SizeLimit field must be a valid resource quantity'),
      );
    }
  } else if (type === 'hostPath') {
    const hostPath = stringAt(source, 'path') ?? '';
    if (hostPath === '') return [required([...path, 'path'])];
    if (hostPath.split('/').includes('..'))
      out.push(invalid([...path, 'path'], hostPath, "must not contain '..'"));
    const hostType = source['type'];
    if (typeof hostType === 'string' && !HOST_PATH_TYPES.includes(hostType)) {
      out.push(notSupported([...path, 'type'], hostType, HOST_PATH_TYPES));
    }
  } else if (type === 'secret' || type === 'configMap') {
    const nameField = type === 'secret' ? 'secretName' : 'name';
    if ((stringAt(source, nameField) ?? '') === '') out.push(required([...path, nameField]));
    out.push(...validateFileMode(source['defaultMode'], [...path, 'defaultMode']));
    arrayAt(source, 'items').forEach((item, i) => {
      out.push(...validateKeyToPath(item, [...path, 'items', i]));
    });
  } else if (type === 'downwardAPI') {
    out.push(...validateDownwardAPIVolume(source, path));
  } else if (type === 'projected') {
    out.push(...validateProjectedVolume(source, path));
  } else if (type === 'persistentVolumeClaim') {
    if ((stringAt(source, 'claimName') ?? '') === '') out.push(required([...path, 'claimName']));
  } else if (type === 'csi') {
    if ((stringAt(source, 'driver') ?? '') === '') out.push(required([...path, 'driver']));
  } else if (type === 'nfs') {
    if ((stringAt(source, 'server') ?? '') === '') out.push(required([...path, 'server']));
    const nfsPath = stringAt(source, 'path') ?? '';
    if (nfsPath === '') out.push(required([...path, 'path']));
    else if (!nfsPath.startsWith('/'))
      out.push(invalid([...path, 'path'], nfsPath, 'must be an absolute path'));
  }
  return out;
}

function validateVolumeSource(volume: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  let found = 0;
  for (const type of SOURCES) {
    const source = recordAt(volume, type);
    if (source === undefined) continue;
    if (found > 0) {
      out.push(
        forbidden([...path, SOURCE_PATHS[type] ?? type], 'may not specify more than 1 volume type'),
      );
      continue;
    }
    found++;
    out.push(...validateSource(type, source, [...path, type]));
  }
  return out;
}

/** Errors of `volumes`, and the names of the volumes without errors (mounts may use those). */
export function validateVolumes(
  volumes: readonly unknown[],
  path: FieldPath,
): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  volumes.forEach((item, i) => {
    const volume = isRecord(item) ? item : {};
    const at: FieldPath = [...path, i];
    const el = validateVolumeSource(volume, at);
    const name = stringAt(volume, 'name') ?? '';
    if (name === '') el.push(required([...at, 'name']));
    else el.push(...dns1123LabelProblems(name).map((m) => invalid([...at, 'name'], name, m)));
    if (names.has(name)) el.push(duplicate([...at, 'name'], name));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { errors, names };
}
