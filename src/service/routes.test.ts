import { describe, expect, it } from 'vitest';
import { createServiceMetrics } from './metrics.js';
import { buildRouteTable, buildRouteTableInSteps, prepareAnswer, routeBody } from './routes.js';

describe('routeBody', () => {
  it('should be the original text, without a trailing newline', () => {
    expect(routeBody('v2', '/route1', "route1's content")).toBe(
      "[v2] Hello, You are at /route1, Got: route1's content",
    );
  });
});

describe('prepareAnswer', () => {
  it('should count the body in bytes and add Connection: close for draining', () => {
    const answer = prepareAnswer(200, 'héllo');
    expect(answer.body.length).toBe(6);
    expect(answer.headers).toEqual([
      'Content-Type',
      'text/plain; charset=utf-8',
      'Content-Length',
      '6',
    ]);
    expect(answer.drainHeaders).toEqual([...answer.headers, 'Connection', 'close']);
  });
});

describe('buildRouteTable', () => {
  it('should hold configured and built-in paths with their labels and answers', () => {
    const metrics = createServiceMetrics({
      build: { version: 'v1', commit: 'c' },
      inFlight: () => 0,
      processMetrics: false,
    });
    const table = buildRouteTable(
      {
        file: 'c.yml',
        hash: 'h',
        routes: [{ path: '/a', response: 'x', durationMs: 1500, status: 201 }],
      },
      { version: 'v1', podIp: '1.2.3.4', dbPass: 'p', dbExpectedPass: 'q' },
      (label) => metrics.routeSeries(label),
    );
    expect(
      [...table.routes.values()].map((e) => [
        e.label,
        e.kind,
        e.answer.status,
        e.answer.body.toString(),
        e.delayMs,
      ]),
    ).toEqual([
      ['/a', 'answer', 201, '[v1] Hello, You are at /a, Got: x', 1500],
      ['/get_ip', 'answer', 200, '[v1] Hello, Your ip is 1.2.3.4', 0],
      ['/test_circuit_breaker', 'answer', 500, '[v1] test_circuit_breaker returned 500\n', 0],
      ['/connect_db', 'answer', 200, 'Sorry, wrong db password provided!', 0],
      ['/livez', 'answer', 200, 'ok', 0],
      ['/readyz', 'readyz', 200, 'ready', 0],
      ['/metrics', 'metrics', 200, '', 0],
    ]);
    expect([table.unmatched.label, table.unmatched.answer.status, table.hash]).toEqual([
      'unmatched',
      404,
      'h',
    ]);
  });
});

describe('buildRouteTableInSteps', () => {
  it('should build the same table as buildRouteTable, across several steps', async () => {
    const metrics = createServiceMetrics({
      build: { version: 'v1', commit: 'c' },
      inFlight: () => 0,
      processMetrics: false,
    });
    const routes = Array.from({ length: 1201 }, (_, i) => ({
      path: `/r${i}`,
      response: `answer ${i}`,
      durationMs: i % 3,
      status: 200,
    }));
    const config = { routes, hash: 'abc', file: 'c.yml' };
    const identity = { version: 'v1', podIp: 'ip', dbPass: undefined, dbExpectedPass: undefined };
    const series = metrics.routeSeries.bind(metrics);
    const stepped = await buildRouteTableInSteps(config, identity, series);
    const direct = buildRouteTable(config, identity, series);
    expect([...stepped.routes.keys()]).toEqual([...direct.routes.keys()]);
    expect(stepped.routes.size).toBe(1207);
    expect(stepped.routes.get('/r1200')).toEqual(direct.routes.get('/r1200'));
    expect(stepped.hash).toBe('abc');
  });
});
