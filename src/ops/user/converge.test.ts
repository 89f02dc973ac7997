import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import type { KprodError } from '../../errors.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import {
  convergeDecision,
  coversDesired,
  deleteIfPresent,
  describeRef,
  ensureObject,
} from './converge.js';
import { planUser } from './plan.js';

const PLAN = planUser({
  name: 'alice',
  namespacePrefix: 'ns-',
  groups: [],
  bindGroups: false,
  quota: { pods: '5' },
  networkPolicy: true,
  podSecurity: 'restricted',
});
const [NAMESPACE, , BINDING, QUOTA] = PLAN.objects as [
  (typeof PLAN.objects)[number],
  (typeof PLAN.objects)[number],
  (typeof PLAN.objects)[number],
  (typeof PLAN.objects)[number],
];

describe('coversDesired', () => {
  it('should ignore fields only the live object has, but compare arrays whole', () => {
    expect(coversDesired({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true);
    expect(coversDesired({ b: { c: 3 } }, { b: { c: 2 } })).toBe(false);
    expect(coversDesired({ l: [1, 2] }, { l: [1] })).toBe(false);
    expect(coversDesired({ l: [{ x: 1, y: 2 }] }, { l: [{ x: 1 }] })).toBe(true);
    expect(coversDesired({}, { a: undefined })).toBe(true);
  });
});

describe('convergeDecision', () => {
  it('should leave an object that already has every field kprod sets', () => {
    const live = {
      ...QUOTA.object,
      metadata: {
        ...QUOTA.object.metadata,
        uid: 'u',
        labels: { ...QUOTA.object.metadata?.labels, x: 'y' },
      },
      status: { used: { pods: '1' } },
    };
    expect(convergeDecision(live, QUOTA.object)).toEqual({ action: 'none' });
  });

  it('should update changed fields and keep labels and annotations others added', () => {
    const live = {
      ...QUOTA.object,
      metadata: { ...QUOTA.object.metadata, resourceVersion: '7', labels: { team: 'a' } },
      spec: { hard: { pods: '50' } },
    };
    expect(convergeDecision(live, QUOTA.object)).toEqual({
      action: 'update',
      object: {
        ...QUOTA.object,
        metadata: {
          name: 'kprod-quota',
          namespace: 'ns-alice',
          resourceVersion: '7',
          labels: {
            team: 'a',
            'app.kubernetes.io/managed-by': 'kprod',
            'kprod.dev/tenant': 'alice',
          },
          annotations: {},
        },
        spec: { hard: { pods: '5' } },
      },
    });
  });

  it('should replace a RoleBinding whose immutable roleRef differs', () => {
    const live = {
      ...BINDING.object,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    };
    expect(convergeDecision(live, BINDING.object)).toEqual({ action: 'replace' });
  });
});

describe('describeRef', () => {
  it('should name objects as kubectl prints them', () => {
    expect(PLAN.objects.map(describeRef)).toEqual([
      'namespace/ns-alice',
      'role.rbac.authorization.k8s.io/kprod-developer',
      'rolebinding.rbac.authorization.k8s.io/kprod-developer',
      'resourcequota/kprod-quota',
      'limitrange/kprod-defaults',
      'networkpolicy.networking.k8s.io/kprod-isolate',
    ]);
  });
});

describe('ensureObject', () => {
  let double: KubeDouble;
  let kube: KubeClient;
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should create (201), then find it unchanged (409 then GET) without a write', async () => {
    expect(await ensureObject(kube, QUOTA)).toBe('created');
    double.requests.length = 0;
    expect(await ensureObject(kube, QUOTA)).toBe('unchanged');
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/namespaces/ns-alice/resourcequotas',
      'GET /api/v1/namespaces/ns-alice/resourcequotas/kprod-quota',
    ]);
    expect(double.list('/api/v1/namespaces/ns-alice/resourcequotas')).toHaveLength(1);
  });

  it('should update a drifted object in place with its resourceVersion (200)', async () => {
    double.put('/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota', {
      ...QUOTA.object,
      spec: { hard: { pods: '99' } },
    });
    expect(await ensureObject(kube, QUOTA)).toBe('updated');
    expect(double.get('/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota')?.['spec']).toEqual({
      hard: { pods: '5' },
    });
    const put = double.requests.find((r) => r.method === 'PUT');
    expect((put?.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(
      '2',
    );
  });

  it('should retry an update that lost a race (409 Conflict)', async () => {
    double.put('/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota', {
      ...QUOTA.object,
      spec: { hard: { pods: '99' } },
    });
    double.failOnce(
      'PUT',
      '/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota',
      409,
      'Conflict',
      'the object has been modified',
    );
    expect(await ensureObject(kube, QUOTA)).toBe('updated');
    expect(double.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('should replace a RoleBinding bound to another role', async () => {
    const path =
      '/apis/rbac.authorization.k8s.io/v1/namespaces/ns-alice/rolebindings/kprod-developer';
    double.put(path, {
      ...BINDING.object,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    });
    expect(await ensureObject(kube, BINDING)).toBe('replaced');
    expect(double.get(path)?.['roleRef']).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'kprod-developer',
    });
  });

  it('should refuse to converge a namespace that is being deleted', async () => {
    double.put('/api/v1/namespaces/ns-alice', {
      ...NAMESPACE.object,
      metadata: { ...NAMESPACE.object.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
    });
    const error = (await ensureObject(kube, NAMESPACE).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('KUBE_CONFLICT');
    expect(error.message).toBe('namespace/ns-alice is being deleted');
  });

  it('should pass a 403 through with the API message and exit code 3', async () => {
    double.failOnce(
      'POST',
      '/api/v1/namespaces',
      403,
      'Forbidden',
      'namespaces is forbidden: User "bob" cannot create resource "namespaces"',
    );
    const error = (await ensureObject(kube, NAMESPACE).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('KUBE_FORBIDDEN');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'POST /api/v1/namespaces: 403 namespaces is forbidden: User "bob" cannot create resource "namespaces"',
    );
  });
});

describe('deleteIfPresent', () => {
  it('should answer true for 200 and false for 404', async () => {
    const double = await startKubeDouble();
    try {
      const kube = connectKube({ kubeconfig: double.kubeconfigPath });
      double.put('/api/v1/namespaces/ns-alice', NAMESPACE.object);
      expect(await deleteIfPresent(kube, '/api/v1/namespaces/ns-alice')).toBe(true);
      expect(await deleteIfPresent(kube, '/api/v1/namespaces/ns-alice')).toBe(false);
    } finally {
      await double.stop();
    }
  });
});
