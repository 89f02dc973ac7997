import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import {
  type CheckInput,
  type Finding,
  type RuleFamily,
  findingFor,
  ruleDocsOf,
} from '../finding.js';
import {
  type JsonRecord,
  arrayAt,
  booleanAt,
  isRecord,
  numberAt,
  recordAt,
  stringAt,
  stringMapAt,
} from '../../kube/field-access.js';
import {
  type ContainerRef,
  type PodTemplate,
  containersOf,
  kindOf,
  nameOf,
  namespaceOf,
  podTemplateOf,
} from '../pod-templates.js';
import { podQosClass } from './qos-class.js';

const FAMILY = 'practices';

const rule = ruleDocsOf(FAMILY);

const DEPLOYMENT_HEAD = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
`;

/** The practice rules (guide sections 1.6, 2.5.4, 5.x, 6, 7.2). */
export const IMAGE_TAG_LATEST = rule(
  'image-tag-latest',
  'warning',
  'Image has no tag or the `latest` tag',
  'An image without a tag means `:latest`. What runs then depends on when each node pulled it, a rollback cannot go back to the previous build, and `imagePullPolicy` defaults to `Always`. The guide (1.6, 5.6) tags images `<git-hash>-<build-number>`.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: registry.example/web:latest\n`,
);
export const IMAGE_NOT_PINNED = rule(
  'image-not-pinned',
  'warning',
  'Image is not pinned by digest (an error under --profile prod)',
  'A tag can be moved to another image; only `image@sha256:…` names exactly one image. The guide (1.6) pins production images by digest (`docker images --digests`). With `--profile prod` this is an error.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: registry.example/web:4f2a9c1-118\n`,
);
export const RESOURCES_MISSING = rule(
  'resources-missing',
  'warning',
  'Container without CPU/memory requests or limits',
  "Without requests the scheduler places the pod blindly; without a memory limit one container can take a node's memory. Reported per container, naming exactly which of `requests.cpu`, `requests.memory`, `limits.cpu`, `limits.memory` is missing (a limit alone also sets the request, as the API server defaults it). Guide 6.7.",
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          resources: { requests: { cpu: 100m } }\n`,
);
export const QOS_BESTEFFORT = rule(
  'qos-besteffort',
  'warning',
  'Pod QoS class is BestEffort',
  'No container sets a CPU or memory request or limit, so Kubernetes gives the pod the BestEffort QoS class: first evicted under node pressure and first OOM-killed. The class is computed exactly as Kubernetes does (init and regular containers, CPU and memory only). Guide 6.8.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n`,
);
export const QOS_BURSTABLE = rule(
  'qos-burstable',
  'info',
  'Pod QoS class is Burstable',
  'Some requests differ from the limits (or some container has no CPU or memory limit), so the pod is Burstable: evicted after BestEffort pods but before Guaranteed ones when the node runs short. Set equal requests and limits on every container for Guaranteed. Guide 6.8.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          resources:\n            requests: { cpu: 100m, memory: 10Mi }\n            limits: { cpu: 100m, memory: 15Mi }\n`,
);
export const PROBES_MISSING = rule(
  'probes-missing',
  'warning',
  'Container has no readiness or liveness probe',
  'Without a readiness probe a new pod gets traffic before it can answer, so every rolling update drops requests; without a liveness probe a hung process is never restarted. Checked for long-running workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController), not Jobs. Guide 5.8.1.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n`,
);
export const PROBES_IDENTICAL = rule(
  'probes-identical',
  'warning',
  'Readiness and liveness probes are identical',
  'With the same check for both, a pod that is merely busy or whose dependency is down fails liveness at the same moment it leaves the load balancer, and the kubelet restarts it: an overload turns into a restart storm. Make liveness a cheaper, more tolerant check (own process only, higher failureThreshold).',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          readinessProbe: { httpGet: { path: /healthz, port: 3000 } }\n          livenessProbe: { httpGet: { path: /healthz, port: 3000 } }\n`,
);
export const PRESTOP_MISSING = rule(
  'prestop-missing',
  'info',
  'Container behind a rolling update has no preStop hook',
  'Endpoints are removed from Services and Ingress controllers asynchronously after a pod starts terminating; without a short preStop wait, the container gets SIGTERM while traffic still arrives. Checked for Deployments, StatefulSets and DaemonSets. Guide 5.8.1.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n`,
);
export const GRACE_PERIOD_SHORT = rule(
  'grace-period-short',
  'warning',
  'terminationGracePeriodSeconds is not longer than the preStop wait',
  'The grace period counts from the start of the preStop hook. When the hook waits (an exec `sleep N`, or the `sleep` lifecycle action) as long as the grace period (30 s by default) or longer, the kubelet kills the container with SIGKILL before the application gets any time to drain after SIGTERM.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          lifecycle: { preStop: { exec: { command: [sleep, "40"] } } }\n`,
);
export const SINGLE_REPLICA_ROLLING = rule(
  'rolling-update-single-instance',
  'warning',
  'RollingUpdate for a workload that cannot run two copies',
  'A RollingUpdate starts the new pod before the old one stops, so for a moment two copies run. The guide (5.8.1) asks for `strategy: Recreate` when the application cannot run twice. kprod reports a Deployment with one replica and the RollingUpdate strategy (the default) when it mounts a PersistentVolumeClaim from the input whose access modes are only ReadWriteOnce / ReadWriteOncePod (the new pod then waits for the volume, or starts on the same node and shares it), or when the Deployment is annotated `kprod.dev/single-instance: "true"` to say the application cannot run twice.',
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  annotations: { kprod.dev/single-instance: "true" }
spec:
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: db, image: db@sha256:… }]
`,
);
export const NAMESPACE_DEFAULT = rule(
  'namespace-default',
  'warning',
  'Object in the `default` namespace',
  "Objects without a namespace land in `default` (or wherever the current kubectl context points), which mixes teams, defeats quotas and RBAC per namespace and makes `kubectl apply` depend on the caller's context. Set `metadata.namespace` (or a kustomize `namespace:`). Cluster-scoped kinds are not reported. Guide 2.1.",
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { a: b }\n`,
);
export const AUTOMOUNT_TOKEN = rule(
  'automount-token',
  'warning',
  'Service account token is mounted into the pod',
  'Unless `automountServiceAccountToken: false` is set on the pod or on its ServiceAccount (when that ServiceAccount is in the input), every container gets a token for the API server; anyone who gets code execution in the pod can use it. Most applications never talk to the API server. Guide 7.2.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n`,
);
export const ENV_SECRET_LITERAL = rule(
  'env-secret-literal',
  'error',
  'Secret-looking value written in plain env',
  'An `env` entry whose name looks like a credential (contains PASS, PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL or PRIVATE, and does not end in _FILE, _PATH, _DIR or _NAME, which point at a secret rather than hold it) has a literal `value`. It ends up in the repository, in `kubectl get -o yaml` output and in every log of the manifest. Use `valueFrom.secretKeyRef`. Guide 1.3.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          env: [{ name: DB_PASS, value: pass123 }]\n`,
);
export const SECRET_DATA_COMMITTED = rule(
  'secret-data-committed',
  'warning',
  'Secret object with data in the manifests',
  'A Secret with `data` or `stringData` in the repository stores the credential in Git, where base64 is no protection. Create the Secret out of band (sealed or external secrets, a CI step, `kubectl create secret`) and keep only its name in the manifests. Guide 1.3.1.',
  `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ndata: { db_pass: cGFzczEyMwo= }\n`,
);

const RULES = [
  IMAGE_TAG_LATEST,
  IMAGE_NOT_PINNED,
  RESOURCES_MISSING,
  QOS_BESTEFFORT,
  QOS_BURSTABLE,
  PROBES_MISSING,
  PROBES_IDENTICAL,
  PRESTOP_MISSING,
  GRACE_PERIOD_SHORT,
  SINGLE_REPLICA_ROLLING,
  NAMESPACE_DEFAULT,
  AUTOMOUNT_TOKEN,
  ENV_SECRET_LITERAL,
  SECRET_DATA_COMMITTED,
];

/** An image reference split into its parts. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

/** Splits `registry:5000/team/app:1.2@sha256:…` into repository, tag and digest. */
export function parseImageRef(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const named = at < 0 ? image : image.slice(0, at);
  const colon = named.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (colon > named.lastIndexOf('/')) {
    return { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest };
  }
  return { repository: named, digest };
}

const LONG_RUNNING = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
]);
const ROLLED = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Kinds that have no namespace; everything else given without one lands in the default. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'ComponentStatus',
  'GatewayClass',
  'ClusterIssuer',
  'List',
]);

const SECRET_NAME = /PASS|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE/i;
/** Names that point at a secret (a mounted file, a Secret's name) rather than hold one. */
const SECRET_POINTER_NAME = /_(FILE|PATH|DIR|NAME)$/i;

function checkImage(
  template: PodTemplate,
  ref: ContainerRef,
  input: CheckInput,
  out: Finding[],
): void {
  const image = stringAt(ref.container, 'image');
  if (image === undefined) return;
  const path = [...ref.path, 'image'];
  const parsed = parseImageRef(image);
  if (parsed.digest !== undefined) return;
  if (parsed.tag === undefined || parsed.tag === 'latest') {
    out.push(
      findingFor(
        template.source,
        IMAGE_TAG_LATEST,
        `container "${ref.name}" uses image "${image}" ${parsed.tag === undefined ? 'without a tag (that is :latest)' : 'with the latest tag'}`,
        'Tag images per build (e.g. <git-hash>-<build-number>) and refer to them by digest: image: repo/app@sha256:….',
        path,
      ),
    );
  }
  out.push(
    findingFor(
      template.source,
      IMAGE_NOT_PINNED,
      `container "${ref.name}" uses image "${image}", not pinned by digest`,
      'Refer to the image by digest (repo/app:tag@sha256:…); `kprod image` or `docker buildx imagetools inspect` prints it.',
      path,
      input.options.profile === 'prod' ? 'error' : 'warning',
    ),
  );
}

function checkResources(template: PodTemplate, ref: ContainerRef, out: Finding[]): void {
  const resources = recordAt(ref.container, 'resources');
  const limits = recordAt(resources, 'limits') ?? {};
  const requests = { ...limits, ...(recordAt(resources, 'requests') ?? {}) };
  const missing = [
    ...['cpu', 'memory'].filter((r) => requests[r] === undefined).map((r) => `requests.${r}`),
    ...['cpu', 'memory'].filter((r) => limits[r] === undefined).map((r) => `limits.${r}`),
  ];
  if (missing.length === 0) return;
  out.push(
    findingFor(
      template.source,
      RESOURCES_MISSING,
      `container "${ref.name}" sets no ${missing.join(', ')}`,
      'Set resources.requests from measured usage and resources.limits (at least memory) on every container.',
      resources === undefined ? ref.path : [...ref.path, 'resources'],
    ),
  );
}

function checkQos(template: PodTemplate, out: Finding[]): void {
  const qos = podQosClass(template.spec);
  const field = [...template.path, 'spec'];
  if (qos === 'BestEffort') {
    out.push(
      findingFor(
        template.source,
        QOS_BESTEFFORT,
        'QoS class BestEffort: no container sets a CPU or memory request or limit, so these pods are evicted first under node pressure',
        'Set requests and limits for CPU and memory on every container (equal values give the Guaranteed class).',
        field,
      ),
    );
  } else if (qos === 'Burstable') {
    out.push(
      findingFor(
        template.source,
        QOS_BURSTABLE,
        'QoS class Burstable: requests and limits differ or are incomplete, so these pods are evicted before Guaranteed ones under node pressure',
        'For the Guaranteed class, give every container CPU and memory limits equal to its requests.',
        field,
      ),
    );
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkProbes(template: PodTemplate, ref: ContainerRef, out: Finding[]): void {
  const readiness = recordAt(ref.container, 'readinessProbe');
  const liveness = recordAt(ref.container, 'livenessProbe');
  if (readiness === undefined || liveness === undefined) {
    const missing = [
      ...(readiness === undefined ? ['readinessProbe'] : []),
      ...(liveness === undefined ? ['livenessProbe'] : []),
    ];
    out.push(
      findingFor(
        template.source,
        PROBES_MISSING,
        `container "${ref.name}" has no ${missing.join(' and no ')}`,
        'Add a readinessProbe (can this pod take traffic now?) and a livenessProbe (is the process stuck?) to the container.',
        ref.path,
      ),
    );
    return;
  }
  if (sameJson(readiness, liveness)) {
    out.push(
      findingFor(
        template.source,
        PROBES_IDENTICAL,
        `container "${ref.name}" uses the same check for readinessProbe and livenessProbe`,
        'Keep readiness strict; make liveness check only the process itself, with a higher failureThreshold.',
        [...ref.path, 'livenessProbe'],
      ),
    );
  }
}

/** How long a preStop handler waits, in seconds, when it is a plain sleep; else undefined. */
export function preStopWaitSeconds(preStop: JsonRecord): number | undefined {
  const action = numberAt(recordAt(preStop, 'sleep'), 'seconds');
  if (action !== undefined) return action;
  const command = arrayAt(recordAt(preStop, 'exec'), 'command')
    .filter((part) => typeof part === 'string')
    .join(' ');
  const match = /(?:^|[\s;&|/])sleep\s+(\d+(?:\.\d+)?)s?(?=$|[\s;&|])/.exec(command);
  return match === null ? undefined : Number(match[1]);
}

function checkTermination(template: PodTemplate, ref: ContainerRef, out: Finding[]): void {
  const preStop = recordAt(recordAt(ref.container, 'lifecycle'), 'preStop');
  if (preStop === undefined) {
    if (!ROLLED.has(template.kind)) return;
    out.push(
      findingFor(
        template.source,
        PRESTOP_MISSING,
        `container "${ref.name}" has no lifecycle.preStop hook`,
        'Add a short wait before SIGTERM, e.g. lifecycle.preStop.sleep.seconds: 5 (or exec sleep 5), so endpoints are removed first.',
        ref.path,
      ),
    );
    return;
  }
  const wait = preStopWaitSeconds(preStop);
  if (wait === undefined) return;
  const explicit = numberAt(template.spec, 'terminationGracePeriodSeconds');
  const grace = explicit ?? 30;
  if (wait < grace) return;
  out.push(
    findingFor(
      template.source,
      GRACE_PERIOD_SHORT,
      `container "${ref.name}" waits ${wait}s in preStop but terminationGracePeriodSeconds is ${grace}${explicit === undefined ? ' (the default)' : ''}: the container is killed before it can shut down cleanly`,
      `Set terminationGracePeriodSeconds above the preStop wait plus the application's shutdown time (e.g. ${wait + 15}).`,
      [...ref.path, 'lifecycle', 'preStop'],
    ),
  );
}

function checkEnv(template: PodTemplate, ref: ContainerRef, out: Finding[]): void {
  arrayAt(ref.container, 'env').forEach((entry, index) => {
    const name = stringAt(entry, 'name') ?? '';
    const value = stringAt(entry, 'value');
    if (value === undefined || value === '' || !SECRET_NAME.test(name)) return;
    if (SECRET_POINTER_NAME.test(name)) return;
    out.push(
      findingFor(
        template.source,
        ENV_SECRET_LITERAL,
        `container "${ref.name}" sets ${name} to a literal value`,
        `Store the value in a Secret and use env[].valueFrom.secretKeyRef for ${name}.`,
        [...ref.path, 'env', index, 'value'],
      ),
    );
  });
}

/** ServiceAccounts and PersistentVolumeClaims of the input by `kind/namespace/name`. */
type Lookup = ReadonlyMap<string, SourceObject>;

function buildLookup(input: CheckInput): Lookup {
  const map = new Map<string, SourceObject>();
  for (const o of input.objects) {
    const kind = kindOf(o);
    if (kind !== 'ServiceAccount' && kind !== 'PersistentVolumeClaim') continue;
    map.set(`${kind}/${namespaceOf(o, input.options.defaultNamespace)}/${nameOf(o)}`, o);
  }
  return map;
}

function checkAutomount(template: PodTemplate, lookup: Lookup, out: Finding[]): void {
  const podSetting = booleanAt(template.spec, 'automountServiceAccountToken');
  if (podSetting === false) return;
  const accountName =
    stringAt(template.spec, 'serviceAccountName') ??
    stringAt(template.spec, 'serviceAccount') ??
    'default';
  if (podSetting === undefined) {
    const account = lookup.get(`ServiceAccount/${template.namespace}/${accountName}`);
    if (
      account !== undefined &&
      booleanAt(account.object, 'automountServiceAccountToken') === false
    ) {
      return;
    }
  }
  out.push(
    findingFor(
      template.source,
      AUTOMOUNT_TOKEN,
      `pods mount the token of service account "${accountName}"${podSetting === true ? ' (automountServiceAccountToken: true)' : ''}`,
      'Set automountServiceAccountToken: false in the pod spec (or on the ServiceAccount) unless the application calls the Kubernetes API.',
      [...template.path, 'spec', ...(podSetting === true ? ['automountServiceAccountToken'] : [])],
    ),
  );
}

/** PVC names a pod template mounts. */
function claimsOf(template: PodTemplate): string[] {
  return arrayAt(template.spec, 'volumes')
    .map((v) => stringAt(recordAt(v, 'persistentVolumeClaim'), 'claimName'))
    .filter((n): n is string => n !== undefined);
}

function checkSingleInstance(template: PodTemplate, lookup: Lookup, out: Finding[]): void {
  if (template.kind !== 'Deployment') return;
  const spec = recordAt(template.source.object, 'spec');
  const replicas = numberAt(spec, 'replicas') ?? 1;
  const strategy = stringAt(recordAt(spec, 'strategy'), 'type') ?? 'RollingUpdate';
  if (replicas !== 1 || strategy !== 'RollingUpdate') return;
  const reasons: string[] = [];
  const annotations = stringMapAt(template.source.object.metadata, 'annotations');
  if (annotations['kprod.dev/single-instance'] === 'true') {
    reasons.push('it is annotated kprod.dev/single-instance: "true"');
  }
  for (const claim of claimsOf(template)) {
    const pvc = lookup.get(`PersistentVolumeClaim/${template.namespace}/${claim}`);
    const modes = arrayAt(recordAt(pvc?.object, 'spec'), 'accessModes');
    if (modes.length > 0 && modes.every((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod')) {
      reasons.push(`it mounts PersistentVolumeClaim "${claim}" (${modes.join(', ')})`);
    }
  }
  if (reasons.length === 0) return;
  out.push(
    findingFor(
      template.source,
      SINGLE_REPLICA_ROLLING,
      `one replica with the RollingUpdate strategy, but the workload cannot run two copies: ${reasons.join('; ')}`,
      'Set spec.strategy.type: Recreate (brief downtime on each update) or make the application safe to run twice.',
      recordAt(spec, 'strategy') === undefined ? ['spec'] : ['spec', 'strategy'],
    ),
  );
}

function checkNamespace(source: SourceObject, input: CheckInput, out: Finding[]): void {
  const kind = kindOf(source);
  const explicit = stringAt(source.object.metadata, 'namespace');
  if (explicit === undefined && (CLUSTER_SCOPED.has(kind) || kind === '')) return;
  const namespace = explicit ?? input.options.defaultNamespace ?? 'default';
  if (namespace !== 'default') return;
  const field: FieldPath = explicit === undefined ? ['metadata'] : ['metadata', 'namespace'];
  out.push(
    findingFor(
      source,
      NAMESPACE_DEFAULT,
      explicit === undefined
        ? `${kind} "${nameOf(source)}" has no namespace and lands in "default"`
        : `${kind} "${nameOf(source)}" is in the "default" namespace`,
      'Give every object its application namespace (metadata.namespace, or namespace: in kustomization.yaml).',
      field,
    ),
  );
}

function checkSecret(source: SourceObject, out: Finding[]): void {
  if (kindOf(source) !== 'Secret' || source.object.apiVersion !== 'v1') return;
  for (const key of ['data', 'stringData'] as const) {
    const data = recordAt(source.object, key);
    if (data === undefined || Object.keys(data).length === 0) continue;
    out.push(
      findingFor(
        source,
        SECRET_DATA_COMMITTED,
        `Secret "${nameOf(source)}" carries ${key} (${Object.keys(data).join(', ')}) in the manifests`,
        'Keep credentials out of Git: create the Secret in the cluster (sealed-secrets, external-secrets, a CI step) and reference it by name.',
        [key],
      ),
    );
  }
}

/** Checks the guide's practices on every object. */
export function checkPractices(input: CheckInput): Finding[] {
  const out: Finding[] = [];
  const lookup = buildLookup(input);
  for (const source of input.objects) {
    if (!isRecord(source.object)) continue;
    checkNamespace(source, input, out);
    checkSecret(source, out);
    const template = podTemplateOf(source, input.options.defaultNamespace);
    if (template === undefined || template.kind === 'PodTemplate') continue;
    const containers = containersOf(template).filter((c) => c.list !== 'ephemeralContainers');
    const regular = containers.filter((c) => c.list === 'containers');
    for (const ref of containers) {
      checkImage(template, ref, input, out);
      checkResources(template, ref, out);
      checkEnv(template, ref, out);
    }
    checkQos(template, out);
    if (LONG_RUNNING.has(template.kind)) for (const ref of regular) checkProbes(template, ref, out);
    if (LONG_RUNNING.has(template.kind)) {
      for (const ref of regular) checkTermination(template, ref, out);
    }
    checkAutomount(template, lookup, out);
    checkSingleInstance(template, lookup, out);
  }
  return out;
}

/** The practices family. */
export const practicesFamily: RuleFamily = { name: FAMILY, rules: RULES, check: checkPractices };
