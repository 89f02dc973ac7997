import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { WORKLOAD_VALIDATORS } from './workload-validators.js';

/**
 * How the apps kinds treat their selector: its syntax errors, whether the API server can evaluate
 * it (no syntax errors: the template is then checked), empty and absent selectors, and the match
 * with template labels whose values are not all strings.
 */

function messages(kind: string, spec: Record<string, unknown>): string[] {
  const validator = WORKLOAD_VALIDATORS.find((v) => v.kind === kind);
  if (validator === undefined) throw new Error(`no validator for ${kind}`);
  const object = { apiVersion: 'apps/v1', kind, metadata: { name: 'web' }, spec };
  return validator.validate(object, { kubeVersion: '1.36' }).map(formatFieldError);
}

const template = {
  metadata: { labels: { app: 'web', n: 1 } },
  spec: { containers: [{ name: 'Bad', image: 'x' }] },
};
const BAD_SELECTOR = {
  matchLabels: { 'bad key': 'web' },
  matchExpressions: [{ key: 'tier', operator: 'Within', values: ['a'] }],
};
const BAD_SELECTOR_JSON =
  '{"matchLabels":{"bad key":"web"},"matchExpressions":[{"key":"tier","operator":"Within","values":["a"]}]}';
const KEY_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const KEY_ERROR = `spec.selector.matchLabels: Invalid value: "bad key": ${KEY_MSG}`;
const OPERATOR_ERROR =
  'spec.selector.matchExpressions[0].operator: Invalid value: "Within": not a valid selector operator';
const CONTAINER_ERROR =
  "spec.template.spec.containers[0].name: Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MISMATCH =
  'spec.template.metadata.labels: Invalid value: {"app":"web","n":1}: `selector` does not match template `labels`';

describe('WORKLOAD_VALIDATORS selectors', () => {
  it.each([
    // A selector with syntax errors cannot be evaluated: no match check, no template check,
    // except for a DaemonSet, whose template is checked all the same.
    [
      'Deployment',
      BAD_SELECTOR,
      [
        KEY_ERROR,
        OPERATOR_ERROR,
        `spec.selector: Invalid value: ${BAD_SELECTOR_JSON}: invalid label selector`,
      ],
    ],
    [
      'StatefulSet',
      BAD_SELECTOR,
      [KEY_ERROR, OPERATOR_ERROR, `spec.selector: Invalid value: ${BAD_SELECTOR_JSON}`],
    ],
    ['DaemonSet', BAD_SELECTOR, [KEY_ERROR, OPERATOR_ERROR, CONTAINER_ERROR]],
    // A label value that is a number matches as its text; one in the selector is left out.
    ['Deployment', { matchLabels: { n: 1, app: 'web' } }, [CONTAINER_ERROR]],
    ['DaemonSet', { matchLabels: { n: 1, app: 'web' } }, [CONTAINER_ERROR]],
    [
      'Deployment',
      {},
      [
        'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
        CONTAINER_ERROR,
      ],
    ],
    [
      'DaemonSet',
      {},
      [
        'spec.selector: Invalid value: {}: empty selector is invalid for daemonset',
        CONTAINER_ERROR,
      ],
    ],
    ['Deployment', undefined, ['spec.selector: Required value', MISMATCH, CONTAINER_ERROR]],
    ['StatefulSet', undefined, ['spec.selector: Required value', MISMATCH, CONTAINER_ERROR]],
    ['DaemonSet', undefined, [MISMATCH, CONTAINER_ERROR]],
  ])('should check a %s with selector %j', (kind, selector, expected) => {
    const spec = selector === undefined ? { template } : { selector, template };
    expect(messages(kind, spec)).toEqual(expected);
  });
});
