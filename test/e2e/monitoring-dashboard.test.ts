import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './deploy-build.js';
import {
  promtool,
  readRules,
  scratch,
  writeRulesFile,
  type Scratch,
} from './monitoring-promtool.js';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { expr: string }[];
}

interface Dashboard {
  readonly uid: string;
  readonly panels: readonly Panel[];
  readonly templating: { list: readonly { name: string; definition?: string }[] };
}

const dashboard = JSON.parse(
  readFileSync(join(REPO_ROOT, 'monitoring', 'dashboards', 'multiroute.json'), 'utf8'),
) as Dashboard;

/** Grafana's variables replaced by values Prometheus accepts, so promtool can parse the query. */
function substituteVariables(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$namespace', 'multiroute');
}

/** Every query of the dashboard: panel targets, and the metric behind label_values() variables. */
function queries(): string[] {
  const panelQueries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const variableQueries = dashboard.templating.list.flatMap((v) => {
    const match = /^label_values\((.+), *\w+\)$/.exec(v.definition ?? '');
    return match === null ? [] : [match[1]!];
  });
  return [...panelQueries, ...variableQueries];
}

/** The metric names of the multiroute contract, prom-client's defaults used here, and cAdvisor's. */
const KNOWN_METRICS = new Set([
  'http_requests_total',
  'http_request_duration_seconds_bucket',
  'http_requests_in_flight',
  'multiroute_config_reloads_total',
  'multiroute_config_info',
  'multiroute_build_info',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'container_cpu_cfs_throttled_periods_total',
  'container_cpu_cfs_periods_total',
]);

let work: Scratch;

beforeAll(() => {
  work = scratch();
});

afterAll(() => {
  work.dispose();
});

describe('monitoring/dashboards/multiroute.json', () => {
  it('should hold only PromQL that promtool parses', async () => {
    const rules = queries().map((expr, index) => ({
      record: `dashboard:query_${index}`,
      expr: substituteVariables(expr),
    }));
    const file = writeRulesFile(work.dir, { groups: [{ name: 'dashboard', rules }] }, 'dash.yml');
    const result = await promtool(['check', 'rules', file]);
    expect(result.stdout + result.stderr).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.code).toBe(0);
    expect(rules.length).toBe(24);
  });

  it('should be checked by a method that rejects broken PromQL', async () => {
    const file = writeRulesFile(
      work.dir,
      {
        groups: [
          { name: 'broken', rules: [{ record: 'dashboard:broken', expr: 'sum(rate(x[5m])' }] },
        ],
      },
      'broken.yml',
    );
    const result = await promtool(['check', 'rules', file]);
    expect(result.code).toBe(1);
  });

  it('should query only metrics multiroute, its recording rules or cAdvisor provide', () => {
    const recorded = new Set(
      readRules()
        .groups.flatMap((g) => g.rules)
        .flatMap((r) => (r.record === undefined ? [] : [r.record])),
    );
    const used = new Set(
      queries().flatMap((q) => [...q.matchAll(/([a-zA-Z_:][\w:]*)\{/g)].map((m) => m[1]!)),
    );
    const unknown = [...used].filter((m) => !KNOWN_METRICS.has(m) && !recorded.has(m));
    expect(unknown).toEqual([]);
    expect(used.size).toBe(20);
  });

  it('should show rate, errors, duration, burn rates and saturation', () => {
    expect(dashboard.uid).toBe('multiroute-red');
    expect(dashboard.panels.map((p) => `${p.type}: ${p.title}`)).toEqual([
      'row: Rate, errors, duration',
      'timeseries: Requests per second by route',
      'timeseries: Responses per second by status code',
      'timeseries: Share of 5xx responses',
      'timeseries: Latency percentiles',
      'row: SLO burn rate (1 = budget spent in exactly 30 days)',
      'timeseries: Availability burn rate',
      'timeseries: Latency burn rate',
      'row: Saturation',
      'timeseries: Requests in flight by pod',
      'timeseries: CPU by pod (cores)',
      'timeseries: CPU throttling by pod',
      'timeseries: Resident memory by pod',
      'timeseries: Event loop lag p99 by pod',
      'timeseries: Config and versions',
    ]);
  });
});
