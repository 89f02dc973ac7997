import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { createShutdown, type DrainResult } from './shutdown.js';

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
