#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { EXIT, isKprodError } from '../errors.js';
import { createLogger } from './logger.js';
import { parseSettings, SETTINGS_HELP } from './settings.js';
import { createShutdown, drainServer } from './shutdown.js';
import { startService } from './start-service.js';

// The only place multiroute reads the process environment and exits.
try {
  const settings = parseSettings(process.argv.slice(2), process.env, (path) =>
    readFileSync(path, 'utf8'),
  );
  if (settings.help) {
    process.stdout.write(SETTINGS_HELP);
  } else {
    const logger = createLogger(settings.logLevel);
    process.on('uncaughtException', (error) => {
      logger.fatal({ err: error }, 'unexpected error: exiting');
      process.exit(EXIT.INTERNAL);
    });
    const running = await startService(settings, { logger });
    const shutdown = createShutdown(
      () => {
        running.watch?.close();
        return drainServer(
          running.service,
          { delayMs: settings.shutdownDelayMs, timeoutMs: settings.shutdownTimeoutMs },
          logger,
        );
      },
      (code) => process.exit(code),
      logger,
    );
    process.on('SIGTERM', (signal) => {
      shutdown.onSignal(signal);
    });
    process.on('SIGINT', (signal) => {
      shutdown.onSignal(signal);
    });
  }
} catch (error) {
  if (!isKprodError(error)) throw error;
  // A user error: what, where and what to do; no stack trace.
  process.stderr.write(`multiroute: ${error.code}: ${error.message}\nhint: ${error.hint}\n`);
  process.exitCode = error.exitCode;
}
