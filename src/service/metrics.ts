import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from 'prom-client';

/** Upper bounds of `http_request_duration_seconds`, in seconds (fixed by the contract). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label shared by every path no route matches, so cardinality stays bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Counts of one (route, method, code) series: plain numbers, no label hashing per request. */
interface SeriesStats {
  readonly method: string;
  readonly code: string;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; values above the last bound are only in count. */
  readonly buckets: Float64Array;
}

/**
 * The request metrics of one route label. Every request updates a few numbers of its series;
 * the exposition text is built only when /metrics is scraped. prom-client's Counter and
 * Histogram hash and validate their labels on every observation, which cost the hot path about a
 * tenth of its throughput.
 */
export class RouteSeries {
  readonly route: string;
  readonly #byMethod = new Map<string, Map<number, SeriesStats>>();
  /** Every series of this route, in creation order, for the scrape. */
  readonly all: SeriesStats[] = [];

  constructor(route: string) {
    this.route = route;
  }

  /** Counts one answered request and observes its duration in seconds. */
  record(method: string, code: number, seconds: number): void {
    let byCode = this.#byMethod.get(method);
    if (byCode === undefined) {
      byCode = new Map();
      this.#byMethod.set(method, byCode);
    }
    let stats = byCode.get(code);
    if (stats === undefined) {
      stats = {
        method,
        code: String(code),
        count: 0,
        sum: 0,
        buckets: new Float64Array(DURATION_BUCKETS.length),
      };
      byCode.set(code, stats);
      this.all.push(stats);
    }
    stats.count += 1;
    stats.sum += seconds;
    for (let i = 0; i < DURATION_BUCKETS.length; i += 1) {
      if (seconds <= (DURATION_BUCKETS[i] ?? Infinity)) {
        stats.buckets[i] = (stats.buckets[i] ?? 0) + 1;
        break;
      }
    }
  }
}

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** A metric prom-client's Registry can render: it calls get() at scrape time. */
function scrapeTimeMetric(
  name: string,
  help: string,
  type: 'counter' | 'histogram',
  values: () => MetricValue[],
): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
    reset: () => undefined,
  };
  return metric as unknown as Metric;
}

function requestCountValues(series: Iterable<RouteSeries>): MetricValue[] {
  const out: MetricValue[] = [];
  for (const route of series) {
    for (const s of route.all) {
      out.push({ value: s.count, labels: { route: route.route, method: s.method, code: s.code } });
    }
  }
  return out;
}

function durationValues(series: Iterable<RouteSeries>): MetricValue[] {
  const out: MetricValue[] = [];
  const name = 'http_request_duration_seconds';
  for (const route of series) {
    for (const s of route.all) {
      const labels = { route: route.route, method: s.method, code: s.code };
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i] ?? 0;
        out.push({ value: cumulative, labels: { le, ...labels }, metricName: `${name}_bucket` });
      });
      out.push({ value: s.count, labels: { le: '+Inf', ...labels }, metricName: `${name}_bucket` });
      out.push({ value: s.sum, labels, metricName: `${name}_sum` });
      out.push({ value: s.count, labels, metricName: `${name}_count` });
    }
  }
  return out;
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
  const series = new Map<string, RouteSeries>();
  registry.registerMetric(
    scrapeTimeMetric(
      'http_requests_total',
      'HTTP requests answered, by route pattern (or unmatched), method and status code.',
      'counter',
      () => requestCountValues(series.values()),
    ),
  );
  registry.registerMetric(
    scrapeTimeMetric(
      'http_request_duration_seconds',
      'Time from receiving a request to sending its answer, in seconds.',
      'histogram',
      () => durationValues(series.values()),
    ),
  );
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

  return {
    registry,
    routeSeries(route) {
      let found = series.get(route);
      if (found === undefined) {
        found = new RouteSeries(route);
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
