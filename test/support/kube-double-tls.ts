import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestCa, openssl } from './kube-double-openssl.js';

/**
 * A TLS endpoint for tests of developer kubeconfigs: it serves HTTPS on 127.0.0.1 with a server
 * certificate from the test CA and demands a client certificate from that CA, as an API server
 * does for x509 client authentication. Every request gets the user (CN) and groups (O) it was
 * authenticated as, so a test proves that a kubeconfig really logs in, and as whom.
 */
export interface ClientCertEndpoint {
  readonly url: string;
  stop(): Promise<void>;
}

/** Issues a server certificate for 127.0.0.1 from `ca` (via openssl) and starts the endpoint. */
export async function startClientCertEndpoint(ca: TestCa): Promise<ClientCertEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-tls-'));
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const crt = join(dir, 'server.crt');
  const ext = join(dir, 'server.ext');
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=kube-apiserver',
    ]),
  );
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.certPath, '-CAkey', ca.keyPath].concat([
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      crt,
    ]),
  );
  const server = https.createServer(
    {
      key: readFileSync(key),
      cert: readFileSync(crt),
      ca: ca.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      if (!(req.socket instanceof TLSSocket)) {
        res.writeHead(500).end('not a TLS connection');
        return;
      }
      const peer = req.socket.getPeerCertificate();
      const subject = peer.subject as unknown as Record<string, string | string[] | undefined>;
      const groups = subject['O'];
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          user: subject['CN'],
          groups: groups === undefined ? [] : Array.isArray(groups) ? groups : [groups],
        }),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
