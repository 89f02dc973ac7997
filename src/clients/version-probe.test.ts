import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToTally,
  formatOutcome,
  formatTally,
  probeOnce,
  runProbe,
  versionOf,
} from './version-probe.js';
import { type EndlessOutcome, sendEndlessBody } from '../../test/support/endless-body.js';
import { startLoopbackServer } from '../../test/support/loopback-server.js';

describe('versionOf', () => {
  it.each([
    [{ status: 200, text: "[v2] Hello, You are at /route1, Got: route1's content" }, 'v2'],
    [{ status: 500, text: '[v1] test_circuit_breaker returned 500\n' }, 'v1'],
    [{ status: 503, text: 'no healthy upstream' }, 'other'],
    [{ error: 'ECONNREFUSED' }, 'error'],
  ])('should read %j as %s', (outcome, version) => {
    expect(versionOf(outcome)).toBe(version);
  });
});

describe('formatTally', () => {
  it('should list versions by name with counts, shares and the total', () => {
    let tally = addToTally(new Map(), 'v2');
    tally = addToTally(tally, 'v1');
    tally = addToTally(tally, 'v1');
    tally = addToTally(tally, 'v1');
    expect(formatTally(tally)).toBe('tally: v1=3 (75%) v2=1 (25%) total=4');
  });
});

describe('formatOutcome', () => {
  it('should print the original client line', () => {
    expect(formatOutcome({ status: 200, text: '[v1] Hello' })).toBe('status:200 text: [v1] Hello');
    expect(formatOutcome({ error: 'ENOTFOUND' })).toBe('error: ENOTFOUND');
  });
});

describe('runProbe', () => {
  let server: Server;
  let url: string;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      calls += 1;
      res.end(calls % 2 === 1 ? '[v1] Hello' : '[v2] Hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/route1`;
  });
  afterAll(() => {
    server.close();
  });

  it('should call once without an interval', async () => {
    calls = 0;
    const lines: string[] = [];
    await runProbe(
      { url, intervalMs: undefined, timeoutMs: 2000, signal: new AbortController().signal },
      (line) => lines.push(line),
    );
    expect(lines).toEqual(['status:200 text: [v1] Hello']);
  });

  it('should repeat with a running tally until aborted', async () => {
    calls = 0;
    const lines: string[] = [];
    const controller = new AbortController();
    await runProbe({ url, intervalMs: 1, timeoutMs: 2000, signal: controller.signal }, (line) => {
      lines.push(line);
      if (lines.length === 6) controller.abort();
    });
    expect(lines).toEqual([
      'status:200 text: [v1] Hello',
      'tally: v1=1 (100%) total=1',
      'status:200 text: [v2] Hello',
      'tally: v1=1 (50%) v2=1 (50%) total=2',
      'status:200 text: [v1] Hello',
      'tally: v1=2 (67%) v2=1 (33%) total=3',
    ]);
  });
});

describe('probeOnce', () => {
  it('should report a refused connection as an error outcome', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await probeOnce(`http://127.0.0.1:${port}/`, 2000)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('should give up on an answer over 64 KiB and close the connection', async () => {
    let ended: Promise<EndlessOutcome> | undefined;
    const server = await startLoopbackServer((_req, res) => {
      ended = sendEndlessBody(res, 200, { 'content-type': 'text/plain' });
    });
    try {
      expect(await probeOnce(`${server.url}/route1`, 5000)).toEqual({
        error: 'the answer is larger than 64 KiB',
      });
      expect(await ended).toMatchObject({ clientLeft: true });
    } finally {
      await server.close();
    }
  });
});
