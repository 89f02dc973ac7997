import { KprodError } from '../../../errors.js';
import {
  type JsonRecord,
  arrayAt,
  isRecord,
  recordAt,
  stringAt,
} from '../../../kube/field-access.js';
import { readBoundedBody } from '../../../kube/read-bounded-body.js';

/**
 * A minimal client of Prometheus' HTTP API: one instant query (`/api/v1/query`) whose answer must
 * be a single number. Analysis queries aggregate (`sum`, `histogram_quantile`), so several series
 * mean a mistaken custom query, reported as such rather than silently picking one.
 */

/**
 * Largest answer read. One number is a few hundred bytes; a mistaken query returning many series
 * only needs to be counted, and past this it is refused as not Prometheus' usual answer.
 */
const MAX_ANSWER_BYTES = 4 << 20;

/** Options of one query. */
export interface PrometheusQueryOptions {
  signal?: AbortSignal | undefined;
  /** Per-request deadline; default 10 s. */
  timeoutMs?: number;
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
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals) });
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
  const text = (
    await readBoundedBody(response, {
      maxBytes: MAX_ANSWER_BYTES,
      code: 'PROMETHEUS_UNREACHABLE',
      what: `the answer of Prometheus at ${url.origin}`,
    })
  ).toString('utf8');
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new KprodError(
      'PROMETHEUS_UNREACHABLE',
      `${url.origin} answered ${String(response.status)} with a body that is not Prometheus JSON: ${text.slice(0, 120)}`,
    );
  }
  if (stringAt(answer, 'status') !== 'success') {
    const error = stringAt(answer, 'error');
    const code = error === undefined ? 'PROMETHEUS_UNREACHABLE' : 'PROMETHEUS_QUERY_FAILED';
    throw new KprodError(
      code,
      `Prometheus at ${url.origin} answered ${String(response.status)}: ${error ?? text.slice(0, 120)}`,
      { hint: `the query was: ${query}` },
    );
  }
  return singleValue(recordAt(answer, 'data'), query);
}

function singleValue(data: JsonRecord | undefined, query: string): number | null {
  const resultType = stringAt(data, 'resultType');
  const result = data?.['result'];
  let raw: unknown;
  if (resultType === 'scalar' && Array.isArray(result)) {
    raw = result[1];
  } else if (resultType === 'vector' && Array.isArray(result)) {
    if (result.length === 0) return null;
    if (result.length > 1) {
      throw new KprodError(
        'PROMETHEUS_QUERY_FAILED',
        `the analysis query returned ${String(result.length)} series instead of one number`,
        { hint: `aggregate it (sum, histogram_quantile ... by (le)); the query was: ${query}` },
      );
    }
    const series: unknown = result[0];
    if (!isRecord(series)) {
      throw new KprodError(
        'PROMETHEUS_QUERY_FAILED',
        'the analysis query returned a series that is not an object',
        { hint: `the query was: ${query}` },
      );
    }
    raw = arrayAt(series, 'value')[1];
  } else {
    throw new KprodError(
      'PROMETHEUS_QUERY_FAILED',
      `the analysis query returned a ${String(resultType)} instead of one number`,
      { hint: `the query was: ${query}` },
    );
  }
  const value = Number(raw);
  return typeof raw === 'string' && Number.isFinite(value) ? value : null;
}
