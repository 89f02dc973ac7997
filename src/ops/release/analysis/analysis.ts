/**
 * Canary analysis: the Prometheus queries for the canary's success rate and p99 latency, and the
 * pure verdict that compares their values with the thresholds. The default queries are written
 * for multiroute's own metrics (`http_requests_total`, `http_request_duration_seconds`) and
 * select the canary's pods by the `namespace` and `pod` labels every Kubernetes scrape adds;
 * both can be replaced (`--query-success-rate`, `--query-p99`).
 */

/** Query templates; `{{selector}}` and `{{window}}` are filled in by {@link renderQuery}. */
export interface AnalysisQueries {
  readonly successRate: string;
  readonly p99: string;
}

/** Probe and scrape traffic says nothing about users: it is left out of both queries. */
const USER_TRAFFIC = 'route!~"/livez|/readyz|/metrics"';

/** The default queries for multiroute's metrics. */
export const DEFAULT_QUERIES: AnalysisQueries = {
  successRate:
    // `or vector(0)`: when every answer is a 5xx the numerator has no series at all, and the
    // ratio must be 0, not "no data".
    `(sum(rate(http_requests_total{{{selector}},${USER_TRAFFIC},code!~"5.."}[{{window}}])) or vector(0))` +
    ` / sum(rate(http_requests_total{{{selector}},${USER_TRAFFIC}}[{{window}}]))`,
  p99:
    'histogram_quantile(0.99, sum by (le) (rate(' +
    `http_request_duration_seconds_bucket{{{selector}},${USER_TRAFFIC}}[{{window}}])))`,
};

/**
 * The label matchers of a Deployment's pods: pod names are `DEPLOYMENT-<hash>-<hash>`, and the
 * two hashes contain no dash, so `web` does not also match the pods of `web-v2`.
 */
export function podSelector(namespace: string, deployment: string): string {
  const name = deployment.replace(/[.\\+*?()|[\]{}^$]/g, '\\\\$&');
  return `namespace="${namespace}",pod=~"${name}-[a-z0-9]+-[a-z0-9]+"`;
}

/** A Prometheus range duration (`90s`) for a window in milliseconds, at least one second. */
export function promDuration(ms: number): string {
  return `${String(Math.max(1, Math.round(ms / 1000)))}s`;
}

/** Fills `{{selector}}`, `{{window}}`, `{{namespace}}` and `{{deployment}}` in a query. */
export function renderQuery(
  template: string,
  vars: { selector: string; window: string; namespace: string; deployment: string },
): string {
  const values = new Map(Object.entries(vars));
  return template.replace(
    /\{\{(selector|window|namespace|deployment)\}\}/g,
    (_, key: string) => values.get(key) ?? '',
  );
}

/** The thresholds a canary must meet. */
export interface AnalysisThresholds {
  /** Minimum ratio of non-5xx answers, 0–1. */
  readonly successRate: number;
  /** Maximum 99th percentile latency in seconds. */
  readonly p99Seconds: number;
}

/** What the queries returned; null when Prometheus had no data (no requests in the window). */
export interface AnalysisMeasurement {
  readonly successRate: number | null;
  readonly p99Seconds: number | null;
}

/** The verdict of one analysis. */
export interface AnalysisVerdict {
  readonly passed: boolean;
  /** One line: the values and, when failed, every threshold missed. */
  readonly message: string;
}

/**
 * Compares a measurement with the thresholds. No data fails: a canary that received no traffic
 * has proven nothing, and promoting it would be a guess.
 */
export function analysisVerdict(
  measured: AnalysisMeasurement,
  thresholds: AnalysisThresholds,
): AnalysisVerdict {
  const problems: string[] = [];
  if (measured.successRate === null) problems.push('no requests reached the canary in the window');
  else if (measured.successRate < thresholds.successRate)
    problems.push(
      `success rate ${measured.successRate.toFixed(4)} < ${thresholds.successRate.toFixed(4)}`,
    );
  if (measured.successRate !== null && measured.p99Seconds === null)
    problems.push('no latency data for the canary');
  else if (measured.p99Seconds !== null && measured.p99Seconds > thresholds.p99Seconds)
    problems.push(`p99 ${measured.p99Seconds.toFixed(3)}s > ${thresholds.p99Seconds.toFixed(3)}s`);
  const values = `success rate ${format(measured.successRate, 4)}, p99 ${format(measured.p99Seconds, 3)}s`;
  return problems.length === 0
    ? { passed: true, message: values }
    : { passed: false, message: problems.join('; ') };
}

function format(value: number | null, digits: number): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}
