import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds of `http_request_duration_seconds`, in seconds (fixed by the contract). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label shared by every path no route matches, so cardinality stays bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

interface BoundSeries {
  readonly count: { inc(): void };
  readonly duration: { observe(value: number): void };
}

/**
 * The request metrics of one route label. Bound label children are cached per method and code
 * because `labels(...)` validates and hashes its arguments on every call.
 */
export class RouteSeries {
  readonly #byMethod = new Map<string, Map<number, BoundSeries>>();
  readonly #route: string;
  readonly #counter: Counter<'route' | 'method' | 'code'>;
  readonly #histogram: Histogram<'route' | 'method' | 'code'>;

  constructor(
    route: string,
    counter: Counter<'route' | 'method' | 'code'>,
    histogram: Histogram<'route' | 'method' | 'code'>,
  ) {
    this.#route = route;
    this.#counter = counter;
    this.#histogram = histogram;
  }

  /** Counts one answered request and observes its duration in seconds. */
  record(method: string, code: number, seconds: number): void {
    let byCode = this.#byMethod.get(method);
    if (byCode === undefined) {
      byCode = new Map();
      this.#byMethod.set(method, byCode);
    }
    let series = byCode.get(code);
    if (series === undefined) {
      const labels = [this.#route, method, String(code)] as const;
      series = {
        count: this.#counter.labels(...labels),
        duration: this.#histogram.labels(...labels),
      };
      byCode.set(code, series);
    }
    series.count.inc();
    series.duration.observe(seconds);
  }
}

/** What the build-info metric reports. */
export interface BuildInfo {
  readonly version: string;
  readonly commit: string;
}

/** multiroute's metrics, on a registry of their own. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** The series of one route label; the same object for the same label, across reloads. */
  routeSeries(route: string): RouteSeries;
  /** Counts a reload attempt of a changed config file. */
  countReload(result: 'success' | 'failure'): void;
  /** Points `multiroute_config_info` at the hash of the config now served. */
  setConfigHash(hash: string): void;
}

/** Options of {@link createServiceMetrics}. */
export interface ServiceMetricsOptions {
  readonly build: BuildInfo;
  /** Read at scrape time for `http_requests_in_flight`. */
  readonly inFlight: () => number;
  /** Node.js and process metrics (on by default; tests turn them off for speed). */
  readonly processMetrics?: boolean;
}

/** Creates the registry with every metric of the multiroute contract. */
export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  const labelNames = ['route', 'method', 'code'] as const;
  const counter = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern (or unmatched), method and status code.',
    labelNames,
    registers: [registry],
  });
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, in seconds.',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const { inFlight } = options;
  new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests received and not yet answered (requests waiting out a route delay).',
    registers: [registry],
    collect() {
      this.set(inFlight());
    },
  });
  const reloads = new Counter({
    name: 'multiroute_config_reloads_total',
    help: 'Reloads of a changed config file, by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  reloads.inc({ result: 'success' }, 0);
  reloads.inc({ result: 'failure' }, 0);
  const configInfo = new Gauge({
    name: 'multiroute_config_info',
    help: 'The config now served: hash is the first 12 hex digits of its sha256.',
    labelNames: ['hash'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'multiroute_build_info',
    help: 'Build of the running multiroute: version, git commit and Node.js version.',
    labelNames: ['version', 'commit', 'nodejs'] as const,
    registers: [registry],
  }).set(
    { version: options.build.version, commit: options.build.commit, nodejs: process.version },
    1,
  );
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const series = new Map<string, RouteSeries>();
  return {
    registry,
    routeSeries(route) {
      let found = series.get(route);
      if (found === undefined) {
        found = new RouteSeries(route, counter, histogram);
        series.set(route, found);
      }
      return found;
    },
    countReload(result) {
      reloads.inc({ result });
    },
    setConfigHash(hash) {
      configInfo.reset();
      configInfo.set({ hash }, 1);
    },
  };
}
