import { describe, expect, it } from 'vitest';
import { createServiceMetrics } from './metrics.js';

describe('createServiceMetrics', () => {
  it('should expose the contract metrics with exact names, labels and buckets', async () => {
    let inFlight = 3;
    const metrics = createServiceMetrics({
      build: { version: 'v2', commit: 'abc' },
      inFlight: () => inFlight,
      processMetrics: false,
    });
    const series = metrics.routeSeries('/route1');
    expect(metrics.routeSeries('/route1')).toBe(series);
    series.record('GET', 200, 0.007);
    series.record('GET', 200, 3);
    metrics.countReload('failure');
    metrics.setConfigHash('aaaaaaaaaaaa');
    metrics.setConfigHash('bbbbbbbbbbbb');
    inFlight = 2;
    const lines = (await metrics.registry.metrics()).split('\n').filter((l) => !l.startsWith('#'));
    const labels = 'route="/route1",method="GET",code="200"';
    expect(lines).toEqual([
      `http_requests_total{${labels}} 2`,
      '',
      `http_request_duration_seconds_bucket{le="0.005",${labels}} 0`,
      `http_request_duration_seconds_bucket{le="0.01",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="0.025",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="0.05",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="0.1",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="0.25",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="0.5",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="1",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="2.5",${labels}} 1`,
      `http_request_duration_seconds_bucket{le="5",${labels}} 2`,
      `http_request_duration_seconds_bucket{le="10",${labels}} 2`,
      `http_request_duration_seconds_bucket{le="+Inf",${labels}} 2`,
      `http_request_duration_seconds_sum{${labels}} 3.007`,
      `http_request_duration_seconds_count{${labels}} 2`,
      '',
      'http_requests_in_flight 2',
      '',
      'multiroute_config_reloads_total{result="success"} 0',
      'multiroute_config_reloads_total{result="failure"} 1',
      '',
      'multiroute_config_info{hash="bbbbbbbbbbbb"} 1',
      '',
      `multiroute_build_info{version="v2",commit="abc",nodejs="${process.version}"} 1`,
      '',
    ]);
  });

  it('should include the Node.js process metrics without a prefix by default', async () => {
    const metrics = createServiceMetrics({
      build: { version: 'v', commit: 'c' },
      inFlight: () => 0,
    });
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });
});
