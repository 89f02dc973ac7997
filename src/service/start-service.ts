import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { KprodError } from '../errors.js';
import {
  BUILTIN_FILE,
  builtinRoutesConfig,
  parseRoutesConfigOrThrow,
  type RoutesConfig,
} from './routes-config.js';
import { reloadConfig } from './config-reload.js';
import { watchConfigFile, type ConfigWatch } from './config-watch.js';
import type { Logger } from './logger.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics.js';
import { createMultirouteServer, type MultirouteServer } from './server.js';
import type { Settings } from './settings.js';

/** Knobs for tests; production uses the defaults. */
export interface StartOptions {
  readonly logger: Logger;
  /** Node.js process metrics (default on). */
  readonly processMetrics?: boolean;
  /** Config watch timings (defaults: 100 ms debounce, 5 s poll). */
  readonly watch?: { readonly debounceMs?: number; readonly pollMs?: number };
}

/** A started multiroute. */
export interface RunningService {
  readonly service: MultirouteServer;
  readonly metrics: ServiceMetrics;
  readonly address: AddressInfo;
  /** The bound address of the admin port (/livez, /readyz, /metrics), when one is set. */
  readonly adminAddress: AddressInfo | undefined;
  /** The config watch, when a config file is used. */
  readonly watch: ConfigWatch | undefined;
}

/**
 * Loads the config (or the built-in routes), starts listening and, for a config file, starts
 * the hot-reload watch. Throws MULTIROUTE_CONFIG_UNREADABLE / _INVALID / MULTIROUTE_LISTEN_FAILED.
 */
export async function startService(
  settings: Settings,
  options: StartOptions,
): Promise<RunningService> {
  const { logger } = options;
  const { config, text } = await loadStartupConfig(settings.configPath, logger);
  const metrics = createServiceMetrics({
    build: { version: settings.version, commit: settings.gitCommit },
    // Read at scrape time only, after `service` exists.
    inFlight: () => service.inFlight(),
    processMetrics: options.processMetrics ?? true,
  });
  const service = createMultirouteServer({
    identity: {
      version: settings.version,
      podIp: settings.podIp,
      dbPass: settings.dbPass,
      dbExpectedPass: settings.dbExpectedPass,
    },
    metrics,
    logger,
    accessLog: settings.accessLog,
  });
  service.setRoutes(config);
  const listenOrThrow = async (
    listen: (port: number, host?: string) => Promise<AddressInfo>,
    port: number,
    what: string,
  ): Promise<AddressInfo> => {
    try {
      return await listen(port, settings.host);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      throw new KprodError(
        'MULTIROUTE_LISTEN_FAILED',
        `cannot listen on ${settings.host ?? '*'}:${port} (${what}): ${err.code ?? err.message}`,
        { cause: error },
      );
    }
  };
  // The admin port first: the kubelet probes it as soon as the container runs.
  const { adminPort } = settings;
  const adminAddress =
    adminPort === undefined
      ? undefined
      : await listenOrThrow(
          (port, host) => service.listenAdmin(port, host),
          adminPort,
          'ADMIN_PORT',
        );
  let address: AddressInfo;
  try {
    address = await listenOrThrow(
      (port, host) => service.listen(port, host),
      settings.port,
      'PORT',
    );
  } catch (error) {
    service.adminServer.close();
    throw error;
  }
  let watch: ConfigWatch | undefined;
  const { configPath } = settings;
  if (configPath !== undefined && text !== undefined) {
    watch = watchConfigFile({
      path: configPath,
      initialHash: config.hash,
      onChange: async (changed) => {
        await reloadConfig(changed, configPath, service, metrics, logger);
      },
      onError: (error) => {
        metrics.countReload('failure');
        logger.error(
          { file: configPath, code: (error as NodeJS.ErrnoException).code },
          'config file cannot be read: keeping the routes in service',
        );
      },
      ...(options.watch?.debounceMs === undefined ? {} : { debounceMs: options.watch.debounceMs }),
      ...(options.watch?.pollMs === undefined ? {} : { pollMs: options.watch.pollMs }),
    });
  }
  logger.info(
    {
      port: address.port,
      ...(adminAddress === undefined ? {} : { adminPort: adminAddress.port }),
      version: settings.version,
      commit: settings.gitCommit,
      config: config.file,
      hash: config.hash,
      routes: config.routes.map((route) => route.path),
      accessLog: settings.accessLog,
    },
    'multiroute listening',
  );
  return { service, metrics, address, adminAddress, watch };
}

async function loadStartupConfig(
  path: string | undefined,
  logger: Logger,
): Promise<{ config: RoutesConfig; text: string | undefined }> {
  if (path === undefined) {
    logger.info({ config: BUILTIN_FILE }, 'no config file given: serving the built-in routes');
    return { config: builtinRoutesConfig(), text: undefined };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    throw new KprodError(
      'MULTIROUTE_CONFIG_UNREADABLE',
      `cannot read config file '${path}': ${err.code ?? err.message}`,
      { cause: error },
    );
  }
  return { config: parseRoutesConfigOrThrow(text, path), text };
}
