import { ruleDocsOf } from '../finding.js';

/** The family name of the practice rules. */
export const FAMILY = 'practices';

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
  'An `env` entry holds a credential as a literal `value`: its name ends in a credential word (PASS, PASSWORD, PASSWD, PASSPHRASE, PWD, SECRET, TOKEN, CREDENTIALS, or KEY after API, ACCESS, AUTH, CLIENT, ENCRYPTION, LICENSE, MASTER, PRIVATE, SECRET or SIGNING; a trailing BASE64, B64, HEX, PEM or VALUE is skipped), or its value has the shape of one (a private key, a URL with a password, an AWS, GitHub, GitLab, Slack or Stripe key, a JSON Web Token). Only the last word of the name counts, so settings about a secret (PASSWORD_MIN_LENGTH, TOKEN_TTL_SECONDS, CACHE_KEY_PREFIX, DB_PASS_FILE, TLS_SECRET_NAME) and words that merely contain one (KEYCLOAK_URL, TURNKEY_ENABLED) pass, as do true/false switches. It ends up in the repository, in `kubectl get -o yaml` output and in every log of the manifest. Use `valueFrom.secretKeyRef`. Guide 1.3.',
  `${DEPLOYMENT_HEAD}        - name: app\n          image: web@sha256:…\n          env: [{ name: DB_PASS, value: pass123 }]\n`,
);
export const SECRET_DATA_COMMITTED = rule(
  'secret-data-committed',
  'warning',
  'Secret object with data in the manifests',
  'A Secret with `data` or `stringData` in the repository stores the credential in Git, where base64 is no protection. Create the Secret out of band (sealed or external secrets, a CI step, `kubectl create secret`) and keep only its name in the manifests. Guide 1.3.1.',
  `apiVersion: v1\nkind: Secret\nmetadata: { name: db }\ndata: { db_pass: cGFzczEyMwo= }\n`,
);

/** Every practice rule, in the order of the rules reference. */
export const RULES = [
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
