import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInProcessService,
  waitFor,
  type InProcessService,
} from '../../test/support/service-in-process.js';
import { createLogger } from './logger.js';
import { createServiceMetrics } from './metrics.js';
import { createMultirouteServer } from './server.js';

const CONFIG = `routes:
  /route1:
    response: "route1's content"
  /slow:
    response: slow
    duration: 0.05
  /forever:
    response: never
    duration: 300
  /teapot:
    response: short and stout
    status: 418
`;

async function get(url: string, method = 'GET'): Promise<[number, string, string | null]> {
  const response = await fetch(url, { method });
  return [response.status, await response.text(), response.headers.get('content-type')];
}

describe('createMultirouteServer', () => {
  let svc: InProcessService;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multiroute-server-'));
    writeFileSync(join(dir, 'config.yml'), CONFIG);
    svc = await startInProcessService({
      configPath: join(dir, 'config.yml'),
      dbPass: 'pass123',
      dbExpectedPass: 'pass123',
    });
  });
  afterAll(async () => {
    await svc.close();
  });

  it.each([
    ['/route1', 200, "[v1] Hello, You are at /route1, Got: route1's content"],
    ['/route1?x=1&y=2', 200, "[v1] Hello, You are at /route1, Got: route1's content"],
    ['/slow', 200, '[v1] Hello, You are at /slow, Got: slow'],
    ['/teapot', 418, '[v1] Hello, You are at /teapot, Got: short and stout'],
    ['/get_ip', 200, '[v1] Hello, Your ip is 10.0.0.7'],
    ['/test_circuit_breaker', 500, '[v1] test_circuit_breaker returned 500\n'],
    ['/connect_db', 200, 'Hello, You are connected database successfully!'],
    ['/livez', 200, 'ok'],
    ['/readyz', 200, 'ready'],
    ['/route1/', 404, '404 page not found\n'],
    ['/nope', 404, '404 page not found\n'],
    ['/', 404, '404 page not found\n'],
  ])('should answer GET %s with %i and the exact body', async (path, status, body) => {
    expect(await get(svc.url + path)).toEqual([status, body, 'text/plain; charset=utf-8']);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'should accept %s like GET',
    async (method) => {
      expect(await get(`${svc.url}/route1`, method)).toEqual([
        200,
        "[v1] Hello, You are at /route1, Got: route1's content",
        'text/plain; charset=utf-8',
      ]);
    },
  );

  it('should count requests by route pattern, method and code, unknown paths as unmatched', async () => {
    await get(`${svc.url}/teapot`, 'POST');
    await get(`${svc.url}/unknown-a`, 'DELETE');
    await get(`${svc.url}/unknown-b`, 'DELETE');
    const [status, text, type] = await get(`${svc.url}/metrics`);
    expect([status, type]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    const lines = text.split('\n');
    expect(lines).toContain('http_requests_total{route="/teapot",method="POST",code="418"} 1');
    expect(lines).toContain('http_requests_total{route="unmatched",method="DELETE",code="404"} 2');
    expect(lines).toContain(
      'http_request_duration_seconds_count{route="unmatched",method="DELETE",code="404"} 2',
    );
    expect(lines).toContain(
      'multiroute_build_info{version="v1",commit="abc123",nodejs="' + process.version + '"} 1',
    );
    expect(lines.filter((line) => line.includes('unknown-'))).toEqual([]);
  });

  it('should free the timer of a client that disconnects during the delay', async () => {
    const aborted = new AbortController();
    const pending = fetch(`${svc.url}/forever`, { signal: aborted.signal }).catch(
      (error: unknown) => (error as Error).name,
    );
    await waitFor(() => svc.running.service.inFlight() === 1, 'the request to be in flight');
    expect(await get(`${svc.url}/metrics`).then(([, t]) => t.split('\n'))).toContain(
      'http_requests_in_flight 1',
    );
    aborted.abort();
    expect(await pending).toBe('AbortError');
    await waitFor(() => svc.running.service.inFlight() === 0, 'the timer to be freed');
  });

  // Last in this block: draining does not end.
  it('should keep connections alive, and close them after each answer once draining', async () => {
    const agent = new Agent({ keepAlive: true });
    const connectionHeader = (): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const port = svc.running.address.port;
        const req = request({ host: '127.0.0.1', port, path: '/route1', agent }, (res) => {
          res.resume();
          resolve(res.headers['connection']);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await connectionHeader()).toBe('keep-alive');
    svc.running.service.startDraining();
    expect(await connectionHeader()).toBe('close');
    expect((await get(`${svc.url}/readyz`)).slice(0, 2)).toEqual([503, 'draining']);
    agent.destroy();
  });
});

describe('createMultirouteServer before a config is loaded', () => {
  it('should answer /readyz with 503 starting and /livez with 200', async () => {
    const metrics = createServiceMetrics({
      build: { version: 'v1', commit: 'x' },
      inFlight: () => 0,
      processMetrics: false,
    });
    const service = createMultirouteServer({
      identity: { version: 'v1', podIp: 'ip', dbPass: undefined, dbExpectedPass: undefined },
      metrics,
      logger: createLogger('silent'),
      accessLog: false,
    });
    const { port } = await service.listen(0, '127.0.0.1');
    try {
      expect(await get(`http://127.0.0.1:${port}/readyz`)).toEqual([
        503,
        'starting',
        'text/plain; charset=utf-8',
      ]);
      expect((await get(`http://127.0.0.1:${port}/livez`))[0]).toBe(200);
      expect((await get(`http://127.0.0.1:${port}/route1`))[0]).toBe(404);
      service.startDraining();
      expect((await get(`http://127.0.0.1:${port}/readyz`)).slice(0, 2)).toEqual([503, 'draining']);
    } finally {
      service.server.closeAllConnections();
      service.server.close();
    }
  });
});
