import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { QUOTA_VALIDATORS } from './quota-validators.js';

// Expected messages: the causes of the v1.36.3 API server for these objects on a dry-run create.
describe('QUOTA_VALIDATORS', () => {
  const run = (object: Record<string, unknown>) =>
    QUOTA_VALIDATORS.filter((v) => v.kind === object['kind']).flatMap((v) =>
      v.validate(object, { kubeVersion: '1.36' }).map(formatFieldError),
    );

  it.each([
    ['a LimitRange without a name (the API server names it)', 'LimitRange', {}, []],
    [
      'a ResourceQuota without a name',
      'ResourceQuota',
      {},
      ['metadata.name: Required value: name or generateName is required'],
    ],
    [
      'a LimitRange with an invalid name',
      'LimitRange',
      { name: 'Limits' },
      [
        "metadata.name: Invalid value: \"Limits\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ])('should judge %s', (_name, kind, metadata, messages) => {
    expect(run({ apiVersion: 'v1', kind, metadata, spec: {} })).toEqual(messages);
  });
});
