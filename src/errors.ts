/**
 * Every error kprod and multiroute can raise, in one table: code, exit code, what it means and
 * what to do. `docs/errors.md` is rendered from this table (`npm run docs`) and a test keeps the
 * two in sync.
 */

/** Process exit codes shared by every kprod command and by multiroute, with their meaning. */
export const EXIT_CODES = [
  { name: 'OK', code: 0, meaning: 'Everything worked.' },
  {
    name: 'FAILED',
    code: 1,
    meaning:
      'The command ran but the outcome is a failure: findings at `--fail-on`, a failed rollout or release.',
  },
  {
    name: 'USAGE',
    code: 2,
    meaning: 'Bad command line or bad input (unreadable file, invalid YAML, invalid config).',
  },
  {
    name: 'REMOTE',
    code: 3,
    meaning:
      'A remote party refused or could not be reached: Kubernetes API, registry, Prometheus.',
  },
  { name: 'TIMEOUT', code: 4, meaning: 'A wait ran past its `--timeout`.' },
  {
    name: 'INTERNAL',
    code: 70,
    meaning: 'An unexpected internal error (a bug: please report it with `--debug` output).',
  },
  { name: 'INTERRUPTED', code: 130, meaning: 'Interrupted by SIGINT before finishing.' },
] as const;

type ExitRow = (typeof EXIT_CODES)[number];

/** Exit codes by name: `EXIT.USAGE` is 2. */
export const EXIT = Object.fromEntries(EXIT_CODES.map((row) => [row.name, row.code])) as {
  readonly [R in ExitRow as R['name']]: R['code'];
};

export type ExitCode = ExitRow['code'];

/** One row of the error table. */
export interface ErrorSpec {
  readonly exitCode: ExitCode;
  /** What the error means, in one sentence. */
  readonly meaning: string;
  /** What the user should do about it. */
  readonly fix: string;
}

/**
 * The error table. Add a row per new failure mode; keep codes grouped by area and stable once
 * released (scripts match on them).
 */
export const ERRORS = {
  // general
  KPROD_USAGE: {
    exitCode: EXIT.USAGE,
    meaning: 'The command line is not valid: unknown option, missing argument or bad value.',
    fix: 'Run the command with --help and correct the arguments.',
  },
  KPROD_INPUT_UNREADABLE: {
    exitCode: EXIT.USAGE,
    meaning: 'An input file or directory could not be read.',
    fix: 'Check the path and its permissions.',
  },
  KPROD_INTERNAL: {
    exitCode: EXIT.INTERNAL,
    meaning: 'An unexpected internal error: a bug in kprod.',
    fix: 'Re-run with --debug and report the output.',
  },
  KPROD_TIMEOUT: {
    exitCode: EXIT.TIMEOUT,
    meaning: 'A wait ran past its deadline.',
    fix: 'Look at the reported state; raise --timeout if the operation is just slow.',
  },
  KPROD_INTERRUPTED: {
    exitCode: EXIT.INTERRUPTED,
    meaning: 'Interrupted by a signal before finishing.',
    fix: 'Re-run the command; every kprod step is idempotent and resumes where it stopped.',
  },

  // multiroute
  MULTIROUTE_CONFIG_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The routes config file is not valid YAML or does not match the schema.',
    fix: 'Fix every problem listed (file:line and field are given) and start again.',
  },
  MULTIROUTE_CONFIG_UNREADABLE: {
    exitCode: EXIT.USAGE,
    meaning: 'The routes config file (--config or MULTIROUTE_CONFIG) could not be read.',
    fix: 'Check the path; in Kubernetes, check the ConfigMap volume mount.',
  },
  MULTIROUTE_SETTINGS_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'A setting from the command line or environment (PORT, timings, DB_PASS_FILE) is not valid.',
    fix: 'Correct the named flag or environment variable; `multiroute --help` lists them.',
  },
  MULTIROUTE_LISTEN_FAILED: {
    exitCode: EXIT.FAILED,
    meaning: 'The service could not listen on its port (in use, or not permitted).',
    fix: 'Choose another PORT or stop the process holding it.',
  },

  // deploying (kprod apply, diff, rollout, set image, config set, image)
  ROLLOUT_FAILED: {
    exitCode: EXIT.FAILED,
    meaning:
      'The rollout cannot succeed: progress deadline exceeded, or new pods crash-loop, cannot pull their image, cannot be scheduled or created (quota).',
    fix: 'Fix the cause named in the message, then `kprod set image` again or `kprod rollout undo`.',
  },
  ROLLOUT_TARGET_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The target is not KIND/NAME of a Deployment, StatefulSet or DaemonSet, or lacks what the command needs (container, revision, ConfigMap volume).',
    fix: 'Write it as deploy/NAME, sts/NAME or ds/NAME; the message names what is missing.',
  },
  APPLY_INPUT_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'An object to apply lacks apiVersion, kind or metadata.name, or its kind is unknown to the cluster.',
    fix: 'Fix the object at the file:line given; install the CRD first for a custom kind.',
  },
  IMAGE_REFERENCE_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The image reference cannot be parsed (registry/name:tag@sha256:digest).',
    fix: 'Write it like `ghcr.io/org/app:1.2.3` or `busybox@sha256:<64 hex digits>`.',
  },
  IMAGE_NOT_FOUND: {
    exitCode: EXIT.USAGE,
    meaning: 'The registry has no manifest for this tag or digest (404).',
    fix: 'Check the tag (was the image pushed?) and the repository name.',
  },
  REGISTRY_UNAUTHORIZED: {
    exitCode: EXIT.REMOTE,
    meaning: 'The registry refused the credentials, or needs some and none were found.',
    fix: 'Log in with `docker login HOST` (kprod reads ~/.docker/config.json or $DOCKER_CONFIG/config.json).',
  },
  REGISTRY_UNREACHABLE: {
    exitCode: EXIT.REMOTE,
    meaning:
      'The registry (or its token service) could not be reached or answered with an unexpected status.',
    fix: 'Check the registry host, the network, and the status shown.',
  },
  DOCKER_CONFIG_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The Docker client config holding registry credentials is not valid JSON.',
    fix: 'Fix or remove the file named in the message (`docker login` rewrites it).',
  },
  IMAGE_TAG_UNAVAILABLE: {
    exitCode: EXIT.USAGE,
    meaning: 'The git commit or the CI build number for `kprod image tag` cannot be found.',
    fix: 'Run inside a git checkout, and in CI or with --build-number N.',
  },

  IMAGE_PROJECT_NOT_BUILT: {
    exitCode: EXIT.USAGE,
    meaning:
      'The project to put into an image is not built: package.json, package-lock.json, an installed node_modules or dist/ (with every program of "bin") is missing.',
    fix: 'Run `npm ci` (it builds dist/) in the project directory, then build the image again.',
  },
  IMAGE_SOURCE_UNKNOWN: {
    exitCode: EXIT.USAGE,
    meaning:
      'The commit an image is built from (its revision label and created time) cannot be read, or SOURCE_DATE_EPOCH is not a number.',
    fix: 'Build inside a git checkout with at least one commit; set SOURCE_DATE_EPOCH to whole seconds or unset it.',
  },
  IMAGE_BASE_UNSUITABLE: {
    exitCode: EXIT.USAGE,
    meaning:
      'The base image has no image for a platform asked for, or has a layer that may not be pushed elsewhere.',
    fix: 'Ask only for the platforms the base has (--platform), or choose another --base.',
  },

  // check (kprod check, manifest/)
  MANIFEST_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'A manifest is not valid YAML or JSON, has a duplicate key, or holds a document that is not a Kubernetes object (a scalar or list, no apiVersion or kind).',
    fix: 'Fix the file at the line given; separate objects with `---`.',
  },
  MANIFEST_NOT_TEXT: {
    exitCode: EXIT.USAGE,
    meaning: 'An input file is binary (not UTF-8 text) or larger than kprod reads (32 MiB).',
    fix: 'Pass only manifest files (.yaml, .yml, .json); split very large files.',
  },
  KUSTOMIZE_FAILED: {
    exitCode: EXIT.USAGE,
    meaning: '`kubectl kustomize DIR` failed, or kubectl is not installed.',
    fix: 'Run `kubectl kustomize DIR` to see the full error and fix the kustomization.',
  },
  CHECK_CONFIG_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The `.kprod.yaml` (or `--config`) file is not valid: bad YAML, unknown key or rule.',
    fix: 'Fix the field named in the message; docs/check.md describes the file.',
  },
  // One line: this table is at the 400-line bound of a source file.
  // prettier-ignore
  CHECK_OUT_OF_MEMORY: { exitCode: EXIT.USAGE, meaning: '`kprod check` needed more heap than its bound (chosen from the input size, or `KPROD_CHECK_HEAP_MB`).', fix: 'Check fewer files at a time, or raise the bound: `KPROD_CHECK_HEAP_MB=4096 kprod check ...` (0: no bound).' },
  CHECK_UNKNOWN_RULE: {
    exitCode: EXIT.USAGE,
    meaning: '`kprod check --explain` was given a rule id that does not exist.',
    fix: 'List the rules in docs/rules.md, or run `kprod check --explain` with an id from a finding.',
  },

  // Kubernetes API (ops/kube.ts)
  KUBE_CONFIG_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The kubeconfig could not be loaded, or the named context does not exist.',
    fix: 'Check --kubeconfig / KUBECONFIG and --context (`kubectl config get-contexts`).',
  },
  KUBE_CONFIG_NOT_FOUND: {
    exitCode: EXIT.USAGE,
    meaning: 'No kubeconfig was found: not at --kubeconfig, KUBECONFIG or ~/.kube/config.',
    fix: 'Save the kubeconfig of your cluster as ~/.kube/config, or point KUBECONFIG or --kubeconfig at it.',
  },
  KUBE_UNREACHABLE: {
    exitCode: EXIT.REMOTE,
    meaning: 'The Kubernetes API server could not be reached.',
    fix: 'Check the cluster address in the kubeconfig and your network or VPN.',
  },
  KUBE_UNAUTHORIZED: {
    exitCode: EXIT.REMOTE,
    meaning: 'The API server rejected the credentials (401).',
    fix: 'Renew the credentials of the kubeconfig user (`kprod user kubeconfig NAME` for developers).',
  },
  KUBE_FORBIDDEN: {
    exitCode: EXIT.REMOTE,
    meaning: 'The API server denied the request (403): the user lacks an RBAC permission.',
    fix: 'Ask a cluster admin for the verb and resource named in the message.',
  },
  KUBE_NOT_FOUND: {
    exitCode: EXIT.FAILED,
    meaning: 'A Kubernetes object that the command needs does not exist (404).',
    fix: 'Check the name and namespace (-n).',
  },
  KUBE_CONFLICT: {
    exitCode: EXIT.FAILED,
    meaning:
      'The object was changed by someone else, or a field is owned by another manager (409).',
    fix: 'Re-run the command; for apply, inspect the conflicting field manager.',
  },
  KUBE_INVALID: {
    exitCode: EXIT.FAILED,
    meaning: 'The API server rejected an object as invalid (422).',
    fix: 'Fix the field named in the message; `kprod check` finds most of these offline.',
  },
  KUBE_API_ERROR: {
    exitCode: EXIT.REMOTE,
    meaning: 'The API server answered with an unexpected error status.',
    fix: 'Read the status message; retry if the server was overloaded (429/5xx).',
  },
  KUBE_REQUEST_TIMEOUT: {
    exitCode: EXIT.REMOTE,
    meaning:
      'The API server accepted the connection but gave no complete answer within --request-timeout (default 30s).',
    fix: 'Check that the kubeconfig points at an API server and that it is healthy; raise --request-timeout for a slow link.',
  },
  KUBE_BAD_RESPONSE: {
    exitCode: EXIT.REMOTE,
    meaning:
      'The API server answered with something kprod does not understand: not JSON, cut off mid-body, larger than 64 MiB, or an object of another kind or name than asked for.',
    fix: 'Check that the kubeconfig server URL is the API server itself, not a proxy, login page or another service; the message shows the start of the answer.',
  },
  // user (kprod user, ops/user-*.ts)
  USER_NAME_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The user name cannot name a namespace and a certificate: it must be a DNS label (lower-case letters, digits, -) and the namespace at most 63 characters. Or a --group is unusable: empty, a system: group, over 64 characters, or holding a comma or a character outside printable ASCII.',
    fix: 'Choose a name such as `alice` or `bob-smith`; shorten --namespace-prefix if needed; use plain group names such as `dev`.',
  },
  USER_OUT_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The --out directory cannot hold the credential files: a path in it is a file or a symbolic link, or it is not writable.',
    fix: 'Point --out at a directory of yours (it is created with mode 0700), or remove what the message names.',
  },
  USER_QUOTA_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The --quota-preset is unknown or the --quota-file is not a map of resource names to quantities.',
    fix: 'Use a preset listed in docs/user.md, or fix the entry named in the message (e.g. `limits.cpu: "4"`).',
  },
  USER_CA_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The CA files for local signing (--ca-cert/--ca-key) or the cluster CA (--ca) are unreadable, not a CA, or do not match.',
    fix: 'Pass the cluster CA certificate and its key, e.g. /etc/kubernetes/pki/ca.crt and ca.key from a control-plane node.',
  },
  USER_CSR_APPROVE_FORBIDDEN: {
    exitCode: EXIT.REMOTE,
    meaning: 'The current user may create the CertificateSigningRequest but not approve it (403).',
    fix: 'Have an admin run the `kubectl certificate approve` command shown, or grant `approve` on the kube-apiserver-client signer, then re-run.',
  },
  USER_CSR_DENIED: {
    exitCode: EXIT.FAILED,
    meaning: 'The CertificateSigningRequest was denied or failed; no certificate was issued.',
    fix: 'Read the condition reason in the message (`kubectl get csr NAME -o yaml`), fix it, and re-run.',
  },
  USER_CONFIRMATION_REQUIRED: {
    exitCode: EXIT.USAGE,
    meaning:
      'A destructive command needs a confirmation: stdin is not a terminal and --yes was not given.',
    fix: 'Check what the command lists for deletion, then re-run it with --yes.',
  },
  USER_NOT_FOUND: {
    exitCode: EXIT.FAILED,
    meaning: 'The user has no tenant namespace on the cluster.',
    fix: 'Check the name with `kprod user list`, or onboard the user with `kprod user add NAME`.',
  },
  USER_CLUSTER_CA_MISSING: {
    exitCode: EXIT.USAGE,
    meaning:
      'The admin context does not embed the cluster CA (certificate-authority-data), so the developer kubeconfig would have no way to trust the server.',
    fix: 'Pass the cluster CA certificate with --ca FILE (and the address with --server if it differs).',
  },

  // release (kprod release, ops/release/)
  RELEASE_STATE_INVALID: {
    exitCode: EXIT.USAGE,
    meaning: 'The kprod.dev/release annotation on the named object is not a valid release state.',
    fix: 'Inspect it with `kubectl get -o yaml`; remove it (`kubectl annotate ... kprod.dev/release-`) to start afresh.',
  },
  RELEASE_IN_PROGRESS: {
    exitCode: EXIT.USAGE,
    meaning:
      'Another release (with a different image or strategy) is still progressing on the target.',
    fix: 'Watch it (`kprod release status --watch`), resume it with the same --image and --strategy, or `kprod release abort` it first.',
  },
  RELEASE_NOT_FOUND: {
    exitCode: EXIT.USAGE,
    meaning: 'The target carries no release state: no release was ever started on it.',
    fix: 'Check the name and namespace (-n); start one with `kprod release deploy/NAME --image REF`.',
  },
  RELEASE_TARGET_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The objects a strategy needs are missing or not shaped as it expects (container, colour selector, Ingress).',
    fix: 'Apply the matching deploy/ component first; docs/release.md lists the objects each strategy uses.',
  },
  PROMETHEUS_UNREACHABLE: {
    exitCode: EXIT.REMOTE,
    meaning: 'Prometheus (--prometheus) could not be reached or answered with an HTTP error.',
    fix: 'Check the URL (e.g. a port-forward to the Prometheus Service) and that Prometheus is up.',
  },
  PROMETHEUS_QUERY_FAILED: {
    exitCode: EXIT.REMOTE,
    meaning:
      'Prometheus rejected an analysis query or answered with a result that is not one number.',
    fix: 'Run the printed query in the Prometheus UI and correct --query-success-rate / --query-p99.',
  },

  // logs (kprod logs, ops/logs/)
  LOGS_TARGET_INVALID: {
    exitCode: EXIT.USAGE,
    meaning:
      'The logs target is not KIND/NAME of a kind kprod logs knows, is combined with -l, or names a Service, Ingress or workload without a usable selector.',
    fix: 'Write the target as deploy/, sts/, ds/, job/, svc/, ing/, node/ or pod/NAME, or give -l SELECTOR alone.',
  },
  LOGS_TARGET_NOT_FOUND: {
    exitCode: EXIT.FAILED,
    meaning: 'The object the logs target names does not exist in the namespace.',
    fix: 'Check the name and the namespace (-n), e.g. with `kubectl get deploy,sts,ds,job,svc,ing -n NS`.',
  },
  LOGS_NO_PODS: {
    exitCode: EXIT.FAILED,
    meaning:
      'The target selects no pod (or no container matching -c) and --no-follow was given, so there is nothing to wait for.',
    fix: 'Check the selector and namespace; without --no-follow kprod logs waits for pods to appear.',
  },
  LOGS_TOO_MANY_STREAMS: {
    exitCode: EXIT.USAGE,
    meaning: 'The target has more containers to follow than --max-streams allows.',
    fix: 'Narrow the target (-c CONTAINER, -l SELECTOR, a smaller workload) or raise --max-streams.',
  },
  LOGS_FORBIDDEN: {
    exitCode: EXIT.REMOTE,
    meaning:
      'The API server denied reading pods or their logs (403): the user lacks get on pods/log, or list/watch on pods.',
    fix: 'Ask a cluster admin for `get` on `pods/log` and `list`,`watch` on `pods` in the namespace.',
  },
  LOGS_NODE_UNREACHABLE: {
    exitCode: EXIT.REMOTE,
    meaning:
      "The API server could not reach the kubelet of the pod's node to read its log (the node is down or its port 10250 is blocked).",
    fix: 'Check the node (`kubectl get node NAME`, `kubectl describe node NAME`); the other pods are still shown.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** Options accepted by {@link KprodError}. */
export interface KprodErrorOptions {
  cause?: unknown;
  /** What to do, when more specific than the table's generic fix. */
  hint?: string;
}

/**
 * The one error class of the project. `message` says what went wrong and where; the code's row in
 * {@link ERRORS} gives the exit code and generic advice.
 */
export class KprodError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options: KprodErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KprodError';
    this.code = code;
    this.exitCode = ERRORS[code].exitCode;
    this.hint = options.hint ?? ERRORS[code].fix;
  }
}

/** True for errors raised on purpose by kprod, as opposed to bugs. */
export function isKprodError(error: unknown): error is KprodError {
  return error instanceof KprodError;
}

/** Renders `docs/errors.md` from {@link ERRORS} and {@link EXIT}. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes and exit codes',
    '',
    'Generated from `src/errors.ts` by `npm run docs`; a test fails when the two differ.',
    '',
    '## Exit codes',
    '',
    '| exit code | meaning |',
    '| --- | --- |',
    ...EXIT_CODES.map((row) => `| ${row.code} | ${row.meaning} |`),
    '',
    '## Error codes',
    '',
    'Every error is printed as `kprod: CODE: message`, followed by a `hint:` line.',
    '',
    '| code | exit | meaning | what to do |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, spec] of Object.entries(ERRORS) as [ErrorCode, ErrorSpec][]) {
    lines.push(`| \`${code}\` | ${spec.exitCode} | ${spec.meaning} | ${spec.fix} |`);
  }
  return lines.join('\n') + '\n';
}
