import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { WORKLOAD_VALIDATORS } from './workload-validators.js';

/**
 * Rules that differ by release, judged at each side of the release where they change. The 1.36
 * messages are the v1.36.3 API server's answers (the differential runs against it); the other
 * releases' are read from their own validation code and feature gate defaults (pkg/features of
 * each pinned k8s.io/kubernetes, apimachinery's label checks), as no server of theirs runs here.
 */

function messages(kubeVersion: string, object: Record<string, unknown>): string[] {
  const kind = String(object['kind']);
  return WORKLOAD_VALIDATORS.filter((v) => v.kind === kind)
    .flatMap((v) => v.validate(object, { kubeVersion }).map(formatFieldError))
    .sort();
}

const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app', image: 'x' }], ...spec },
});
const statefulSet = (maxUnavailable: unknown) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    selector: { matchLabels: { app: 'db' } },
    serviceName: 'db',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image: 'x' }] },
    },
  },
});

const jobSpec = (fields: Record<string, unknown>) => ({
  ...fields,
  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'x' }] } },
});
const job = (fields: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'batch' },
  spec: jobSpec(fields),
});
const cronJob = (fields: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'batch' },
  spec: { schedule: '0 * * * *', jobTemplate: { spec: jobSpec(fields) } },
});

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const STRICT_ENV =
  "spec.containers[0].env[0].name: Invalid value: \"1BAD\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
describe('WORKLOAD_VALIDATORS by release', () => {
  it.each([
    // RelaxedEnvironmentVariableValidation: beta and on from 1.32.
    [
      '1.31',
      pod({ containers: [{ name: 'app', image: 'x', env: [{ name: '1BAD' }] }] }),
      [STRICT_ENV],
    ],
    ['1.32', pod({ containers: [{ name: 'app', image: 'x', env: [{ name: '1BAD' }] }] }), []],
    // ContainerRestartRules: unknown up to 1.33 (regular containers may not set restartPolicy,
    // init containers only Always), declared and off in 1.34 (the API server drops the fields),
    // on from 1.35.
    [
      '1.33',
      pod({
        containers: [{ name: 'app', image: 'x', restartPolicy: 'Never' }],
        initContainers: [{ name: 'init', image: 'x', restartPolicy: 'OnFailure' }],
      }),
      [
        'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers',
        'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      ],
    ],
    [
      '1.34',
      pod({
        containers: [{ name: 'app', image: 'x', restartPolicy: 'Sometimes' }],
        initContainers: [{ name: 'init', image: 'x', restartPolicy: 'Sometimes' }],
      }),
      [],
    ],
    [
      '1.35',
      pod({
        containers: [{ name: 'app', image: 'x', restartPolicy: 'Sometimes' }],
        initContainers: [{ name: 'init', image: 'x', restartPolicy: 'Never' }],
      }),
      [
        'spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      ],
    ],
    // TaintTolerationComparisonOperators: unknown up to 1.34, declared and off from 1.35.
    [
      '1.34',
      pod({ tolerations: [{ key: 'k', operator: 'Lt', value: '5' }] }),
      [
        'spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists"',
      ],
    ],
    [
      '1.35',
      pod({ tolerations: [{ key: 'k', operator: 'Lt', value: '5' }] }),
      [
        'spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt"',
      ],
    ],
    // RelaxedDNSSearchValidation: on from 1.33 (underscores and a lone `.` in search domains).
    [
      '1.32',
      pod({ dnsConfig: { searches: ['_sip._tcp.example.com', '.'] } }),
      [
        `spec.dnsConfig.searches[0]: Invalid value: "_sip._tcp.example.com": ${SUBDOMAIN_MSG}`,
        `spec.dnsConfig.searches[1]: Invalid value: "": ${SUBDOMAIN_MSG}`,
      ],
    ],
    ['1.33', pod({ dnsConfig: { searches: ['_sip._tcp.example.com', '.'] } }), []],
    // JobSuccessPolicy: off in 1.30 (a Job's successPolicy is dropped, a CronJob's job template's
    // still validated), on from 1.31.
    ['1.30', job({ successPolicy: { rules: [{ succeededCount: 1 }] } }), []],
    [
      '1.30',
      cronJob({ successPolicy: { rules: [{ succeededCount: 1 }] } }),
      [
        'spec.jobTemplate.spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
      ],
    ],
    [
      '1.31',
      job({ successPolicy: { rules: [{ succeededCount: 1 }] } }),
      [
        'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
      ],
    ],
    // MaxUnavailableStatefulSet: off (the field is dropped) up to 1.36, on in 1.37.
    ['1.36', statefulSet(0), []],
    [
      '1.37',
      statefulSet(0),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
    ],
    [
      '1.37',
      statefulSet('150%'),
      [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
      ],
    ],
    [
      '1.37',
      statefulSet(-1),
      [
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    ['1.37', statefulSet('30%'), []],
  ])('should judge row %# at %s', (kubeVersion, object, expected) => {
    expect(messages(kubeVersion, object)).toEqual([...expected].sort());
  });
});
