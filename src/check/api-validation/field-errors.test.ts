import { describe, expect, it } from 'vitest';
import {
  duplicate,
  forbidden,
  formatFieldError,
  invalid,
  notSupported,
  required,
  tooLong,
} from './field-errors.js';

describe('formatFieldError', () => {
  it.each([
    [
      required(['spec', 'template', 'spec', 'containers', 0, 'image']),
      'spec.template.spec.containers[0].image: Required value',
    ],
    [
      invalid(['spec', 'replicas'], -1, 'must be greater than or equal to 0'),
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [invalid(['metadata', 'name'], 'Web', 'bad'), 'metadata.name: Invalid value: "Web": bad'],
    [
      duplicate(['spec', 'ports', 1, 'name'], 'http'),
      'spec.ports[1].name: Duplicate value: "http"',
    ],
    [
      notSupported(['spec', 'template', 'spec', 'restartPolicy'], 'Always', ['OnFailure', 'Never']),
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ],
    [
      forbidden(['spec', 'clusterIP'], 'may not be set'),
      'spec.clusterIP: Forbidden: may not be set',
    ],
    [
      tooLong(['metadata', 'annotations'], 'may not be more than 262144 bytes'),
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ],
    [invalid(['metadata', 'labels'], 'a b', ''), 'metadata.labels: Invalid value: "a b"'],
    [invalid(['spec', 'paused'], true, 'x'), 'spec.paused: Invalid value: true: x'],
  ])('prints %j as the API server does', (error, text) => {
    expect(formatFieldError(error)).toBe(text);
  });
});

describe('names of kinds both families know', () => {
  it('should report a bad Service name once, in the API server words', async () => {
    const { loadManifestText } = await import('../../manifest/load.js');
    const { runCheck } = await import('../run-check.js');
    const objects = loadManifestText(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports: [{ port: 80 }]\n',
      'svc.yaml',
    );
    const findings = runCheck({ objects, options: { kubeVersion: '1.36', profile: 'default' } })
      .filter((f) => f.field === 'metadata.name')
      .map((f) => [f.rule, f.message]);
    expect(findings).toEqual([
      [
        'api-invalid',
        `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ]);
  });
});
