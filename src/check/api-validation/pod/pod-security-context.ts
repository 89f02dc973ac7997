/**
 * Security contexts as the API server validates them: ids in range, seccomp and AppArmor
 * profiles, procMount, and the contradictions it refuses (no privilege escalation but
 * privileged). Pod Security levels are another family's business.
 */
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import type { FieldPath } from '../../../manifest/source-object.js';
import { type FieldError, invalid, notSupported, required } from '../field-errors.js';
import { idProblems } from './pod-values.js';

/** A value as the API server prints an internal struct: Go field names, unset fields null. */
function goStruct(value: unknown, fields: readonly string[]): Record<string, unknown> {
  const record = isRecord(value) ? value : {};
  return Object.fromEntries(
    fields.map((f) => [f.charAt(0).toUpperCase() + f.slice(1), record[f] ?? null]),
  );
}

const SECURITY_CONTEXT_FIELDS = [
  'capabilities',
  'privileged',
  'seLinuxOptions',
  'windowsOptions',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'readOnlyRootFilesystem',
  'allowPrivilegeEscalation',
  'procMount',
  'seccompProfile',
  'appArmorProfile',
];

/** A container security context as the API server prints it in a message. */
function printedContext(context: JsonRecord): Record<string, unknown> {
  const printed = goStruct(context, SECURITY_CONTEXT_FIELDS);
  const capabilities = context['capabilities'];
  printed['Capabilities'] = isRecord(capabilities) ? goStruct(capabilities, ['add', 'drop']) : null;
  printed['SELinuxOptions'] = null;
  printed['WindowsOptions'] = null;
  return printed;
}

const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];

function validateSeccomp(profile: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const type = stringAt(profile, 'type') ?? '';
  if (type === '')
    out.push(required([...path, 'type'], 'type is required when seccompProfile is set'));
  else if (!PROFILE_TYPES.includes(type))
    out.push(notSupported([...path, 'type'], type, PROFILE_TYPES));
  const localhost = profile['localhostProfile'];
  if (type === 'Localhost') {
    if (typeof localhost !== 'string') {
      out.push(
        required([...path, 'localhostProfile'], 'must be set when seccomp type is Localhost'),
      );
    } else {
      if (localhost.startsWith('/')) {
        out.push(invalid([...path, 'localhostProfile'], localhost, 'must be a relative path'));
      }
      if (localhost.split('/').includes('..')) {
        out.push(invalid([...path, 'localhostProfile'], localhost, "must not contain '..'"));
      }
    }
  } else if (typeof localhost === 'string') {
    out.push(
      invalid(
        [...path, 'localhostProfile'],
        goStruct(profile, ['type', 'localhostProfile']),
        'can only be set when seccomp type is Localhost',
      ),
    );
  }
  return out;
}

function validateAppArmor(profile: JsonRecord, path: FieldPath): FieldError[] {
  const type = stringAt(profile, 'type') ?? '';
  const localhost = profile['localhostProfile'];
  const at: FieldPath = [...path, 'localhostProfile'];
  if (type === 'Localhost') {
    if (typeof localhost !== 'string' || localhost === '') {
      return [required(at, 'must be set when AppArmor type is Localhost')];
    }
    if (localhost.trim() !== localhost)
      return [invalid(at, localhost, 'must not be padded with whitespace')];
    return [];
  }
  if (type === 'RuntimeDefault' || type === 'Unconfined') {
    return typeof localhost === 'string'
      ? [invalid(at, localhost, 'can only be set when AppArmor type is Localhost')]
      : [];
  }
  if (type === '')
    return [required([...path, 'type'], 'type is required when appArmorProfile is set')];
  return [notSupported([...path, 'type'], type, PROFILE_TYPES)];
}

function validateIds(
  context: JsonRecord,
  fields: readonly string[],
  path: FieldPath,
): FieldError[] {
  const out: FieldError[] = [];
  for (const field of fields) {
    const id = numberAt(context, field);
    if (id !== undefined) out.push(...idProblems(id).map((m) => invalid([...path, field], id, m)));
  }
  return out;
}

function validateProfiles(context: JsonRecord, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const seccomp = recordAt(context, 'seccompProfile');
  if (seccomp !== undefined) out.push(...validateSeccomp(seccomp, [...path, 'seccompProfile']));
  const appArmor = recordAt(context, 'appArmorProfile');
  if (appArmor !== undefined) out.push(...validateAppArmor(appArmor, [...path, 'appArmorProfile']));
  return out;
}

/** Errors of a container's `securityContext`. */
export function validateSecurityContext(
  context: JsonRecord,
  hostUsers: boolean,
  path: FieldPath,
): FieldError[] {
  const out = validateIds(context, ['runAsUser', 'runAsGroup'], path);
  const procMount = stringAt(context, 'procMount');
  if (procMount !== undefined) {
    if (procMount !== 'Default' && procMount !== 'Unmasked') {
      out.push(notSupported([...path, 'procMount'], procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && procMount === 'Unmasked') {
      out.push(
        invalid([...path, 'procMount'], procMount, '`hostUsers` must be false to use `Unmasked`'),
      );
    }
  }
  out.push(...validateProfiles(context, path));
  if (booleanAt(context, 'allowPrivilegeEscalation') === false) {
    if (booleanAt(context, 'privileged') === true) {
      out.push(
        invalid(
          path,
          printedContext(context),
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      );
    }
    const added = arrayAt(recordAt(context, 'capabilities'), 'add');
    if (added.includes('CAP_SYS_ADMIN')) {
      out.push(
        invalid(
          path,
          printedContext(context),
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
    }
  }
  return out;
}

const FS_GROUP_POLICIES = ['Always', 'OnRootMismatch'];

/** Errors of the pod's `securityContext`. */
export function validatePodSecurityContext(context: JsonRecord, path: FieldPath): FieldError[] {
  const out = validateIds(context, ['fsGroup', 'runAsUser', 'runAsGroup'], path);
  arrayAt(context, 'supplementalGroups').forEach((gid, i) => {
    if (typeof gid === 'number') {
      out.push(...idProblems(gid).map((m) => invalid([...path, 'supplementalGroups', i], gid, m)));
    }
  });
  const policy = stringAt(context, 'fsGroupChangePolicy');
  if (policy !== undefined && !FS_GROUP_POLICIES.includes(policy)) {
    out.push(notSupported([...path, 'fsGroupChangePolicy'], policy, FS_GROUP_POLICIES));
  }
  out.push(...validateProfiles(context, path));
  return out;
}
