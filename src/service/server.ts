import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { escapeExcerpt } from './escape-text.js';
import type { RoutesConfig } from './routes-config.js';
import { readinessAnswer, readinessOf, type Readiness } from './health.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import {
  buildRouteTable,
  buildRouteTableInSteps,
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
  /**
   * How often Node checks the two timeouts above. Its default, 30 s, let a client that never
   * finished its headers hold a connection for up to 40 s.
   */
  checkIntervalMs: 1_000,
} as const;

/** Query parameter names an access log line lists at most; values are never logged. */
const MAX_LOGGED_QUERY_NAMES = 20;

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
  /** Like setRoutes, but prepares the table in steps that leave the event loop free between them. */
  setRoutesInSteps(config: RoutesConfig): Promise<void>;
  /** The hash of the config served, or undefined before the first one. */
  configHash(): string | undefined;
  /** Turns readiness to 503 and makes every further answer close its connection. */
  startDraining(): void;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Listens and resolves with the bound address. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /**
   * The admin server: /livez, /readyz and /metrics only, on a port of their own, so probes and
   * scrapes are answered while a surge fills the main port's backlog.
   */
  readonly adminServer: Server;
  /** Listens with the admin server and resolves with its bound address. */
  listenAdmin(port: number, host?: string): Promise<AddressInfo>;
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
      // The query's values can carry tokens: only the parameter names are logged.
      const url = req.url ?? '/';
      const mark = url.indexOf('?');
      logger.info(
        {
          method,
          path: escapeExcerpt(mark === -1 ? url : url.slice(0, mark), 200),
          ...(mark === -1 ? {} : { query: queryNames(url.slice(mark + 1)) }),
          route: entry.label,
          status: answer.status,
          seconds,
        },
        'request',
      );
    }
  };

  const badRequest = prepareAnswer(400, '400 bad request\n');

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const current = table ?? bootTable;
    const method = req.method ?? 'GET';
    if (!wellFramed(req)) {
      res.shouldKeepAlive = false;
      send(res, badRequest, current.unmatched, method, start, req);
      return;
    }
    const entry = current.routes.get(path) ?? current.unmatched;
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

  // The admin port answers the probes and the scrape, nothing else.
  const handleAdmin = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const current = table ?? bootTable;
    const method = req.method ?? 'GET';
    const entry = ADMIN_PATHS.has(path)
      ? (current.routes.get(path) ?? current.unmatched)
      : current.unmatched;
    if (entry.kind === 'readyz') {
      const readiness = readinessOf({ configLoaded: table !== undefined, draining });
      send(res, readyAnswers[readiness], entry, method, start, req);
    } else if (entry.kind === 'metrics') {
      serveMetrics(req, res, entry, method, start);
    } else {
      send(res, entry.answer, entry, method, start, req);
    }
  };

  const serverOptions = {
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    connectionsCheckingInterval: SERVER_TIMEOUTS.checkIntervalMs,
    requireHostHeader: true,
  };
  const server = createServer(serverOptions, handle);
  const adminServer = createServer(serverOptions, handleAdmin);

  return {
    server,
    setRoutes(config) {
      table = buildRouteTable(config, identity, metrics.routeSeries.bind(metrics));
      metrics.setConfigHash(config.hash);
    },
    async setRoutesInSteps(config) {
      table = await buildRouteTableInSteps(config, identity, metrics.routeSeries.bind(metrics));
      metrics.setConfigHash(config.hash);
    },
    configHash: () => table?.hash,
    startDraining() {
      draining = true;
    },
    inFlight: () => inFlight,
    listen: (port, host) => listenOn(server, port, host),
    adminServer,
    listenAdmin: (port, host) => listenOn(adminServer, port, host),
  };
}

/** The paths the admin port serves. */
export const ADMIN_PATHS: ReadonlySet<string> = new Set(['/livez', '/readyz', '/metrics']);

function listenOn(server: Server, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Refuses what RFC 9112 says a server must answer with 400 and Node lets through: more than one
 * Host field (section 3.2) and a transfer coding other than chunked (section 6.1; Node itself
 * refuses chunked that is not last).
 */
function wellFramed(req: IncomingMessage): boolean {
  const coding = req.headers['transfer-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') return false;
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (name.length === 4 && name.toLowerCase() === 'host') hosts += 1;
  }
  return hosts <= 1;
}

/** The names of a query string's parameters, in order, escaped and bounded. */
export function queryNames(query: string): string[] {
  const names: string[] = [];
  for (const part of query.split('&', MAX_LOGGED_QUERY_NAMES)) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    names.push(escapeExcerpt(equals === -1 ? part : part.slice(0, equals), 64));
  }
  return names;
}
