import { fstatSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';

/** Where multiroute's log lines go: stdout, without ever blocking the event loop on it. */
export interface LogDestination {
  /** Queues one log line; drops it when the reader is this far behind. */
  write(line: string): void;
  /** Resolves once every queued line is written, or after `deadlineMs`, whichever comes first. */
  flush(deadlineMs: number): Promise<void>;
  /** Lines dropped because stdout was not being read. */
  dropped(): number;
}

/** Bytes of log lines held for a stdout nobody reads before new lines are dropped. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Writes log lines to file descriptor 1. A pipe or socket (a container runtime's log pipe) is
 * written asynchronously: Node writes stdout pipes synchronously, so a reader that stops reading
 * froze the whole process, shutdown included, in the log writer. What the reader does not take is
 * queued up to a bound, then dropped and counted. A file or a terminal is written synchronously.
 */
export function createStdoutDestination(maxQueuedBytes = MAX_QUEUED_BYTES): LogDestination {
  let dropped = 0;
  const stat = fstatSync(1);
  if (!stat.isFIFO() && !stat.isSocket()) {
    return {
      write: (line) => {
        writeSync(1, line);
      },
      flush: () => Promise.resolve(),
      dropped: () => dropped,
    };
  }
  // libuv opens the descriptor non-blocking: a full pipe makes writes wait, not the process.
  const socket = new Socket({ fd: 1, readable: false, writable: true });
  socket.unref();
  let broken = false;
  socket.on('error', () => {
    // The reader closed the pipe (EPIPE): nothing can be logged any more.
    broken = true;
  });
  return {
    write(line) {
      if (broken || socket.writableLength > maxQueuedBytes) {
        dropped += 1;
        return;
      }
      socket.write(line);
    },
    flush(deadlineMs) {
      if (broken || socket.writableLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        socket.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    dropped: () => dropped,
  };
}
