import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../test/support/kube-double.js';
import { connectKube } from './kube.js';
import { KubeApiError, resourcePath } from './kube-api.js';

describe('resourcePath', () => {
  it('should build core, grouped, namespaced and subresource paths', () => {
    expect(resourcePath({ apiVersion: 'v1', plural: 'namespaces', name: 'ns-a' })).toBe(
      '/api/v1/namespaces/ns-a',
    );
    expect(
      resourcePath({
        apiVersion: 'apps/v1',
        plural: 'deployments',
        namespace: 'x',
        name: 'web',
        subresource: 'scale',
      }),
    ).toBe('/apis/apps/v1/namespaces/x/deployments/web/scale');
  });
});

describe('connectKube', () => {
  let double: KubeDouble;
  beforeEach(async () => {
    double = await startKubeDouble();
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should send the kubeconfig token and create, read and 404 objects', async () => {
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    expect(kube.context).toBe('double');
    expect(kube.namespace).toBe('default');
    const created = await kube.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-a' } },
    });
    expect(created.metadata?.name).toBe('ns-a');
    expect(await kube.getOrNull('/api/v1/namespaces/ns-b')).toBeNull();
    const error = await kube
      .request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'ns-a' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).code).toBe('KUBE_CONFLICT');
    expect((error as KubeApiError).reason).toBe('AlreadyExists');
  });

  it('should stream watch events until aborted', async () => {
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    const controller = new AbortController();
    const seen: string[] = [];
    const done = kube.watch(
      '/api/v1/namespaces/x/configmaps',
      {},
      (event) => {
        seen.push(`${event.type} ${event.object.metadata?.name ?? ''}`);
        if (seen.length === 2) controller.abort();
      },
      controller.signal,
    );
    // wait until the watch is registered before writing
    await expect.poll(() => double.requests.some((r) => r.query['watch'] === 'true')).toBe(true);
    double.put('/api/v1/namespaces/x/configmaps/a', { kind: 'ConfigMap' });
    double.put('/api/v1/namespaces/x/configmaps/a', { kind: 'ConfigMap', data: { k: 'v' } });
    await done;
    expect(seen).toEqual(['ADDED a', 'MODIFIED a']);
  });

  it('should pass a proxied answer through as text, whatever its status', async () => {
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    double.override((req) =>
      req.path.endsWith('/proxy/test_circuit_breaker')
        ? {
            status: 500,
            body: '[v2] test_circuit_breaker returned 500\n',
            contentType: 'text/plain',
          }
        : undefined,
    );
    const answer = await kube.requestText({
      method: 'GET',
      path: '/api/v1/namespaces/x/services/web:http/proxy/test_circuit_breaker',
    });
    expect(answer).toEqual({ status: 500, body: '[v2] test_circuit_breaker returned 500\n' });
  });

  it('should report an unreachable server with KUBE_UNREACHABLE', async () => {
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    await double.stop();
    await expect(kube.request({ method: 'GET', path: '/api/v1/namespaces' })).rejects.toMatchObject(
      {
        code: 'KUBE_UNREACHABLE',
        exitCode: 3,
      },
    );
    double = await startKubeDouble();
  });

  it('should refuse an unknown context with KUBE_CONFIG_INVALID', () => {
    expect(() => connectKube({ kubeconfig: double.kubeconfigPath, context: 'nope' })).toThrow(
      /context "nope" does not exist/,
    );
  });
});
