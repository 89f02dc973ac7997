import { KprodError } from '../../../errors.js';

/**
 * A minimal client of Prometheus' HTTP API: one instant query (`/api/v1/query`) whose answer must
 * be a single number. Analysis queries aggregate (`sum`, `histogram_quantile`), so several series
 * mean a mistaken custom query, reported as such rather than silently picking one.
 */

/** Options of one query. */
export interface PrometheusQueryOptions {
  signal?: AbortSignal | undefined;
  /** Per-request deadline; default 10 s. */
  timeoutMs?: number;
}

interface QueryAnswer {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

/**
 * Runs an instant query and returns its single value, or null when the result is empty or NaN
 * (no data: no requests in the window). Raises PROMETHEUS_UNREACHABLE when Prometheus cannot be
 * reached or answers an HTTP error without a query error, PROMETHEUS_QUERY_FAILED when it
 * rejects the query or returns several series.
 */
export async function queryPrometheus(
  baseUrl: string,
  query: string,
  options: PrometheusQueryOptions = {},
): Promise<number | null> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000)];
  if (options.signal !== undefined) signals.push(options.signal);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals) });
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted === true) {
      throw new KprodError('KPROD_INTERRUPTED', `query to ${url.origin} was cancelled`);
    }
    throw new KprodError(
      'PROMETHEUS_UNREACHABLE',
      `cannot reach Prometheus at ${url.origin}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let answer: QueryAnswer;
  try {
    answer = JSON.parse(text) as QueryAnswer;
  } catch {
    throw new KprodError(
      'PROMETHEUS_UNREACHABLE',
      `${url.origin} answered ${String(response.status)} with a body that is not Prometheus JSON: ${text.slice(0, 120)}`,
    );
  }
  if (answer.status !== 'success') {
    const code = answer.error === undefined ? 'PROMETHEUS_UNREACHABLE' : 'PROMETHEUS_QUERY_FAILED';
    throw new KprodError(
      code,
      `Prometheus at ${url.origin} answered ${String(response.status)}: ${answer.error ?? text.slice(0, 120)}`,
      { hint: `the query was: ${query}` },
    );
  }
  return singleValue(answer.data, query);
}

function singleValue(data: QueryAnswer['data'], query: string): number | null {
  const result = data?.result;
  let raw: unknown;
  if (data?.resultType === 'scalar' && Array.isArray(result)) {
    raw = result[1];
  } else if (data?.resultType === 'vector' && Array.isArray(result)) {
    if (result.length === 0) return null;
    if (result.length > 1) {
      throw new KprodError(
        'PROMETHEUS_QUERY_FAILED',
        `the analysis query returned ${String(result.length)} series instead of one number`,
        { hint: `aggregate it (sum, histogram_quantile ... by (le)); the query was: ${query}` },
      );
    }
    raw = (result[0] as { value?: unknown[] }).value?.[1];
  } else {
    throw new KprodError(
      'PROMETHEUS_QUERY_FAILED',
      `the analysis query returned a ${String(data?.resultType)} instead of one number`,
      { hint: `the query was: ${query}` },
    );
  }
  const value = Number(raw);
  return typeof raw === 'string' && Number.isFinite(value) ? value : null;
}
