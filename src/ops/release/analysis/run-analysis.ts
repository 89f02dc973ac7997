import {
  DEFAULT_QUERIES,
  analysisVerdict,
  podSelector,
  promDuration,
  renderQuery,
  type AnalysisMeasurement,
  type AnalysisQueries,
  type AnalysisThresholds,
  type AnalysisVerdict,
} from './analysis.js';
import { queryPrometheus } from './prometheus-client.js';

/** What one analysis of a canary needs. */
export interface CanaryAnalysis {
  prometheus: string;
  namespace: string;
  /** The canary Deployment, whose pods are measured. */
  deployment: string;
  windowMs: number;
  thresholds: AnalysisThresholds;
  /** Replacement templates; the defaults fit multiroute. */
  queries?: { successRate?: string | undefined; p99?: string | undefined } | undefined;
  signal?: AbortSignal | undefined;
}

/** The verdict plus what was measured and the queries that measured it. */
export interface CanaryAnalysisResult extends AnalysisVerdict {
  measured: AnalysisMeasurement;
  queries: AnalysisQueries;
}

/** Queries Prometheus for the canary's success rate and p99 latency and judges them. */
export async function analyseCanary(input: CanaryAnalysis): Promise<CanaryAnalysisResult> {
  const vars = {
    selector: podSelector(input.namespace, input.deployment),
    window: promDuration(input.windowMs),
    namespace: input.namespace,
    deployment: input.deployment,
  };
  const queries: AnalysisQueries = {
    successRate: renderQuery(input.queries?.successRate ?? DEFAULT_QUERIES.successRate, vars),
    p99: renderQuery(input.queries?.p99 ?? DEFAULT_QUERIES.p99, vars),
  };
  const [successRate, p99Seconds] = await Promise.all([
    queryPrometheus(input.prometheus, queries.successRate, { signal: input.signal }),
    queryPrometheus(input.prometheus, queries.p99, { signal: input.signal }),
  ]);
  const measured = { successRate, p99Seconds };
  return { ...analysisVerdict(measured, input.thresholds), measured, queries };
}
