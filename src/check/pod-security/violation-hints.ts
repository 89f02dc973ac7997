/** The hint of a Pod Security finding: what to change for each reason the controller gives. */
import type { PssViolation } from './pod-spec.js';

/** What to change for each reason the controller gives, keyed by its reason string. */
const FIXES: Readonly<Record<string, string>> = {
  'allowPrivilegeEscalation != false':
    'set securityContext.allowPrivilegeEscalation: false on every container',
  'unrestricted capabilities':
    'set securityContext.capabilities.drop: [ALL] on every container and add at most NET_BIND_SERVICE',
  'runAsNonRoot != true':
    'set securityContext.runAsNonRoot: true in the pod spec (the image must run as a non-root user)',
  seccompProfile: 'set securityContext.seccompProfile.type: RuntimeDefault in the pod spec',
  'runAsUser=0': 'do not set runAsUser: 0',
  'restricted volume types':
    'use only configMap, secret, emptyDir, projected, downwardAPI, persistentVolumeClaim, csi or ephemeral volumes',
  'host namespaces': 'remove hostNetwork, hostPID and hostIPC',
  hostPort: 'remove ports[].hostPort and expose the pods through a Service',
  'hostPath volumes':
    'replace the hostPath volumes (a PersistentVolumeClaim, emptyDir or ConfigMap)',
  privileged: 'remove securityContext.privileged: true',
  'non-default capabilities': 'add only capabilities of the default set',
  procMount: 'remove securityContext.procMount (or set it to Default)',
  seLinuxOptions: 'use an allowed SELinux type (container_t, …) and no user or role',
  'forbidden sysctls': 'keep only the safe sysctls of the policy version',
  hostProcess: 'remove securityContext.windowsOptions.hostProcess',
  'probe or lifecycle host':
    'remove host from probes and lifecycle handlers (the kubelet then uses the pod IP)',
  'forbidden AppArmor profile': 'use the RuntimeDefault or a Localhost AppArmor profile',
  'forbidden AppArmor profiles': 'use the RuntimeDefault or a Localhost AppArmor profile',
};

/** A hint naming the fix for each reason, in the order of the message. */
export function hintForViolations(violations: readonly PssViolation[]): string {
  const fixes = [...new Set(violations.map((v) => FIXES[v.reason] ?? `fix ${v.reason}`))];
  const text = fixes.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
