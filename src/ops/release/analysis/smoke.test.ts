import { describe, expect, it } from 'vitest';
import {
  parseSmokeCheck,
  runSmokeChecks,
  serviceProxyPath,
  smokeFailure,
  type ProxyGet,
} from './smoke.js';

describe('parseSmokeCheck', () => {
  it.each([
    ['GET /route1 200', { method: 'GET', path: '/route1', status: 200 }],
    [
      'GET /route1 200 ~You are at /route1',
      { method: 'GET', path: '/route1', status: 200, body: 'You are at /route1' },
    ],
    ['  GET /missing 404  ', { method: 'GET', path: '/missing', status: 404 }],
  ])('should parse %j', (text, expected) => {
    expect(parseSmokeCheck(text)).toEqual(expected);
  });

  it.each(['POST /x 200', 'GET route1 200', 'GET /x ok', ''])('should reject %j', (text) => {
    expect(() => parseSmokeCheck(text)).toThrow(
      `--smoke '${text}' is not 'GET /PATH STATUS [~BODY]'`,
    );
  });
});

describe('serviceProxyPath', () => {
  it('should address a named port through the API server proxy', () => {
    expect(serviceProxyPath('multiroute', 'multiroute-preview', 'http', '/route1')).toBe(
      '/api/v1/namespaces/multiroute/services/multiroute-preview:http/proxy/route1',
    );
  });
});

describe('smokeFailure', () => {
  const check = parseSmokeCheck('GET /route1 200 ~Hello');
  it.each([
    [{ status: 200, body: '[v2] Hello, You are at /route1' }, null],
    [{ status: 500, body: 'boom' }, 'GET /route1: status 500, expected 200'],
    [{ status: 200, body: 'Bye' }, 'GET /route1: body "Bye" lacks "Hello"'],
  ])('should judge %j', (answer, expected) => {
    expect(smokeFailure(check, answer)).toBe(expected);
  });
});

describe('runSmokeChecks', () => {
  it('should stop at the first failing check', async () => {
    const asked: string[] = [];
    const get: ProxyGet = (path) => {
      asked.push(path);
      return Promise.resolve(
        path.endsWith('/route1') ? { status: 200, body: 'ok' } : { status: 503, body: '' },
      );
    };
    const result = await runSmokeChecks(
      get,
      { namespace: 'ns', service: 'web-preview', port: 'http' },
      ['GET /route1 200', 'GET /route2 200', 'GET /route3 200'].map(parseSmokeCheck),
    );
    expect(result).toEqual({ passed: false, message: 'GET /route2: status 503, expected 200' });
    expect(asked).toEqual([
      '/api/v1/namespaces/ns/services/web-preview:http/proxy/route1',
      '/api/v1/namespaces/ns/services/web-preview:http/proxy/route2',
    ]);
  });
});
