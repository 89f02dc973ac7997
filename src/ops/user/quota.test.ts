import { describe, expect, it } from 'vitest';
import { KprodError } from '../../errors.js';
import { parseQuotaFile, quotaPreset } from './quota.js';

function errorOf(fn: () => unknown): KprodError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KprodError) return error;
    throw error;
  }
  throw new Error('expected a KprodError');
}

describe('quotaPreset', () => {
  it('should return the guide preset and refuse unknown names', () => {
    expect(quotaPreset('guide')['limits.memory']).toBe('1Gi');
    const error = errorOf(() => quotaPreset('huge'));
    expect(error.code).toBe('USER_QUOTA_INVALID');
    expect(error.message).toBe('unknown --quota-preset "huge"; known presets: guide, small, large');
  });
});

describe('parseQuotaFile', () => {
  it('should read a plain map and keep numbers as their text', () => {
    expect(parseQuotaFile('pods: 20\nlimits.cpu: "2"\nlimits.memory: 4Gi\n', 'q.yaml')).toEqual({
      pods: '20',
      'limits.cpu': '2',
      'limits.memory': '4Gi',
    });
  });

  it('should take spec.hard from a ResourceQuota', () => {
    const text = 'apiVersion: v1\nkind: ResourceQuota\nspec:\n  hard:\n    requests.cpu: 500m\n';
    expect(parseQuotaFile(text, 'q.yaml')).toEqual({ 'requests.cpu': '500m' });
  });

  it.each([
    ['pods: [1]\n', 'q.yaml: pods: [1] is not a quantity (e.g. "2", "500m", "1Gi")'],
    ['pods: lots\n', 'q.yaml: pods: "lots" is not a quantity (e.g. "2", "500m", "1Gi")'],
    ['"bad name": 1\n', 'q.yaml: "bad name" is not a resource name'],
    ['- pods\n', 'q.yaml: expected a map of resource: quantity'],
    ['{}\n', 'q.yaml: no quota entries found'],
  ])('should refuse %j', (text, message) => {
    const error = errorOf(() => parseQuotaFile(text, 'q.yaml'));
    expect(error.code).toBe('USER_QUOTA_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(message);
  });
});
