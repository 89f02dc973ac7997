import { Writable } from 'node:stream';
import { createLogger } from '../../src/service/logger.js';
import type { Settings } from '../../src/service/settings.js';
import { startService, type RunningService } from '../../src/service/start-service.js';

/** Settings for an in-process multiroute on an ephemeral loopback port. */
export function serviceTestSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    configPath: undefined,
    host: '127.0.0.1',
    port: 0,
    adminPort: 0,
    version: 'v1',
    podIp: '10.0.0.7',
    dbPass: undefined,
    dbExpectedPass: undefined,
    accessLog: false,
    logLevel: 'info',
    shutdownDelayMs: 0,
    shutdownTimeoutMs: 1000,
    gitCommit: 'abc123',
    help: false,
    ...overrides,
  };
}

/** A multiroute started in this process, with its log lines captured. */
export interface InProcessService {
  readonly running: RunningService;
  readonly url: string;
  /** Every log line written so far, raw JSON text. */
  readonly logs: string[];
  /** Parsed log records. */
  records(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** Starts multiroute in-process; fast watch timings so reload tests do not wait 5 s polls. */
export async function startInProcessService(
  overrides: Partial<Settings> = {},
): Promise<InProcessService> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      callback();
    },
  });
  const settings = serviceTestSettings(overrides);
  const running = await startService(settings, {
    logger: createLogger(settings.logLevel, sink),
    processMetrics: false,
    watch: { debounceMs: 20, pollMs: 200 },
  });
  return {
    running,
    url: `http://127.0.0.1:${running.address.port}`,
    logs,
    records: () => logs.map((line) => JSON.parse(line) as Record<string, unknown>),
    close: async () => {
      running.watch?.close();
      await new Promise<void>((resolve) => {
        running.service.server.close(() => {
          resolve();
        });
        running.service.server.closeAllConnections();
      });
    },
  };
}

/** Waits until `condition` holds, polling every 10 ms, or fails after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
