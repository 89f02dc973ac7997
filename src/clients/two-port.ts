import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The answers of the two servers, as the original program wrote them. */
export const TWO_PORT_TEXT = ['server1: Hello, World!', 'server2: Hello, World!'] as const;

/** Default ports of the two servers. */
export const TWO_PORT_DEFAULTS = [3100, 3200] as const;

/** Two running servers. */
export interface TwoPortServer {
  readonly addresses: readonly [AddressInfo, AddressInfo];
  close(): Promise<void>;
}

/**
 * Starts the two-port server: one process answering every path on two ports with a text that
 * names the server, for a pod exposing two ports behind one Service.
 */
export async function startTwoPortServer(
  ports: readonly [number, number],
  host?: string,
): Promise<TwoPortServer> {
  const servers = TWO_PORT_TEXT.map((text) => {
    const body = Buffer.from(text);
    return createServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': body.length,
      });
      res.end(body);
    });
  });
  const listen = (server: Server, port: number): Promise<AddressInfo> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        resolve(server.address() as AddressInfo);
      });
    });
  const [first, second] = servers as [Server, Server];
  const addresses = [await listen(first, ports[0]), await listen(second, ports[1])] as const;
  return {
    addresses,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => {
                resolve();
              });
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
