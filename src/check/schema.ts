/**
 * Rule family 1, schema: every object is validated against the OpenAPI schema of its kind for
 * `--kube-version` (Kubernetes built-in kinds) or against its CRD schema (Istio, Gateway API,
 * prometheus-operator), plus the few API server checks that schemas leave out but that reject
 * an apply: API versions no longer served, object names and label syntax.
 */
import type { CheckInput, Finding, RuleDoc, RuleFamily } from './finding.js';
import { findingFor } from './finding.js';
import type { FieldPath, SourceObject } from '../manifest/source-object.js';
import { formatFieldPath } from '../manifest/source-object.js';
import { type SchemaError, schemaValidatorFor } from './schema-registry.js';
import { removedApiFor } from './removed-apis.js';
import { labelKeyProblem, labelValueProblem, nameProblem } from './object-names.js';

const schemaInvalid: RuleDoc = {
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
    'and `off` as booleans, as kubectl does: quote them where a string is expected.',
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

const schemaUnknown: RuleDoc = {
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

const apiRemoved: RuleDoc = {
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

const invalidName: RuleDoc = {
  id: 'invalid-name',
  family: 'schema',
  severity: 'error',
  summary: 'metadata.name is missing or not a valid Kubernetes name for its kind.',
  description: [
    'The API server validates names although the OpenAPI schema does not: most kinds need a',
    'DNS-1123 subdomain (lower case letters, digits, `-` and `.`, at most 253 characters);',
    'Namespaces need a DNS-1123 label (no `.`, at most 63) and Services an RFC 1035 label',
    '(also starting with a letter). RBAC kinds only forbid `/`, `%`, `.` and `..`. An object',
    'with neither `name` nor `generateName` cannot be applied.',
  ].join('\n'),
  example: 'apiVersion: v1\nkind: Service\nmetadata: { name: 1-Web_API }',
};

const invalidLabel: RuleDoc = {
  id: 'invalid-label',
  family: 'schema',
  severity: 'error',
  summary: 'A label key or value is not valid syntax: the API server would reject the object.',
  description: [
    'Label keys are an optional DNS subdomain prefix and `/`, then a name of at most 63',
    'characters (letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit).',
    'Values follow the same rule for the name part and may be empty. Checked in',
    '`metadata.labels` and in the pod template labels of workloads.',
  ].join('\n'),
  example: 'metadata:\n  labels:\n    app: my app   # spaces are not allowed',
};

/** The rules of the schema family. */
export const SCHEMA_RULES: readonly RuleDoc[] = [
  schemaInvalid,
  schemaUnknown,
  apiRemoved,
  invalidName,
  invalidLabel,
];

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${JSON.stringify(value)}`;
}

/** Turns a JSON pointer into a field path, using the object to tell list indexes from keys. */
function pointerToPath(object: unknown, pointer: string): (string | number)[] {
  const path: (string | number)[] = [];
  if (pointer === '') return path;
  let node: unknown = object;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(part);
      path.push(index);
      node = node[index];
    } else {
      path.push(part);
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
  }
  return path;
}

function valueAt(object: unknown, path: FieldPath): unknown {
  let node: unknown = object;
  for (const part of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

interface SchemaProblem {
  readonly path: (string | number)[];
  /** Line of this field, or of its parent when the field is missing. */
  readonly anchor: FieldPath;
  readonly message: string;
}

/**
 * Reduces ajv's errors to one problem per field. A field that may take several forms (a quantity
 * is a number or a string) yields one error per form plus a `oneOf`; the most specific is kept.
 */
export function summariseSchemaErrors(
  object: unknown,
  errors: readonly SchemaError[],
): SchemaProblem[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const pointer =
      error.keyword === 'required' || error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${String(
            error.params['missingProperty'] ?? error.params['additionalProperty'],
          )
            .replace(/~/g, '~0')
            .replace(/\//g, '~1')}`
        : error.instancePath;
    const list = byPointer.get(pointer);
    if (list === undefined) byPointer.set(pointer, [error]);
    else list.push(error);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, group] of byPointer) {
    const path = pointerToPath(object, pointer);
    const value = valueAt(object, path);
    const first = group[0];
    if (first === undefined) continue;
    let message: string;
    const format = group.find((e) => e.keyword === 'format');
    const types = group.filter((e) => e.keyword === 'type').map((e) => String(e.params['type']));
    if (first.keyword === 'required') {
      message = `required field "${String(path.at(-1))}" is missing`;
    } else if (first.keyword === 'additionalProperties') {
      message = `unknown field "${String(path.at(-1))}"`;
    } else if (format !== undefined) {
      const name = String(format.params['format']);
      message =
        name === 'quantity'
          ? `must be a quantity such as 250m, 0.5, 128Mi or 1Gi, got ${describeValue(value)}`
          : `must be a valid ${name}, got ${describeValue(value)}`;
    } else if (types.length > 0) {
      message = `must be ${[...new Set(types)].join(' or ')}, got ${describeValue(value)}`;
    } else {
      const specific = group.find((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf') ?? first;
      if (specific.keyword === 'enum') {
        const allowed = specific.params['allowedValues'];
        message = `must be one of ${Array.isArray(allowed) ? allowed.map((v) => JSON.stringify(v)).join(', ') : '?'}, got ${describeValue(value)}`;
      } else if (specific.keyword === 'oneOf' || specific.keyword === 'anyOf') {
        message = `does not match any of the allowed forms, got ${describeValue(value)}`;
      } else {
        message = `${specific.message ?? `fails ${specific.keyword}`}, got ${describeValue(value)}`;
      }
    }
    const missing = first.keyword === 'required';
    problems.push({ path, anchor: missing ? path.slice(0, -1) : path, message });
  }
  return problems;
}

function lineOfField(source: SourceObject, path: FieldPath): number {
  for (let length = path.length; length > 0; length -= 1) {
    const line = source.lineOf(path.slice(0, length));
    if (line !== undefined) return line;
  }
  return source.line;
}

const TEMPLATE_LABEL_PATHS: readonly FieldPath[] = [
  ['spec', 'template', 'metadata', 'labels'],
  ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
];

function checkLabels(source: SourceObject, path: FieldPath, findings: Finding[]): void {
  const labels = valueAt(source.object, path);
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return;
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const keyProblem = labelKeyProblem(key);
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    const problem =
      keyProblem === undefined
        ? valueProblem && `value ${JSON.stringify(value)} ${valueProblem}`
        : `key ${JSON.stringify(key)} ${keyProblem}`;
    if (problem === undefined) continue;
    findings.push(
      findingFor(
        source,
        invalidLabel,
        `label ${problem}`,
        'Use letters, digits, "-", "_" and "." (63 characters at most), starting and ending with a letter or digit.',
        [...path, key],
      ),
    );
  }
}

function checkObject(source: SourceObject, kubeVersion: string, findings: Finding[]): void {
  const { object } = source;
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const removed = removedApiFor(kubeVersion, apiVersion, kind);
  if (removed !== undefined) {
    findings.push(
      findingFor(
        source,
        apiRemoved,
        `${apiVersion} ${kind} is not served since Kubernetes ${removed.removedIn} (checking for ${kubeVersion})`,
        `Use ${removed.replacement}; check the fields that changed between the versions.`,
        ['apiVersion'],
      ),
    );
    return;
  }
  const validator = schemaValidatorFor(kubeVersion, apiVersion, kind);
  if (validator === undefined) {
    findings.push(
      findingFor(
        source,
        schemaUnknown,
        `no schema for ${apiVersion}/${kind}`,
        'Check apiVersion and kind for typos; custom resources of other operators are not validated.',
      ),
    );
  } else {
    for (const problem of summariseSchemaErrors(object, validator(object))) {
      const finding = findingFor(
        source,
        schemaInvalid,
        `${formatFieldPath(problem.path)}: ${problem.message}`,
        `Correct the field to match the ${kind} schema (kubectl explain ${kind.toLowerCase()}.${formatFieldPath(problem.path.filter((p) => typeof p === 'string')).replace(/^\./, '')}).`,
        problem.path,
      );
      findings.push({ ...finding, line: lineOfField(source, problem.anchor) });
    }
  }
  const meta = object.metadata;
  const name = meta?.name;
  if (typeof name === 'string') {
    const problem = nameProblem(kind, name);
    if (problem !== undefined) {
      findings.push(
        findingFor(
          source,
          invalidName,
          `name ${JSON.stringify(name)} ${problem}`,
          'Rename the object; references to it must change too.',
          ['metadata', 'name'],
        ),
      );
    }
  } else if (typeof meta?.generateName !== 'string') {
    findings.push(
      findingFor(
        source,
        invalidName,
        'metadata.name is missing',
        'Give the object a name (or a generateName for `kubectl create`).',
        ['metadata'],
      ),
    );
  }
  checkLabels(source, ['metadata', 'labels'], findings);
  for (const path of TEMPLATE_LABEL_PATHS) checkLabels(source, path, findings);
}

/** Checks every object against its schema and the API server's name and label rules. */
export function checkSchema(input: CheckInput): Finding[] {
  const findings: Finding[] = [];
  for (const source of input.objects) checkObject(source, input.options.kubeVersion, findings);
  return findings;
}

/** Rule family 1: schema. */
export const schemaFamily: RuleFamily = {
  name: 'schema',
  rules: SCHEMA_RULES,
  check: checkSchema,
};
