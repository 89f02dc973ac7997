import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RoutesConfig } from './routes-config.js';
import { readinessAnswer, readinessOf, type Readiness } from './health.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import {
  buildRouteTable,
  prepareAnswer,
  type PreparedAnswer,
  type RouteEntry,
  type RouteTable,
  type ServiceIdentity,
} from './routes.js';

/**
 * Server timeouts. Keep-alive outlives the idle timeouts of common load balancers and proxies
 * (60 s on many cloud LBs), so the proxy, not multiroute, closes idle connections and never
 * sends a request on a socket multiroute is closing.
 */
export const SERVER_TIMEOUTS = {
  keepAliveTimeoutMs: 65_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
} as const;

/** What {@link createMultirouteServer} needs. */
export interface MultirouteServerOptions {
  readonly identity: ServiceIdentity;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  /** Log one line per answered request. */
  readonly accessLog: boolean;
}

/** The HTTP side of multiroute: a node:http server plus the state its answers depend on. */
export interface MultirouteServer {
  readonly server: Server;
  /** Swaps the route table in one assignment; requests already waiting keep their answer. */
  setRoutes(config: RoutesConfig): void;
  /** The hash of the config served, or undefined before the first one. */
  configHash(): string | undefined;
  /** Turns readiness to 503 and makes every further answer close its connection. */
  startDraining(): void;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Listens and resolves with the bound address. */
  listen(port: number, host?: string): Promise<AddressInfo>;
}

/** Creates the multiroute server; it serves nothing until listen, and is not ready until setRoutes. */
export function createMultirouteServer(options: MultirouteServerOptions): MultirouteServer {
  const { identity, metrics, logger, accessLog } = options;
  let table: RouteTable | undefined;
  let draining = false;
  let inFlight = 0;
  const prepareReadiness = (readiness: Readiness): PreparedAnswer => {
    const answer = readinessAnswer(readiness);
    return prepareAnswer(answer.status, answer.body);
  };
  const readyAnswers = {
    starting: prepareReadiness('starting'),
    ready: prepareReadiness('ready'),
    draining: prepareReadiness('draining'),
  };
  // Until the first config, every path but the probes is unmatched.
  const bootTable = buildRouteTable(
    { routes: [], hash: '', file: '' },
    identity,
    metrics.routeSeries.bind(metrics),
  );

  const send = (
    res: ServerResponse,
    answer: PreparedAnswer,
    entry: RouteEntry,
    method: string,
    start: number,
    req: IncomingMessage,
  ): void => {
    res.writeHead(answer.status, draining ? answer.drainHeaders : answer.headers);
    res.end(answer.body);
    const seconds = (performance.now() - start) / 1000;
    entry.series.record(method, answer.status, seconds);
    if (accessLog) {
      logger.info(
        { method, url: req.url, route: entry.label, status: answer.status, seconds },
        'request',
      );
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const current = table ?? bootTable;
    const entry = current.routes.get(path) ?? current.unmatched;
    const method = req.method ?? 'GET';
    if (entry.kind === 'answer') {
      if (entry.delayMs === 0) {
        send(res, entry.answer, entry, method, start, req);
        return;
      }
      delayed(req, res, entry, method, start);
      return;
    }
    if (entry.kind === 'readyz') {
      const readiness = readinessOf({ configLoaded: table !== undefined, draining });
      send(res, readyAnswers[readiness], entry, method, start, req);
      return;
    }
    serveMetrics(req, res, entry, method, start);
  };

  const delayed = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: RouteEntry,
    method: string,
    start: number,
  ): void => {
    inFlight += 1;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      inFlight -= 1;
      send(res, entry.answer, entry, method, start, req);
    }, entry.delayMs);
    // A client that goes away during the delay frees its timer at once.
    res.once('close', () => {
      if (done) return;
      done = true;
      inFlight -= 1;
      clearTimeout(timer);
      logger.debug({ method, route: entry.label }, 'client closed the connection during the delay');
    });
  };

  const serveMetrics = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: RouteEntry,
    method: string,
    start: number,
  ): void => {
    metrics.registry.metrics().then(
      (text) => {
        send(
          res,
          prepareAnswer(200, text, metrics.registry.contentType),
          entry,
          method,
          start,
          req,
        );
      },
      (error: unknown) => {
        // The client gets a generic answer; the reason goes to the log.
        logger.error({ err: error }, 'collecting metrics failed');
        send(res, prepareAnswer(500, 'metrics unavailable\n'), entry, method, start, req);
      },
    );
  };

  const server = createServer(handle);
  server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
  server.headersTimeout = SERVER_TIMEOUTS.headersTimeoutMs;
  server.requestTimeout = SERVER_TIMEOUTS.requestTimeoutMs;

  return {
    server,
    setRoutes(config) {
      table = buildRouteTable(config, identity, metrics.routeSeries.bind(metrics));
      metrics.setConfigHash(config.hash);
    },
    configHash: () => table?.hash,
    startDraining() {
      draining = true;
    },
    inFlight: () => inFlight,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
  };
}
