import { Agent, request } from 'node:https';
import { recordAt, recordsAt, stringAt } from '../../src/kube/field-access.js';
import { kubectlOk } from './cluster.js';

/**
 * The test cluster's API server reached straight over HTTPS with the admin kubeconfig's token,
 * for the differentials that send thousands of server dry-run creates (Pod Security, API
 * validation): the connection, one dry-run POST, and a pool that bounds the requests in flight.
 */

/** Where and how to reach the API server. */
export interface Api {
  readonly host: string;
  readonly port: number;
  readonly ca: Buffer;
  readonly token: string;
  readonly agent: Agent;
}

/** The API server of the admin kubeconfig, with a keep-alive agent of `sockets` connections. */
export async function apiFromKubeconfig(sockets: number): Promise<Api> {
  const config: unknown = JSON.parse(await kubectlOk(['config', 'view', '--raw', '-o', 'json']));
  const cluster = recordAt(recordsAt(config, 'clusters')[0], 'cluster');
  const server = stringAt(cluster, 'server');
  const ca = stringAt(cluster, 'certificate-authority-data');
  const token = stringAt(recordAt(recordsAt(config, 'users')[0], 'user'), 'token');
  if (server === undefined || ca === undefined || token === undefined) {
    throw new Error('unexpected kubeconfig: no server, CA data or token');
  }
  const url = new URL(server);
  return {
    host: url.hostname,
    port: Number(url.port),
    ca: Buffer.from(ca, 'base64'),
    token,
    agent: new Agent({ keepAlive: true, maxSockets: sockets }),
  };
}

/** What the API server answered to a dry-run create. */
export interface DryRunReply {
  readonly status: number;
  readonly text: string;
  /** Header names and values in turn, as Node gives them (several `Warning` headers stay apart). */
  readonly rawHeaders: readonly string[];
}

/** Largest reply read; a Status with every cause of a large object stays far below. */
const MAX_REPLY_CHARS = 2_000_000;

/**
 * POSTs `object` to `collection` (an API path without query) with `dryRun=All` and strict field
 * validation, and resolves to the raw answer; rejects on a timeout or a broken connection.
 */
export function dryRunPost(
  api: Api,
  collection: string,
  object: Readonly<Record<string, unknown>>,
  timeoutMs = 30_000,
): Promise<DryRunReply> {
  const body = JSON.stringify(object);
  const path = `${collection}?dryRun=All&fieldValidation=Strict`;
  return new Promise<DryRunReply>((resolve, reject) => {
    const req = request(
      {
        host: api.host,
        port: api.port,
        ca: api.ca,
        agent: api.agent,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${api.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > MAX_REPLY_CHARS) req.destroy(new Error(`reply to ${path} over 2 MB`));
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text, rawHeaders: res.rawHeaders });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`dry-run create timed out after ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The `message` of a Status reply, or undefined when the text is no JSON object with one. */
export function statusMessage(text: string): string | undefined {
  try {
    return stringAt(JSON.parse(text), 'message');
  } catch {
    return undefined;
  }
}

/** Runs `work` over `items` with at most `limit` in flight, results in the items' order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}
