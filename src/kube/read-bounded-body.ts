import { type ErrorCode, KprodError } from '../errors.js';

/**
 * Reading the body of a remote party's answer (a fetch Response) with a size bound: a registry,
 * a token service or Prometheus may send an endless or enormous body, and reading it whole would
 * hold the process until its deadline and all of that in memory. Past the bound the body is
 * cancelled, which closes the connection.
 */

/** The first bytes of a body and whether that was all of it. */
export interface BodyStart {
  /** At most the bound's bytes. */
  readonly bytes: Buffer;
  /** False when the body went on past the bound (the rest was not read). */
  readonly complete: boolean;
}

/** `4 MiB`, `64 KiB`, `100 bytes`: a bound as a message shows it. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads at most `maxBytes` of `res`'s body; when more follows (or Content-Length says so) the
 * body is cancelled and `complete` is false. Errors of the stream (a deadline that fires
 * mid-body, a cut connection) are thrown as they come.
 */
export async function readBodyStart(res: Response, maxBytes: number): Promise<BodyStart> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (res.body === null) return { bytes: Buffer.alloc(0), complete: true };
  // Type only: fetch bodies are async iterable in Node, which the DOM lib's type does not say.
  for await (const value of res.body as AsyncIterable<Uint8Array>) {
    const room = maxBytes - size;
    if (value.byteLength > room) {
      chunks.push(Buffer.from(value.subarray(0, room)));
      // Leaving the loop cancels the stream, and fetch then drops the connection.
      return { bytes: Buffer.concat(chunks), complete: false };
    }
    chunks.push(Buffer.from(value));
    size += value.byteLength;
  }
  return { bytes: Buffer.concat(chunks), complete: true };
}

/** How {@link readBoundedBody} reads and fails. */
export interface BodyBound {
  /** Largest body accepted, in bytes; chosen (and documented) by the caller. */
  readonly maxBytes: number;
  /** The caller's remote-party error code, e.g. REGISTRY_UNREACHABLE. */
  readonly code: ErrorCode;
  /** Whose answer to what, for messages: `the answer of ghcr.io for the manifest of x`. */
  readonly what: string;
}

/**
 * Reads the whole body of `res`, at most `bound.maxBytes`; a longer one is the remote party's
 * error (`<what> is larger than 4 MiB`), and so is a body cut off or late past the deadline.
 * A cancellation by the caller's signal is KPROD_INTERRUPTED.
 */
export async function readBoundedBody(res: Response, bound: BodyBound): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  const tooLarge = (): KprodError =>
    new KprodError(bound.code, `${bound.what} is larger than ${formatByteSize(bound.maxBytes)}`);
  if (Number.isFinite(declared) && declared > bound.maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  let start: BodyStart;
  try {
    start = await readBodyStart(res, bound.maxBytes);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'AbortError') {
      throw new KprodError('KPROD_INTERRUPTED', `reading ${bound.what} was cancelled`);
    }
    const problem =
      name === 'TimeoutError' ? 'did not arrive in time' : `broke off: ${(error as Error).message}`;
    throw new KprodError(bound.code, `${bound.what} ${problem}`, { cause: error });
  }
  if (!start.complete) throw tooLarge();
  return start.bytes;
}

/**
 * The start of an error answer's body as text, for a message: at most `maxBytes` are read,
 * `…` marks a body that went on, and a body that cannot be read gives ''.
 */
export async function readBodyHead(res: Response, maxBytes: number): Promise<string> {
  try {
    const start = await readBodyStart(res, maxBytes);
    return start.bytes.toString('utf8') + (start.complete ? '' : '…');
  } catch {
    return '';
  }
}
