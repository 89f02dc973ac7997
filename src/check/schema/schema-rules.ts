/**
 * The rules of the schema family (schema.ts and schema-fields.ts report them): their ids,
 * severities and documentation, from which docs/rules.md and `kprod check --explain` are
 * rendered.
 */
import type { RuleDoc } from '../finding.js';

/** A field does not match its schema. */
export const schemaInvalid: RuleDoc = {
  id: 'schema-invalid',
  family: 'schema',
  severity: 'error',
  summary: 'A field does not match the schema of its kind: the API server would reject it.',
  description: [
    'Validates the whole object against the OpenAPI schema of its apiVersion and kind for the',
    'Kubernetes version given by `--kube-version`, or against the CRD schema for Istio',
    '(`networking.istio.io`, `security.istio.io`, `telemetry.istio.io`), Gateway API',
    '(`gateway.networking.k8s.io`) and prometheus-operator (`monitoring.coreos.com`) kinds.',
    'Each finding names the field and its line. Typical causes: a number written as a string',
    '(`containerPort: "80"`), a quantity that is not one (`cpu: 1 core`), a missing required',
    'field (`containers[0].name`), a value outside an enum. YAML 1.1 reads `yes`, `no`, `on`',
    'and `off` as booleans, as kubectl does: quote them where a string is expected. A number with a',
    'leading zero is octal there (`defaultMode: 0644` is 420), also as kubectl reads it.',
  ].join('\n'),
  example: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          ports: [{ containerPort: "80" }]   # must be integer',
  ].join('\n'),
};

/** No schema for the kind. */
export const schemaUnknown: RuleDoc = {
  id: 'schema-unknown',
  family: 'schema',
  severity: 'info',
  summary: 'No schema is known for this apiVersion and kind, so its fields were not validated.',
  description: [
    'Reported once per object whose apiVersion/kind has no schema in kprod: a custom resource',
    'from another operator, an API version that never existed, or a typo in `kind`. The object',
    'is still used by the other rule families.',
  ].join('\n'),
};

/** A kind its API version does not have. */
export const kindUnknown: RuleDoc = {
  id: 'kind-unknown',
  family: 'schema',
  severity: 'error',
  summary:
    'The apiVersion exists but has no such kind: the apply fails with "no matches for kind".',
  description: [
    'Reported when the apiVersion is one kprod knows completely (a built-in API of',
    '`--kube-version`, or an Istio, Gateway API or prometheus-operator API) and `kind` is not',
    'among its kinds, or when the kind belongs to another version or group (`apiVersion: v1`',
    'with `kind: Deployment`, which is `apps/v1`). kubectl refuses such an object with',
    '`no matches for kind "…" in version "…"`. The hint names the apiVersion that serves the',
    'kind, or the closest kind of the apiVersion (a typo such as `Deploymnet`). For the Istio,',
    'Gateway API and prometheus-operator groups it is a warning, naming the package release whose',
    'kinds kprod knows: a newer release of those projects may add kinds. Kinds of other API',
    'groups (custom resources of other operators) get `schema-unknown` instead.',
  ].join('\n'),
  example: 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: { name: web }',
};

/** A field its kind does not have. */
export const schemaUnknownField: RuleDoc = {
  id: 'schema-unknown-field',
  family: 'schema',
  severity: 'error',
  summary: 'A field its kind does not have: the API server rejects it (strict field validation).',
  description: [
    'kubectl validates fields on the server and strictly by default since Kubernetes 1.27',
    '(`--validate=strict`): a field the API type does not declare fails the apply with',
    '`unknown field "spec.replica"`. Every object of a built-in kind is walked against the field',
    'catalog of `--kube-version`, at every depth (containers, volumes, list items, map values),',
    '`metadata` and `status` included, since the API server decodes the whole object. Free-form',
    "fields (a CRD schema's `default`, `RawExtension`) are not walked. A field added in a newer",
    'Kubernetes version is unknown to an older one. The hint names the closest known field.',
    'Istio, Gateway API and prometheus-operator custom resources are walked the same way, as the',
    'API server walks them against their CRD schema, with the fields of the schema package',
    'versions kprod ships (whatever `--kube-version`): a field a newer release of the CRDs added',
    'is unknown. Fields the CRD leaves open (`x-kubernetes-preserve-unknown-fields`: an',
    'EnvoyFilter patch `value`, a WasmPlugin `pluginConfig`, Istio `status`) are not walked.',
  ].join('\n'),
  example: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  replica: 2                        # replicas',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          imagePullPolice: Always   # imagePullPolicy',
  ].join('\n'),
};

/** An API served by other Kubernetes versions only. */
export const apiNotServed: RuleDoc = {
  id: 'api-not-served',
  family: 'schema',
  severity: 'error',
  summary: 'The apiVersion and kind exist in another Kubernetes version, not in the target one.',
  description: [
    'API versions appear in a release (`resource.k8s.io/v1` in 1.34), and alpha and beta',
    'versions leave without an entry in the deprecated API migration guide',
    '(`resource.k8s.io/v1alpha2` after 1.30). When another Kubernetes version kprod knows serves',
    'the apiVersion and kind but `--kube-version` does not, an apply fails with "no matches for',
    'kind". The finding names the versions that serve it and the API versions of the kind that',
    "the target version serves. Check that `--kube-version` is the cluster's version.",
  ].join('\n'),
  example: [
    '# kprod check --kube-version 1.33',
    'apiVersion: resource.k8s.io/v1',
    'kind: DeviceClass',
    'metadata: { name: gpu }',
  ].join('\n'),
};

/** An API version removed by the deprecation guide. */
export const apiRemoved: RuleDoc = {
  id: 'api-removed',
  family: 'schema',
  severity: 'error',
  summary: 'The apiVersion is no longer served by the target Kubernetes version.',
  description: [
    'Kubernetes stops serving deprecated beta API versions (the deprecated API migration',
    'guide lists them): `extensions/v1beta1` Deployments since 1.16, `networking.k8s.io/v1beta1`',
    'Ingress since 1.22, `batch/v1beta1` CronJob and `policy/v1beta1` PodDisruptionBudget since',
    '1.25, and more. An apply of such an object fails with "no matches for kind". The finding',
    'names the replacement.',
  ].join('\n'),
  example: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: web }',
};

/** A bad object name. */
export const invalidName: RuleDoc = {
  id: 'invalid-name',
  family: 'schema',
  severity: 'error',
  summary: 'metadata.name is missing or not a valid Kubernetes name for its kind.',
  description: [
    'The API server validates names although the OpenAPI schema does not: most kinds need a',
    'DNS-1123 subdomain (lower case letters, digits, `-` and `.`, at most 253 characters);',
    'Namespaces need a DNS-1123 label (no `.`, at most 63) and Services an RFC 1035 label',
    '(also starting with a letter). RBAC kinds only forbid `/`, `%`, `.` and `..`. An object',
    'with neither `name` nor `generateName` cannot be applied. Kinds the `api-validation` family',
    'validates (workloads, Services, Ingress, RBAC, ConfigMaps, …) get their name findings from',
    "it instead, in the API server's own words, so a bad name is reported once.",
  ].join('\n'),
  example: 'apiVersion: v1\nkind: Service\nmetadata: { name: 1-Web_API }',
};

/** A bad label. */
export const invalidLabel: RuleDoc = {
  id: 'invalid-label',
  family: 'schema',
  severity: 'error',
  summary: 'A label key or value is not valid syntax: the API server would reject the object.',
  description: [
    'Label keys are an optional DNS subdomain prefix and `/`, then a name of at most 63',
    'characters (letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit).',
    'Values follow the same rule for the name part and may be empty. Checked in',
    '`metadata.labels` and in the pod template labels of workloads, for kinds the',
    '`api-validation` family does not validate (it reports the others).',
  ].join('\n'),
  example: 'metadata:\n  labels:\n    app: my app   # spaces are not allowed',
};

/** The rules of the schema family. */
export const SCHEMA_RULES: readonly RuleDoc[] = [
  schemaInvalid,
  schemaUnknownField,
  kindUnknown,
  schemaUnknown,
  apiRemoved,
  apiNotServed,
  invalidName,
  invalidLabel,
];
