import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startInProcessService, waitFor } from '../../test/support/service-in-process.js';
import { createLogger } from './logger.js';
import { createShutdown, drainServer, type DrainResult } from './shutdown.js';

function harness(result: DrainResult | Error) {
  const exits: number[] = [];
  let drains = 0;
  let finish: () => void = () => undefined;
  const drained = new Promise<void>((resolve) => (finish = resolve));
  const control = createShutdown(
    () => {
      drains += 1;
      return drained.then(() => {
        if (result instanceof Error) throw result;
        return result;
      });
    },
    (code) => exits.push(code),
    createLogger('silent'),
  );
  return { control, exits, drains: () => drains, finish };
}

describe('createShutdown', () => {
  it.each([
    ['clean', 0],
    ['forced', 1],
    [new Error('boom'), 1],
  ] as const)('should drain once and exit after a %s drain with %i', async (result, code) => {
    const h = harness(result);
    h.control.onSignal('SIGTERM');
    expect(h.drains()).toBe(1);
    expect(h.exits).toEqual([]);
    h.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.exits).toEqual([code]);
  });

  it('should exit at once with 130 on a second signal', () => {
    const h = harness('clean');
    h.control.onSignal('SIGTERM');
    h.control.onSignal('SIGINT');
    expect(h.drains()).toBe(1);
    expect(h.exits).toEqual([130]);
  });
});

describe('drainServer', () => {
  it('should cut requests still running at the deadline and report a forced drain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'multiroute-drain-'));
    writeFileSync(join(dir, 'c.yml'), 'routes:\n  /forever:\n    response: x\n    duration: 300\n');
    const svc = await startInProcessService({ configPath: join(dir, 'c.yml') });
    const pending = fetch(`${svc.url}/forever`).then(
      (response) => response.status,
      (error: unknown) => ((error as Error).cause as { code?: string }).code,
    );
    await waitFor(() => svc.running.service.inFlight() === 1, 'the request in flight');
    svc.running.watch?.close();
    const result = await drainServer(
      svc.running.service,
      { delayMs: 0, timeoutMs: 50 },
      createLogger('silent'),
    );
    expect(result).toBe('forced');
    expect(await pending).toBe('UND_ERR_SOCKET');
    expect(svc.running.service.server.listening).toBe(false);
  });

  it('should report a clean drain when nothing is in flight', async () => {
    const svc = await startInProcessService();
    const result = await drainServer(
      svc.running.service,
      { delayMs: 0, timeoutMs: 5000 },
      createLogger('silent'),
    );
    expect(result).toBe('clean');
  });
});
