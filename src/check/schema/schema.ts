/**
 * Rule family 1, schema: every object is validated against the field catalog of its kind for
 * `--kube-version` (Kubernetes built-in kinds), generated from that release's OpenAPI, or of its
 * CRD (Istio, Gateway API, prometheus-operator): unknown fields, as the API server's strict field
 * validation, required fields, types and value constraints; plus the few API server checks that
 * schemas leave out but that reject an apply: API versions no longer served, object names and
 * label syntax.
 */
import type { CheckInput, CheckOptions, Finding, RuleFamily } from '../finding.js';
import { findingFor } from '../finding.js';
import type { FieldPath, SourceObject } from '../../manifest/source-object.js';
import { valueAt } from './schema-problems.js';
import { kindPlanFor } from './kind-plan.js';
import { labelKeyProblem, labelValueProblem, nameProblem } from './object-names.js';
import { checkFields } from './schema-fields.js';
import { SCHEMA_RULES, apiRemoved, invalidLabel, invalidName } from './schema-rules.js';

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
  const plan = kindPlanFor(kubeVersion, apiVersion, kind);
  const { removed } = plan;
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
  checkFields(source, kubeVersion, apiVersion, kind, plan.schema, findings);
  // The api-validation family reports these kinds' names and labels in the API server's words.
  if (plan.apiValidated) return;
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

/** Checks one object against its schema and the API server's name and label rules. */
export function checkSchemaOf(source: SourceObject, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const { kubeVersion } = options;
  checkObject(source, kubeVersion, findings);
  return findings;
}

/** Checks every object against its schema and the API server's name and label rules. */
export function checkSchema(input: CheckInput): Finding[] {
  return input.objects.flatMap((source) => checkSchemaOf(source, input.options));
}

/** Rule family 1: schema, one object at a time. */
export const schemaFamily: RuleFamily = {
  name: 'schema',
  rules: SCHEMA_RULES,
  checkObject: checkSchemaOf,
};
