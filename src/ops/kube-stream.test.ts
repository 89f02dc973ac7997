import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeDouble, type KubeDouble } from '../../test/support/kube-double.js';
import { KprodError } from '../errors.js';
import { splitLines } from './kube-lines.js';
import { connectKube } from './kube.js';
import { KubeApiError } from './kube-api.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('splitLines', () => {
  const rows: [string, Buffer[], number, string[]][] = [
    [
      'lines across chunks',
      [Buffer.from('ab\ncd'), Buffer.from('e\n\nf')],
      100,
      ['ab', 'cde', '', 'f'],
    ],
    [
      'a long line cut at the bound',
      [Buffer.from('0123'), Buffer.from('456789\nok\n')],
      4,
      ['0123', 'ok'],
    ],
    [
      'UTF-8 split inside a character',
      [Buffer.from([0xe6, 0x97]), Buffer.from([0xa5, 0x0a])],
      100,
      ['日'],
    ],
  ];
  it.each(rows)('should yield %s', async (_name, chunks, max, expected) => {
    expect(await collect(splitLines(Readable.from(chunks), max))).toEqual(expected);
  });

  it('should turn a broken source into KUBE_UNREACHABLE', async () => {
    async function* broken(): AsyncIterable<Buffer> {
      yield await Promise.resolve(Buffer.from('one\n'));
      throw new Error('socket hang up');
    }
    const lines: string[] = [];
    const error = await (async () => {
      try {
        for await (const line of splitLines(broken(), 100)) lines.push(line);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(lines).toEqual(['one']);
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).code).toBe('KUBE_UNREACHABLE');
  });
});

describe('KubeClient.streamLines', () => {
  let double: KubeDouble | undefined;
  let silent: http.Server | undefined;
  afterEach(async () => {
    await double?.stop();
    silent?.closeAllConnections();
    const server = silent;
    if (server !== undefined) {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
    double = undefined;
    silent = undefined;
  });

  it('should raise the API error of a non-2xx answer', async () => {
    double = await startKubeDouble();
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    const error = await collect(
      kube.streamLines(
        { method: 'GET', path: '/api/v1/namespaces/shop/pods/none/log' },
        { headerTimeoutMs: 5000, maxLineBytes: 100 },
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).status).toBe(404);
  });

  it('should give up with KUBE_UNREACHABLE when the headers do not come in time', async () => {
    silent = http.createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    double = await startKubeDouble();
    const port = (silent.address() as AddressInfo).port;
    const kube = connectKube({ kubeconfig: double.kubeconfigPath });
    // Same credentials, another server: rewrite the kubeconfig's address.
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(
      double.kubeconfigPath,
      readFileSync(double.kubeconfigPath, 'utf8').replace(double.url, `http://127.0.0.1:${port}`),
    );
    const slow = connectKube({ kubeconfig: double.kubeconfigPath });
    expect(kube.cluster.server).not.toBe(slow.cluster.server);
    const error = await collect(
      slow.streamLines(
        { method: 'GET', path: '/api/v1/namespaces/a/pods/b/log' },
        { headerTimeoutMs: 100, maxLineBytes: 10 },
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).code).toBe('KUBE_UNREACHABLE');
    expect((error as KprodError).message).toBe(
      'GET /api/v1/namespaces/a/pods/b/log: no answer within 100 ms',
    );
  });
});
