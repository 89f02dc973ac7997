import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../manifest/load.js';
import { checkApiValidation } from './api-validation.js';

describe('checkApiValidation', () => {
  const LONG = 'v'.repeat(64);
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: settings',
    '  labels:',
    `    app: ${LONG}`,
    `    ${'k'.repeat(64)}: x`,
  ].join('\n');
  const messages = (kubeVersion: string) =>
    checkApiValidation({
      objects: loadManifestText(text, 'settings.yaml'),
      options: { kubeVersion, profile: 'default' },
    }).map((f) => f.message);

  // apimachinery words label lengths in bytes from 1.35 (the v1.36.3 API server's answer), in
  // characters up to 1.34 (apimachinery v0.34's IsQualifiedName and IsValidLabelValue).
  it.each([
    ['1.29', 'characters'],
    ['1.34', 'characters'],
    ['1.35', 'bytes'],
    ['1.36', 'bytes'],
    ['1.37', 'bytes'],
  ])('should word label lengths at %s in %s', (kubeVersion, unit) => {
    expect(messages(kubeVersion)).toEqual([
      `metadata.labels: Invalid value: "${LONG}": must be no more than 63 ${unit}`,
      `metadata.labels: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 ${unit}`,
    ]);
  });
});
