import { parseRoutesConfigOffThread } from './parse-off-thread.js';
import { formatConfigIssue } from './routes-config.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import type { MultirouteServer } from './server.js';

/** Outcome of one reload attempt. */
export type ReloadResult = 'success' | 'failure';

/**
 * Applies the new text of a changed config file: a valid file replaces the routes at once; an
 * invalid one keeps the routes in service, logs every problem and counts a failure. The file is
 * parsed in a worker thread, so requests are answered while a large file loads.
 */
export async function reloadConfig(
  text: string,
  file: string,
  service: MultirouteServer,
  metrics: ServiceMetrics,
  logger: Logger,
): Promise<ReloadResult> {
  logger.info({ file, bytes: Buffer.byteLength(text, 'utf8') }, 'config changed: loading it');
  const result = await parseRoutesConfigOffThread(text, file);
  if (!result.ok) {
    metrics.countReload('failure');
    logger.error(
      {
        file,
        problems: result.issues.map(formatConfigIssue),
        keptHash: service.configHash(),
      },
      'config reload failed: keeping the routes in service',
    );
    return 'failure';
  }
  const previous = service.configHash();
  await service.setRoutesInSteps(result.config);
  metrics.countReload('success');
  logger.info(
    { file, hash: result.config.hash, previousHash: previous, routes: result.config.routes.length },
    'config reloaded',
  );
  return 'success';
}
