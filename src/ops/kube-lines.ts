import { KprodError } from '../errors.js';

/**
 * Splits a byte stream into lines (without their newline), cutting each at `maxLineBytes`. The
 * caller pulls one line at a time, so a slow consumer stops the reads and TCP pushes back on the
 * server: memory stays at one chunk plus one line. An abort ends the lines quietly; any other
 * failure is a broken connection (KUBE_UNREACHABLE).
 */
export async function* splitLines(
  source: AsyncIterable<Buffer> & { destroy?: () => void },
  maxLineBytes: number,
  signal?: AbortSignal,
): AsyncIterable<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const take = (chunk: Buffer): void => {
    const room = maxLineBytes - pendingBytes;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    pending.push(part);
    pendingBytes += part.length;
  };
  try {
    for await (const chunk of source) {
      let start = 0;
      let newline = chunk.indexOf(10, start);
      while (newline >= 0) {
        take(chunk.subarray(start, newline));
        const line = Buffer.concat(pending).toString('utf8');
        pending = [];
        pendingBytes = 0;
        yield line;
        start = newline + 1;
        newline = chunk.indexOf(10, start);
      }
      // Copy the tail: holding a slice would keep the whole chunk alive.
      if (start < chunk.length) take(Buffer.from(chunk.subarray(start)));
    }
  } catch (error) {
    if (signal?.aborted === true) return;
    throw new KprodError('KUBE_UNREACHABLE', `stream broke: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    source.destroy?.();
  }
  if (pendingBytes > 0) yield Buffer.concat(pending).toString('utf8');
}
