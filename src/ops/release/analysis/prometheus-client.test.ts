import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LoopbackServer,
  startLoopbackServer,
} from '../../../../test/support/loopback-server.js';
import { NOT_YET, sendEndlessBody } from '../../../../test/support/endless-body.js';
import { queryPrometheus } from './prometheus-client.js';

describe('queryPrometheus on answers Prometheus never sends', () => {
  // A loopback server that answers every query with `answer`: a stand-in for a broken proxy in
  // front of Prometheus, since Prometheus itself always answers in its own shape.
  let server: LoopbackServer;
  let base = '';
  let answer = ''; // 'endless': a body that never ends
  let ended = NOT_YET;
  beforeAll(async () => {
    server = await startLoopbackServer((_req, res) => {
      const type = { 'content-type': 'application/json' };
      if (answer === 'endless') ended = sendEndlessBody(res, 200, type);
      else res.writeHead(200, type).end(answer);
    });
    base = server.url;
  });
  afterAll(async () => {
    await server.close();
  });

  const rows: [string, string, string][] = [
    ['null', 'PROMETHEUS_UNREACHABLE', 'answered 200: null'],
    ['{"status":"error","error":{"x":1}}', 'PROMETHEUS_UNREACHABLE', 'answered 200: {"status"'],
    [
      '{"status":"success","data":{"resultType":"vector","result":[null]}}',
      'PROMETHEUS_QUERY_FAILED',
      'the analysis query returned a series that is not an object',
    ],
  ];
  it.each(rows)('should refuse %s with %s', async (body, code, message) => {
    answer = body;
    await expect(queryPrometheus(base, 'up', { timeoutMs: 5000 })).rejects.toMatchObject({
      code,
      message: expect.stringContaining(message) as unknown,
    });
  });

  it('should read the single value of a vector', async () => {
    answer = '{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"0.5"]}]}}';
    expect(await queryPrometheus(base, 'up', { timeoutMs: 5000 })).toBe(0.5);
  });

  it('should refuse an answer over 4 MiB and close the connection', async () => {
    answer = 'endless';
    ended = NOT_YET;
    await expect(queryPrometheus(base, 'up', { timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'PROMETHEUS_UNREACHABLE',
      message: `the answer of Prometheus at ${base} is larger than 4 MiB`,
    });
    expect(await ended).toMatchObject({ clientLeft: true });
  });
});
