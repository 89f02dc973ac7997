import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { WORKLOAD_VALIDATORS } from './workload-validators.js';

/**
 * The workload validators against the real API server's answers: every expected message below
 * was printed by kube-apiserver v1.36.3 (`kubectl create --dry-run=server`) for the same object,
 * so these rows keep the rules and their wording right without a cluster.
 */

function messages(object: Record<string, unknown>): string[] {
  const kind = String(object['kind']);
  const validator = WORKLOAD_VALIDATORS.find((v) => v.kind === kind);
  if (validator === undefined) throw new Error(`no validator for ${kind}`);
  return validator.validate(object, { kubeVersion: '1.36' }).map(formatFieldError).sort();
}

const container = { name: 'app', image: 'x' };
const template = (spec: Record<string, unknown>, labels = { app: 'web' }) => ({
  metadata: { labels },
  spec: { containers: [container], ...spec },
});

const LABEL_KEY_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('WORKLOAD_VALIDATORS', () => {
  it.each([
    [
      'a Deployment whose selector misses its template',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: template({}, { app: 'webb' }),
        },
      },
      [
        'spec.template.metadata.labels: Invalid value: {"app":"webb"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'a Pod with a bad port and a request over its limit',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: {
          containers: [
            {
              ...container,
              ports: [{ containerPort: 70000, name: 'HTTP' }],
              resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
            },
          ],
        },
      },
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
      ],
    ],
    [
      'a Job whose pods would restart Always (the default)',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'web' },
        spec: { template: template({}) },
      },
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'a CronJob with a minute out of range',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'web' },
        spec: {
          schedule: '60 * * * *',
          jobTemplate: { spec: { template: template({ restartPolicy: 'Never' }) } },
        },
      },
      ['spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60'],
    ],
    [
      'a StatefulSet with a dotted name and zero spread',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web.app' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: template({
            topologySpreadConstraints: [
              {
                maxSkew: 0,
                topologyKey: 'zone',
                whenUnsatisfiable: 'DoNotSchedule',
                minDomains: 0,
              },
            ],
          }),
        },
      },
      [
        'metadata.name: Invalid value: "web.app": must not contain dots',
        'spec.template.spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
        'spec.template.spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero',
      ],
    ],
    [
      'a Pod with bad labels, env name, mount and probe',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', labels: { 'bad key': 'a b' } },
        spec: {
          containers: [
            {
              ...container,
              livenessProbe: {
                exec: { command: ['true'] },
                tcpSocket: { port: 80 },
                successThreshold: 2,
              },
              volumeMounts: [{ name: 'nope', mountPath: '/x' }],
              env: [{ name: 'A=B', value: 'v' }],
            },
          ],
        },
      },
      [
        `metadata.labels: Invalid value: "a b": ${LABEL_VALUE_MSG}`,
        `metadata.labels: Invalid value: "bad key": ${LABEL_KEY_MSG}`,
        'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
        'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
        'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
        'spec.containers[0].volumeMounts[0].name: Not found: "nope"',
      ],
    ],
    [
      'a DaemonSet with no rollout budget, an extended resource without limit, a keyless toleration',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [{ ...container, resources: { requests: { 'example.com/gpu': '1' } } }],
              tolerations: [{ operator: 'Equal', value: 'x' }],
            },
          },
        },
      },
      [
        'spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
        'spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
      ],
    ],
  ])('should refuse %s as the API server does', (_what, object, expected) => {
    expect(messages(object)).toEqual([...expected].sort());
  });

  it.each([
    [
      'Deployment',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: template({}) },
      },
    ],
    [
      'Job',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'web' },
        spec: { template: template({ restartPolicy: 'Never' }) },
      },
    ],
    [
      'Pod with a name of 253 characters',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'a'.repeat(253) },
        spec: { containers: [container] },
      },
    ],
  ])('should accept a valid %s', (_what, object) => {
    expect(messages(object)).toEqual([]);
  });
});
