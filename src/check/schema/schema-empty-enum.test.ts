import { describe, expect, it } from 'vitest';
import { loadManifestText } from '../../manifest/load.js';
import { checkSchema } from './schema.js';

/**
 * The v1.36.3 API server accepts `type: ""` on a Service (its defaults make it ClusterIP), as the
 * API-validation differential showed: the enum of a built-in string field never refuses "".
 */
describe('checkSchema and empty enum values', () => {
  function messages(type: string, kubeVersion: string): string[] {
    const yaml = `apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  type: ${type}\n  ports: [{ port: 80 }]\n`;
    const objects = loadManifestText(yaml, 'f.yaml');
    return checkSchema({ objects, options: { kubeVersion, profile: 'default' } }).map(
      (f) => f.message,
    );
  }

  it.each(['1.34', '1.36'])('should accept an empty string in an enum field at %s', (version) => {
    expect(messages('""', version)).toEqual([]);
  });

  it('should still refuse a value outside the enum', () => {
    expect(messages('Public', '1.36')).toEqual([
      'spec.type: must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort", got string "Public"',
    ]);
  });
});
