import { type RequestListener, createServer } from 'node:http';

/**
 * A plain HTTP server on a free loopback port with the handler a test gives: for replies the real
 * component never sends (a token service answering `null`, a proxy in front of Prometheus
 * answering garbage), so they cannot be had from the real one.
 */

/** A started server. */
export interface LoopbackServer {
  /** `127.0.0.1:port`. */
  readonly host: string;
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts a server answering every request with `handler`. */
export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = `127.0.0.1:${String(port)}`;
  return {
    host,
    url: `http://${host}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
