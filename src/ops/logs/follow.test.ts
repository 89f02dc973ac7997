import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { LogDouble, podObject } from '../../../test/support/kube-double-logs.js';
import { waitFor } from '../../../test/support/service-in-process.js';
import { connectKube } from '../kube.js';
import type { LogRecord } from './format.js';
import { type LogsOptions, streamLogs } from './follow.js';

describe('streamLogs', () => {
  let double: KubeDouble;
  let logs: LogDouble;
  beforeEach(async () => {
    double = await startKubeDouble();
    logs = new LogDouble(double);
    for (const name of ['web-a', 'web-b']) {
      double.put(`/api/v1/namespaces/shop/pods/${name}`, podObject({ name }));
    }
  });
  afterEach(async () => {
    await double.stop();
  });

  const options = (over: Partial<LogsOptions>): LogsOptions => ({
    target: { kind: 'Selector', selector: 'app=web' },
    namespace: 'shop',
    follow: true,
    previous: false,
    container: undefined,
    include: [],
    exclude: [],
    sinceSeconds: undefined,
    tailLines: undefined,
    maxStreams: 10,
    signal: new AbortController().signal,
    write: () => undefined,
    notice: () => undefined,
    ...over,
  });

  it('should read nothing more from a stream while its last write is pending', async () => {
    const controller = new AbortController();
    const written: LogRecord[] = [];
    const pending = new Map<string, () => void>();
    let most = 0;
    const running = streamLogs(
      connectKube({ kubeconfig: double.kubeconfigPath }),
      options({
        signal: controller.signal,
        write: (record) => {
          written.push(record);
          // The output is "full" after every line: the stream must wait for this promise.
          return new Promise<void>((resolve) => {
            if (pending.has(record.pod)) throw new Error(`${record.pod} wrote while blocked`);
            pending.set(record.pod, resolve);
            most = Math.max(most, pending.size);
          });
        },
      }),
    );
    await waitFor(() => logs.followers() === 2, 'two streams');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    logs.append('shop', 'web-a', 'app', lines);
    logs.append('shop', 'web-b', 'app', lines);
    // Drain like a slow terminal: release one write at a time until every line is out.
    await waitFor(
      () => {
        for (const [pod, resolve] of pending) {
          pending.delete(pod);
          resolve();
        }
        return written.length === 1000;
      },
      '1000 lines through a blocked output',
      10_000,
    );
    controller.abort();
    for (const resolve of pending.values()) resolve();
    await running;
    expect(most).toBeLessThanOrEqual(2);
    for (const pod of ['web-a', 'web-b']) {
      expect(written.filter((r) => r.pod === pod).map((r) => r.message)).toEqual(lines);
    }
  });

  it('should report a 403 on the pod watch as LOGS_FORBIDDEN', async () => {
    double.override((req) =>
      req.query['watch'] === 'true'
        ? {
            status: 403,
            body: {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              reason: 'Forbidden',
              code: 403,
              message: 'pods is forbidden: User "dev" cannot watch resource "pods"',
            },
          }
        : undefined,
    );
    const error = await streamLogs(
      connectKube({ kubeconfig: double.kubeconfigPath }),
      options({}),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'LOGS_FORBIDDEN',
      hint: 'Ask a cluster admin for get on pods/log and list,watch on pods in namespace shop.',
    });
  });

  it('should reconnect a failing stream with backoff, saying so from the second attempt', async () => {
    let refused = 0;
    double.override((req) => {
      if (req.path !== '/api/v1/namespaces/shop/pods/web-a/log' || refused === 3) return undefined;
      refused += 1;
      return {
        status: 503,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'ServiceUnavailable',
          code: 503,
          message: 'the server is busy',
        },
      };
    });
    const controller = new AbortController();
    const notices: string[] = [];
    const written: string[] = [];
    const running = streamLogs(
      connectKube({ kubeconfig: double.kubeconfigPath }),
      options({
        signal: controller.signal,
        notice: (text) => notices.push(text),
        write: (record) => {
          written.push(`${record.pod} ${record.message}`);
        },
      }),
    );
    await waitFor(() => logs.followers() === 2, 'both streams, web-a after three refusals');
    logs.append('shop', 'web-a', 'app', ['after the outage']);
    await waitFor(() => written.includes('web-a after the outage'), 'the line of web-a');
    controller.abort();
    await running;
    expect(refused).toBe(3);
    expect(notices.filter((n) => n.startsWith('!'))).toEqual([
      expect.stringMatching(/^! web-a\/app: .*the server is busy; reconnecting in 500 ms$/),
      expect.stringMatching(/^! web-a\/app: .*the server is busy; reconnecting in 1 s$/),
    ]);
  });
});
