import { describe, expect, it } from 'vitest';
import { kindPlanFor } from './kind-plan.js';

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
});
