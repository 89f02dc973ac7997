import { type RuleDoc } from '../finding.js';
import { NEWEST_PSS_MINOR } from './checks.js';

const EXAMPLE_DEPLOYMENT = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.30
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: registry.example/web@sha256:…
          # no securityContext: allowPrivilegeEscalation, capabilities,
          # runAsNonRoot and seccompProfile all fail restricted
`;

const CHECK_LIST = `Checks, as the PodSecurity admission controller runs them (first policy version in brackets):

- baseline: AppArmor profile (annotations and \`appArmorProfile\` fields) [v1.0]; added
  capabilities beyond the default set [v1.0]; \`hostNetwork\`/\`hostPID\`/\`hostIPC\` [v1.0];
  \`hostPath\` volumes [v1.0]; \`hostPort\` [v1.0]; \`host\` in probes and lifecycle handlers
  [v1.34]; \`privileged\` [v1.0]; \`procMount\` other than Default [v1.0; from v1.35 allowed
  in a user namespace, \`hostUsers: false\`]; SELinux type, user and role [v1.0;
  \`container_engine_t\` allowed from v1.31]; seccomp \`Unconfined\` (annotations before v1.19,
  fields from v1.19); sysctls outside the safe set [v1.0; more allowed from v1.27, v1.29,
  v1.32 and v1.37]; Windows \`hostProcess\` [v1.0].
- restricted adds: \`allowPrivilegeEscalation=false\` required [v1.8]; \`capabilities.drop: [ALL]\`
  required and only \`NET_BIND_SERVICE\` addable [v1.22]; volume types limited to configMap, csi,
  downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret [v1.0];
  \`runAsNonRoot=true\` [v1.0]; \`runAsUser\` not 0 [v1.23]; seccomp \`RuntimeDefault\` or
  \`Localhost\` required [v1.19]; \`procMount\` Default even in a user namespace [v1.35]. From
  v1.25, a pod with \`spec.os.name: windows\` is exempt from the privilege-escalation,
  capabilities and seccomp checks; from v1.35, a pod with \`hostUsers: false\` is exempt from the
  \`runAsNonRoot\` and \`runAsUser\` checks.

The version comes from the \`-version\` label (\`latest\` when absent). A version newer than the
API server of \`--kube-version\` knows is evaluated as its newest, as the controller does: v1.35
for 1.36, v1.${NEWEST_PSS_MINOR} (two more safe sysctls) for 1.37 and later.
A Pod is judged as the API server stores it: a container AppArmor annotation without a
matching \`appArmorProfile\` field counts as that field too, because the API server copies it
there before admission (it does not for workload templates). kprod models the controller's
default configuration (no exemptions). Every check and version is compared with the real
PodSecurity admission of the pinned Kubernetes release by the real-cluster suite
(\`test/cluster/pod-security.test.ts\`).

Where the policy comes from: the Namespace object in the input, else \`--namespace-labels\`.
A namespace with no \`pod-security.kubernetes.io/\` label at all (or none given) is reported by
\`pss-unlabelled-namespace\` instead. \`--pss-level\` (with \`--pss-version\`) replaces all of that and
evaluates every pod template at that level. Severity follows the mode: enforce is an error,
warn a warning, audit an info.

**enforce applies to Pods only.** For a Pod, enforce makes the API server reject it with
\`violates PodSecurity "LEVEL:VERSION": …\`. For a workload (Deployment, ReplicaSet, StatefulSet,
DaemonSet, Job, CronJob, ReplicationController, PodTemplate) the controller evaluates only the
warn and audit modes: the workload is accepted, silently if warn does not cover the violation,
and its controller then fails to create any Pod (FailedCreate events). kprod reports the enforce
violation on the workload as an error for that reason.`;

const WHERE_IT_POINTS = `One finding per pod template and level, with the API server's whole message (it names every
failing reason). The finding points at the first failing field that message names, and at its
line: the field itself when it is set (\`spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation\`,
\`spec.volumes[2].hostPath\`, \`spec.containers[0].ports[1].hostPort\`,
\`…securityContext.capabilities.add[1]\`, \`spec.hostNetwork\`, an AppArmor or seccomp annotation
key), or the deepest field that is present when the violation is that it is unset
(\`…containers[0].securityContext\`, or \`…containers[0]\` without one). Init and ephemeral
containers point into \`initContainers\` and \`ephemeralContainers\`. Where the pod and each
container may set a field and none does ("pod or container … must set": \`runAsNonRoot\`,
\`seccompProfile\`), the finding points at the pod's \`securityContext\` (or the pod spec without
one), where the hint says to set it. Fix that field and run again to be pointed at the next.`;

function ruleFor(level: 'baseline' | 'restricted'): RuleDoc {
  return {
    id: `pss-${level}`,
    family: 'pod-security',
    severity: 'error',
    summary: `Pod template violates the ${level} Pod Security Standard of its namespace`,
    description: `The pod template fails the \`${level}\` level of the Pod Security Standards that its namespace's \`pod-security.kubernetes.io/*\` labels select (guide 7.2.2). The message is the API server's own.\n\n${WHERE_IT_POINTS}\n\n${CHECK_LIST}`,
    example: EXAMPLE_DEPLOYMENT,
  };
}

/** The Pod Security rules. */
export const PSS_BASELINE = ruleFor('baseline');
export const PSS_RESTRICTED = ruleFor('restricted');
export const PSS_UNLABELLED_NAMESPACE: RuleDoc = {
  id: 'pss-unlabelled-namespace',
  family: 'pod-security',
  severity: 'warning',
  summary: 'Pod template fails restricted in a namespace without Pod Security labels',
  description: `The namespace of the pod template has no \`pod-security.kubernetes.io/\` label: not on the Namespace object of the input, or, when the input has none, not among \`--namespace-labels\` (or that option is not given). The API server then enforces nothing there (every mode is \`privileged\`), and the guide (7.2.2) recommends \`restricted\`. kprod reports what \`restricted:latest\` (of \`--kube-version\`) would reject, as warnings, with the API server's own message. Fix the pods, then label the namespace: \`kubectl label ns NAME pod-security.kubernetes.io/enforce=restricted\` (and \`enforce-version\` to pin the policy). A namespace labelled with any level, even \`enforce: privileged\`, has chosen one and is judged by its labels (\`pss-baseline\`, \`pss-restricted\`). \`--pss-level\` replaces namespace labels altogether. The findings point where those of \`pss-restricted\` do.`,
  example: `apiVersion: v1
kind: Namespace
metadata: { name: shop }        # no pod-security.kubernetes.io/ labels
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: registry.example/web@sha256:… }]
`,
};
export const PSS_NAMESPACE_LABELS: RuleDoc = {
  id: 'pss-namespace-labels',
  family: 'pod-security',
  severity: 'error',
  summary: 'Namespace has an invalid pod-security.kubernetes.io label',
  description:
    'A `pod-security.kubernetes.io/<mode>` label must be `privileged`, `baseline` or `restricted`, and a `<mode>-version` label `latest` or `v1.N`. The API server refuses to create such a Namespace; where one exists anyway, the controller evaluates the mode at `restricted` / `latest`, which is what kprod then does.',
  example: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: strict   # not a level
    pod-security.kubernetes.io/warn-version: "1.30"  # needs the v prefix
`,
};
