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
