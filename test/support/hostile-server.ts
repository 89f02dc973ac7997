import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How the hostile API server misbehaves, on every request:
 * - `hang`: accepts the connection and the request, never answers;
 * - `garbage`: 200 with an HTML page carrying terminal escapes (a proxy's login page);
 * - `huge`: 200 application/json of {@link HUGE_BYTES} bytes, streamed;
 * - `close`: 200 with a Content-Length of 4096, then closes after 40 bytes;
 * - `wrong-kind`: 200 with a ConfigMap named `other`, whatever was asked for.
 */
export type HostileMode = 'hang' | 'garbage' | 'huge' | 'close' | 'wrong-kind';

/** Size of the `huge` answer: above kprod's 64 MiB bound. */
export const HUGE_BYTES = 80 * 1024 * 1024;

/** The garbage page; its escapes must never reach a terminal raw. */
export const GARBAGE = '<html>\u001b]0;pwned\u0007<body>Sign in\r\nkprod: OK</body></html>';

/** A running hostile server with a kubeconfig pointing at it. */
export interface HostileServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  /** Requests received, as `METHOD path`. */
  readonly requests: string[];
  stop(): Promise<void>;
}

const WRONG = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'other', namespace: 'default' },
  data: {},
});

function answer(mode: HostileMode, res: http.ServerResponse): void {
  switch (mode) {
    case 'hang':
      return;
    case 'garbage':
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(GARBAGE);
      return;
    case 'wrong-kind':
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(WRONG);
      return;
    case 'close':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 4096 });
      res.write('{"apiVersion":"v1","kind":"Namespace","m');
      // Let the bytes go out before the socket is cut.
      res.socket?.end(() => res.socket?.destroy());
      return;
    case 'huge': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < HUGE_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.write('{"kind":"List","items":[]');
      pump();
      return;
    }
  }
}

/**
 * Starts an API server on 127.0.0.1 that misbehaves as `mode` says, over HTTP, or over TLS when
 * `tls` gives a server certificate (the kubeconfig then skips verification, as the double does).
 */
export async function startHostileServer(
  mode: HostileMode,
  tls?: { certPem: string; keyPem: string },
): Promise<HostileServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    requests.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
    req.resume();
    answer(mode, res);
  };
  const server =
    tls === undefined
      ? http.createServer(handler)
      : https.createServer({ cert: tls.certPem, key: tls.keyPem }, handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scheme = tls === undefined ? 'http' : 'https';
  const url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kprod-hostile-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters:\n- name: hostile\n  cluster:\n    server: ${url}\n    insecure-skip-tls-verify: true`,
      'users:\n- name: admin\n  user:\n    token: test-token',
      'contexts:\n- name: hostile\n  context:\n    cluster: hostile\n    user: admin\n    namespace: default',
      'current-context: hostile',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return {
    url,
    kubeconfigPath,
    requests,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
