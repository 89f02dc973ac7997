import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { kindPlanFor } from './kind-plan.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes in use after full collections. */
function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('kindPlanFor', () => {
  it('should walk a served built-in kind against its version catalog', () => {
    const plan = kindPlanFor('1.37', 'apps/v1', 'Deployment');
    expect(plan.removed).toBeUndefined();
    expect(plan.schema?.catalog.version).toBe('1.37');
    expect(plan.schema?.root.fields.has('spec')).toBe(true);
    expect(plan.apiValidated).toBe(true);
  });

  it('should walk a custom resource of a known CRD group against its CRD catalog', () => {
    const plan = kindPlanFor('1.37', 'networking.istio.io/v1', 'VirtualService');
    expect(plan.removed).toBeUndefined();
    expect(plan.schema?.catalog.version).toMatch(/^istio\.io\/api@/);
    expect(plan.apiValidated).toBe(false);
  });

  it('should give the removal of an API version from the version it was removed in', () => {
    const version = 'flowcontrol.apiserver.k8s.io/v1beta3';
    expect(kindPlanFor('1.31', version, 'FlowSchema').removed).toBeUndefined();
    expect(kindPlanFor('1.32', version, 'FlowSchema').removed?.removedIn).toBe('1.32');
    expect(kindPlanFor('1.32', version, 'FlowSchema').schema).toBeUndefined();
  });

  it('should have no schema for a kind no catalog knows', () => {
    const plan = kindPlanFor('1.37', 'example.com/v1', 'Widget');
    expect(plan).toEqual({ removed: undefined, schema: undefined, apiValidated: false });
  });

  it('should give the same plan for every object of a kind', () => {
    expect(kindPlanFor('1.36', 'v1', 'Service')).toBe(kindPlanFor('1.36', 'v1', 'Service'));
  });

  it('should not keep alive the text its apiVersion and kind were read from', () => {
    const mib = 1024 * 1024;
    const before = liveHeap();
    // A file's text, with the apiVersion and kind read from it as slices (as the reader does);
    // the text itself lives only inside this call.
    const planFromText = (): void => {
      const text = `${'#'.repeat(32 * mib)}\nexample.org/v1alpha1 RetainedWidget\n`;
      const start = text.indexOf('example.org');
      kindPlanFor('1.37', text.slice(start, start + 20), text.slice(start + 21, start + 35));
    };
    planFromText();
    // The 32 MiB are gone once the text is dropped: the memo holds copies, not slices of it.
    expect((liveHeap() - before) / mib).toBeLessThan(8);
  });
});
