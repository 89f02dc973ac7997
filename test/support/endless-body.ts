import type { ServerResponse } from 'node:http';

/**
 * An answer body that never ends, for a loopback server: it streams until the client goes away
 * (what a bounded reader does) or until {@link ENDLESS_CAP_BYTES} went out (what a reader that
 * reads everything ends up with), so the test traffic stays bounded either way.
 */

/** The most an "endless" body sends: far above every bound kprod sets on a remote reply. */
export const ENDLESS_CAP_BYTES = 64 * 1024 * 1024;

/** How an endless body ended. */
export interface EndlessOutcome {
  /** Body bytes written. */
  readonly sent: number;
  /** True when the client closed the connection before the cap was reached. */
  readonly clientLeft: boolean;
}

/**
 * Writes `status` and `headers`, then `fill` bytes in 64 KiB chunks, honouring backpressure,
 * until the client leaves or the cap is reached. Resolves when the exchange is over.
 */
export function sendEndlessBody(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
  fill = 0x20,
): Promise<EndlessOutcome> {
  res.writeHead(status, headers);
  const chunk = Buffer.alloc(64 * 1024, fill);
  let sent = 0;
  return new Promise((resolve) => {
    const done = (): void => {
      resolve({ sent, clientLeft: sent < ENDLESS_CAP_BYTES });
    };
    res.once('close', done);
    const pump = (): void => {
      while (sent < ENDLESS_CAP_BYTES && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  });
}

/** What a test holds before its server sent a body: a client that never came, never left. */
export const NOT_YET: Promise<EndlessOutcome> = Promise.resolve({ sent: 0, clientLeft: false });
