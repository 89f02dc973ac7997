import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT } from '../errors.js';
import type { Logger } from './logger.js';
import type { MultirouteServer } from './server.js';

/** How a drain ended: every request finished, or the deadline cut some off. */
export type DrainResult = 'clean' | 'forced';

/** Timings of a graceful shutdown. */
export interface DrainTimings {
  /** Readiness is 503 this long before the listener closes, so endpoints stop routing here. */
  readonly delayMs: number;
  /** In-flight requests get this long after the listener closed. */
  readonly timeoutMs: number;
}

/**
 * Drains the server: readiness turns 503 and answers carry `Connection: close`; after the delay
 * the listener closes with the idle keep-alive sockets; in-flight requests may finish until the
 * deadline, then every remaining connection is cut.
 */
export async function drainServer(
  service: MultirouteServer,
  timings: DrainTimings,
  logger: Logger,
): Promise<DrainResult> {
  service.startDraining();
  logger.info(
    { delayMs: timings.delayMs, timeoutMs: timings.timeoutMs, inFlight: service.inFlight() },
    'draining: readiness is 503',
  );
  if (timings.delayMs > 0) await sleep(timings.delayMs);
  const closed = new Promise<'clean'>((resolve) => {
    service.server.close(() => {
      resolve('clean');
    });
    service.server.closeIdleConnections();
  });
  logger.info({ inFlight: service.inFlight() }, 'listener closed; waiting for in-flight requests');
  const deadline = new AbortController();
  const result = await Promise.race([
    closed,
    sleep(timings.timeoutMs, 'forced' as const, { signal: deadline.signal }).catch(
      () => 'clean' as const,
    ),
  ]);
  deadline.abort();
  if (result === 'forced') {
    logger.warn({ inFlight: service.inFlight() }, 'shutdown deadline reached: closing connections');
    service.server.closeAllConnections();
  }
  // The admin port answered readiness 503 during the drain; it closes last.
  service.adminServer.close();
  service.adminServer.closeAllConnections();
  return result;
}

/** What a signal does at each point of the shutdown. */
export interface ShutdownControl {
  /** Call on SIGTERM or SIGINT. */
  onSignal(signal: NodeJS.Signals): void;
}

/**
 * The shutdown state machine: the first signal starts the drain and exits with 0 when it is clean
 * (1 when the deadline cut requests off); a second signal exits at once with 130.
 */
export function createShutdown(
  drain: () => Promise<DrainResult>,
  exit: (code: number) => void,
  logger: Logger,
): ShutdownControl {
  let started = false;
  return {
    onSignal(signal) {
      if (started) {
        logger.warn({ signal }, 'second signal: exiting now');
        exit(EXIT.INTERRUPTED);
        return;
      }
      started = true;
      logger.info({ signal }, 'shutting down');
      drain().then(
        (result) => {
          logger.info({ result }, 'shutdown complete');
          exit(result === 'clean' ? EXIT.OK : EXIT.FAILED);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          exit(EXIT.FAILED);
        },
      );
    },
  };
}
