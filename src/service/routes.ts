import type { RoutesConfig } from './routes-config.js';
import { connectDbAnswer } from './connect-db.js';
import { UNMATCHED_ROUTE, type RouteSeries } from './metrics.js';

/** Who this instance is: what its answers say about it. Passwords are never logged. */
export interface ServiceIdentity {
  readonly version: string;
  readonly podIp: string;
  readonly dbPass: string | undefined;
  readonly dbExpectedPass: string | undefined;
}

/** A complete answer, prepared once: status, body bytes and raw header lists. */
export interface PreparedAnswer {
  readonly status: number;
  readonly body: Buffer;
  /** Headers in node's flat `[name, value, …]` form. */
  readonly headers: string[];
  /** The same plus `Connection: close`, sent while draining. */
  readonly drainHeaders: string[];
}

/** How a path is answered. */
export type RouteKind = 'answer' | 'readyz' | 'metrics';

/** One entry of the route table. */
export interface RouteEntry {
  /** The `route` label: the configured pattern, or `unmatched`. */
  readonly label: string;
  readonly kind: RouteKind;
  /** For kind `answer`: what to send. */
  readonly answer: PreparedAnswer;
  /** For kind `answer`: how long to wait before sending, in milliseconds. */
  readonly delayMs: number;
  readonly series: RouteSeries;
}

/** Exact-match routes plus the shared answer for every other path. */
export interface RouteTable {
  readonly routes: ReadonlyMap<string, RouteEntry>;
  readonly unmatched: RouteEntry;
  /** The hash of the config it was built from. */
  readonly hash: string;
}

/** Gives the metric series of a route label. */
export type SeriesFor = (route: string) => RouteSeries;

const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** Prepares an answer's bytes and headers so the request path only writes them. */
export function prepareAnswer(
  status: number,
  text: string,
  contentType = TEXT_PLAIN,
): PreparedAnswer {
  const body = Buffer.from(text, 'utf8');
  const headers = ['Content-Type', contentType, 'Content-Length', String(body.length)];
  return { status, body, headers, drainHeaders: [...headers, 'Connection', 'close'] };
}

/** The body of a configured route, exactly as the original service wrote it. */
export function routeBody(version: string, path: string, response: string): string {
  return `[${version}] Hello, You are at ${path}, Got: ${response}`;
}

/**
 * Builds the route table for a config: every configured route plus the built-in paths
 * (/get_ip, /test_circuit_breaker, /connect_db, /livez, /readyz, /metrics). The config schema
 * rejects configured paths that collide with built-in ones.
 */
export function buildRouteTable(
  config: RoutesConfig,
  identity: ServiceIdentity,
  seriesFor: SeriesFor,
): RouteTable {
  const routes = new Map<string, RouteEntry>();
  addConfiguredRoutes(routes, config.routes, identity, seriesFor);
  return finishRouteTable(routes, config, identity, seriesFor);
}

/** Routes prepared between two yields to the event loop by {@link buildRouteTableInSteps}. */
const ROUTES_PER_STEP = 500;

/**
 * Builds the same table as {@link buildRouteTable} a few hundred routes at a time, yielding to
 * the event loop between steps, so a reload of tens of thousands of routes never holds up the
 * requests being served.
 */
export async function buildRouteTableInSteps(
  config: RoutesConfig,
  identity: ServiceIdentity,
  seriesFor: SeriesFor,
): Promise<RouteTable> {
  const routes = new Map<string, RouteEntry>();
  for (let start = 0; start < config.routes.length; start += ROUTES_PER_STEP) {
    const step = config.routes.slice(start, start + ROUTES_PER_STEP);
    addConfiguredRoutes(routes, step, identity, seriesFor);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return finishRouteTable(routes, config, identity, seriesFor);
}

function addConfiguredRoutes(
  routes: Map<string, RouteEntry>,
  specs: RoutesConfig['routes'],
  identity: ServiceIdentity,
  seriesFor: SeriesFor,
): void {
  for (const route of specs) {
    routes.set(route.path, {
      label: route.path,
      kind: 'answer',
      answer: prepareAnswer(route.status, routeBody(identity.version, route.path, route.response)),
      delayMs: route.durationMs,
      series: seriesFor(route.path),
    });
  }
}

function finishRouteTable(
  routes: Map<string, RouteEntry>,
  config: RoutesConfig,
  identity: ServiceIdentity,
  seriesFor: SeriesFor,
): RouteTable {
  const add = (path: string, kind: RouteKind, answer: PreparedAnswer, delayMs = 0): void => {
    routes.set(path, { label: path, kind, answer, delayMs, series: seriesFor(path) });
  };
  const v = identity.version;
  add('/get_ip', 'answer', prepareAnswer(200, `[${v}] Hello, Your ip is ${identity.podIp}`));
  add(
    '/test_circuit_breaker',
    'answer',
    prepareAnswer(500, `[${v}] test_circuit_breaker returned 500\n`),
  );
  const db = connectDbAnswer(identity.dbPass, identity.dbExpectedPass);
  add('/connect_db', 'answer', prepareAnswer(db.status, db.body));
  add('/livez', 'answer', prepareAnswer(200, 'ok'));
  add('/readyz', 'readyz', prepareAnswer(200, 'ready'));
  add('/metrics', 'metrics', prepareAnswer(200, ''));
  const unmatched: RouteEntry = {
    label: UNMATCHED_ROUTE,
    kind: 'answer',
    // Go's http.NotFound text, newline included.
    answer: prepareAnswer(404, '404 page not found\n'),
    delayMs: 0,
    series: seriesFor(UNMATCHED_ROUTE),
  };
  return { routes, unmatched, hash: config.hash };
}
