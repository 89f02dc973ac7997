import { connect, type Socket } from 'node:net';

/** What came back on a raw connection until the server closed it or the deadline passed. */
export interface RawExchange {
  /** Every byte the server sent, as latin1 text. */
  readonly text: string;
  /** True when the server closed the connection before the deadline. */
  readonly closedByServer: boolean;
}

/**
 * Sends `bytes` on a fresh loopback connection and collects the answer until the server closes
 * the connection, `until` matches what arrived, or `deadlineMs` passes. For requests a
 * well-behaved client cannot send: duplicate headers, unknown transfer codings, unfinished heads.
 */
export function rawExchange(
  port: number,
  bytes: string,
  deadlineMs: number,
  until?: (text: string) => boolean,
): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    };
    const timer = setTimeout(() => {
      finish(false);
    }, deadlineMs);
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(bytes, 'latin1'));
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (until?.(text) === true) finish(false);
    });
    socket.on('end', () => {
      finish(true);
    });
    socket.on('close', () => {
      finish(true);
    });
    socket.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The status code of the first response in raw HTTP text, or 0 when there is none. */
export function firstStatus(text: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}
