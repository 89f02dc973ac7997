/**
 * The checks of the Pod Security Standards, one entry per check of the PodSecurity admission
 * controller (k8s.io/pod-security-admission), with the policy version each revision starts at
 * and the reason/detail strings the API server prints. kprod re-implements them in TypeScript;
 * the table is sorted by id, as the controller sorts them: a level's message lists the baseline
 * checks that apply in id order, then (restricted) the restricted checks in id order.
 */
import {
  appArmorProfile,
  capabilitiesBaseline,
  privileged,
  procMount,
  procMountUnlessUserNamespace,
} from './baseline.js';
import {
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  windowsHostProcess,
} from './baseline-host.js';
import {
  seLinuxOptionsFor,
  SELINUX_TYPES_1_0,
  SELINUX_TYPES_1_31,
  seccompProfileBaselineAnnotations,
  seccompProfileFields,
  sysctlsFor,
  SYSCTLS_1_0,
  SYSCTLS_1_27,
  SYSCTLS_1_29,
  SYSCTLS_1_32,
  SYSCTLS_1_37,
} from './baseline-profiles.js';
import {
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsNonRootUnlessUserNamespace,
  runAsUser,
  runAsUserUnlessUserNamespace,
} from './restricted.js';
import type { CheckFn } from './pod-spec.js';

/** One check: its id, level, and revisions by first policy minor version (1.x). */
export interface PssCheck {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  /**
   * For a baseline check that a restricted check replaces at the restricted level (the
   * controller's "overlap"): the id of that restricted check.
   */
  readonly replacedBy?: string;
  /** Revisions sorted by `minor`, ascending. */
  readonly versions: readonly { readonly minor: number; readonly check: CheckFn }[];
}

/** Every check, in the controller's registration order. */
export const PSS_CHECKS: readonly PssCheck[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minor: 8, check: allowPrivilegeEscalation(false) },
      { minor: 25, check: allowPrivilegeEscalation(true) },
    ],
  },
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minor: 0, check: appArmorProfile }] },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    replacedBy: 'capabilities_restricted',
    versions: [{ minor: 0, check: capabilitiesBaseline }],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minor: 22, check: capabilitiesRestricted(false) },
      { minor: 25, check: capabilitiesRestricted(true) },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minor: 0, check: hostNamespaces }] },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    replacedBy: 'restrictedVolumes',
    versions: [{ minor: 0, check: hostPathVolumes }],
  },
  { id: 'hostPorts', level: 'baseline', versions: [{ minor: 0, check: hostPorts }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [{ minor: 34, check: hostProbesAndHostLifecycle }],
  },
  { id: 'privileged', level: 'baseline', versions: [{ minor: 0, check: privileged }] },
  {
    id: 'procMount',
    level: 'baseline',
    replacedBy: 'procMount_restricted',
    versions: [
      { minor: 0, check: procMount },
      { minor: 35, check: procMountUnlessUserNamespace },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    versions: [{ minor: 35, check: procMount }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minor: 0, check: restrictedVolumes }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [
      { minor: 0, check: runAsNonRoot },
      { minor: 35, check: runAsNonRootUnlessUserNamespace },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [
      { minor: 23, check: runAsUser },
      { minor: 35, check: runAsUserUnlessUserNamespace },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { minor: 0, check: seLinuxOptionsFor(SELINUX_TYPES_1_0) },
      { minor: 31, check: seLinuxOptionsFor(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    replacedBy: 'seccompProfile_restricted',
    versions: [
      { minor: 0, check: seccompProfileBaselineAnnotations },
      { minor: 19, check: seccompProfileFields(false, false) },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minor: 19, check: seccompProfileFields(true, false) },
      { minor: 25, check: seccompProfileFields(true, true) },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minor: 0, check: sysctlsFor(SYSCTLS_1_0) },
      { minor: 27, check: sysctlsFor(SYSCTLS_1_27) },
      { minor: 29, check: sysctlsFor(SYSCTLS_1_29) },
      { minor: 32, check: sysctlsFor(SYSCTLS_1_32) },
      { minor: 37, check: sysctlsFor(SYSCTLS_1_37) },
    ],
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    versions: [{ minor: 0, check: windowsHostProcess }],
  },
];

/** The newest policy version kprod knows (`v1.N`); newer versions and `latest` evaluate as it. */
export const NEWEST_PSS_MINOR = Math.max(
  ...PSS_CHECKS.flatMap((c) => c.versions.map((v) => v.minor)),
);
