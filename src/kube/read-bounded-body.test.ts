import { describe, expect, it } from 'vitest';
import {
  formatByteSize,
  readBodyHead,
  readBodyStart,
  readBoundedBody,
} from './read-bounded-body.js';

/** A body of `chunks`, then an error or the end; `pulled` counts the chunks taken. */
function streamed(
  chunks: string[],
  end?: Error,
): { res: Response; pulled: () => number; cancelled: () => boolean } {
  let index = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index];
      index += 1;
      if (chunk !== undefined) controller.enqueue(Buffer.from(chunk));
      else if (end !== undefined) controller.error(end);
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { res: new Response(body), pulled: () => index, cancelled: () => cancelled };
}

const bound = { maxBytes: 8, code: 'REGISTRY_UNREACHABLE', what: 'the answer of r' } as const;

describe('formatByteSize', () => {
  it.each([
    [4 << 20, '4 MiB'],
    [64 << 10, '64 KiB'],
    [1000, '1000 bytes'],
    [(1 << 20) + 1, '1048577 bytes'],
  ])('should write %i as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });
});

describe('readBodyStart', () => {
  it('should stop at the bound and cancel the rest', async () => {
    const body = streamed(['abcde', 'fghij', 'klmno', 'pqrst']);
    const start = await readBodyStart(body.res, 8);
    expect(start).toEqual({ bytes: Buffer.from('abcdefgh'), complete: false });
    expect(body.cancelled()).toBe(true);
    expect(body.pulled()).toBeLessThan(4);
  });

  it('should read a body of exactly the bound whole', async () => {
    const start = await readBodyStart(streamed(['abcd', 'efgh']).res, 8);
    expect(start).toEqual({ bytes: Buffer.from('abcdefgh'), complete: true });
  });
});

describe('readBoundedBody', () => {
  it('should return a body within the bound', async () => {
    expect((await readBoundedBody(streamed(['{"a":', '1}']).res, bound)).toString()).toBe(
      '{"a":1}',
    );
  });

  it('should refuse a longer body with the caller’s code', async () => {
    await expect(readBoundedBody(streamed(['abcde', 'fghij']).res, bound)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: 'the answer of r is larger than 8 bytes',
    });
  });

  it('should refuse a declared Content-Length over the bound without reading', async () => {
    const body = streamed(['abc']);
    const res = new Response(body.res.body, { headers: { 'content-length': '9' } });
    await expect(readBoundedBody(res, bound)).rejects.toMatchObject({
      message: 'the answer of r is larger than 8 bytes',
    });
    expect(body.pulled()).toBe(0);
  });

  it.each([
    [
      new DOMException('late', 'TimeoutError'),
      'REGISTRY_UNREACHABLE',
      'the answer of r did not arrive in time',
    ],
    [
      new DOMException('stop', 'AbortError'),
      'KPROD_INTERRUPTED',
      'reading the answer of r was cancelled',
    ],
    [
      new Error('socket hang up'),
      'REGISTRY_UNREACHABLE',
      'the answer of r broke off: socket hang up',
    ],
  ])('should report a body that fails with %s', async (error, code, message) => {
    await expect(readBoundedBody(streamed(['ab'], error).res, bound)).rejects.toMatchObject({
      code,
      message,
    });
  });
});

describe('readBodyHead', () => {
  it.each([
    [['short'], 'short'],
    [['abcde', 'fghij'], 'abcdefgh…'],
  ])('should quote %j as %s', async (chunks, text) => {
    expect(await readBodyHead(streamed(chunks).res, 8)).toBe(text);
  });

  it('should give an empty quote for a body that cannot be read', async () => {
    expect(await readBodyHead(streamed(['ab'], new Error('reset')).res, 8)).toBe('');
  });
});
