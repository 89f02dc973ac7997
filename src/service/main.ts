#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { EXIT, isKprodError } from '../errors.js';
import { createLogger } from './logger.js';
import { parseSettings, SETTINGS_HELP } from './settings.js';
import { createShutdown, drainServer, type ShutdownControl } from './shutdown.js';
import { startService } from './start-service.js';
import { createStdoutDestination } from './stdout-destination.js';

/** How long an exit waits for queued log lines to reach stdout. */
const LOG_FLUSH_MS = 1000;

// The only place multiroute reads the process environment and exits.
try {
  const settings = parseSettings(process.argv.slice(2), process.env, (path) =>
    readFileSync(path, 'utf8'),
  );
  if (settings.help) {
    process.stdout.write(SETTINGS_HELP);
  } else {
    const destination = createStdoutDestination();
    const logger = createLogger(settings.logLevel, destination);
    // Whatever stdout does, an exit waits at most LOG_FLUSH_MS for the log lines.
    const exit = (code: number): void => {
      void destination.flush(LOG_FLUSH_MS).then(() => process.exit(code));
    };
    process.on('uncaughtException', (error) => {
      logger.fatal({ err: error }, 'unexpected error: exiting');
      exit(EXIT.INTERNAL);
    });
    // Handlers go in before the first log line: a signal that comes before them would kill the
    // process with no drain, and a supervisor may send one as soon as it sees the line.
    const started: { shutdown?: ShutdownControl } = {};
    const onSignal = (signal: NodeJS.Signals): void => {
      if (started.shutdown !== undefined) {
        started.shutdown.onSignal(signal);
        return;
      }
      logger.info({ signal }, 'signal during start-up: exiting');
      exit(EXIT.INTERRUPTED);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    const running = await startService(settings, { logger });
    started.shutdown = createShutdown(
      () => {
        running.watch?.close();
        return drainServer(
          running.service,
          { delayMs: settings.shutdownDelayMs, timeoutMs: settings.shutdownTimeoutMs },
          logger,
        );
      },
      exit,
      logger,
    );
  }
} catch (error) {
  if (!isKprodError(error)) throw error;
  // A user error: what, where and what to do; no stack trace.
  process.stderr.write(`multiroute: ${error.code}: ${error.message}\nhint: ${error.hint}\n`);
  process.exitCode = error.exitCode;
}
