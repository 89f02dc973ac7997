import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUERIES,
  analysisVerdict,
  podSelector,
  promDuration,
  renderQuery,
} from './analysis.js';

const THRESHOLDS = { successRate: 0.99, p99Seconds: 0.5 };

describe('analysisVerdict', () => {
  it.each([
    [{ successRate: 1, p99Seconds: 0.004 }, true, 'success rate 1.0000, p99 0.004s'],
    [{ successRate: 0.99, p99Seconds: 0.5 }, true, 'success rate 0.9900, p99 0.500s'],
    [{ successRate: 0.5, p99Seconds: 0.004 }, false, 'success rate 0.5000 < 0.9900'],
    [{ successRate: 1, p99Seconds: 0.75 }, false, 'p99 0.750s > 0.500s'],
    [{ successRate: 0, p99Seconds: 2 }, false, 'success rate 0.0000 < 0.9900; p99 2.000s > 0.500s'],
    [
      { successRate: null, p99Seconds: null },
      false,
      'no requests reached the canary in the window',
    ],
    [{ successRate: 1, p99Seconds: null }, false, 'no latency data for the canary'],
  ])('should judge %j as passed=%s', (measured, passed, message) => {
    expect(analysisVerdict(measured, THRESHOLDS)).toEqual({ passed, message });
  });
});

describe('podSelector', () => {
  it('should match the pods of one Deployment only', () => {
    const selector = podSelector('prod', 'web');
    expect(selector).toBe('namespace="prod",pod=~"web-[a-z0-9]+-[a-z0-9]+"');
    // PromQL regexes are anchored on both ends, as this one is.
    const regex = new RegExp(`^${/pod=~"(.*)"/.exec(selector)![1]!}$`);
    expect(regex.test('web-7c9f8d6b5-x2x9z')).toBe(true);
    expect(regex.test('web-v2-7c9f8d6b5-x2x9z')).toBe(false);
  });

  it('should escape regex characters in the name', () => {
    expect(podSelector('p', 'a.b')).toBe('namespace="p",pod=~"a\\\\.b-[a-z0-9]+-[a-z0-9]+"');
  });
});

describe('renderQuery', () => {
  it('should fill the default success-rate query', () => {
    const query = renderQuery(DEFAULT_QUERIES.successRate, {
      selector: 'namespace="prod",pod=~"web-v2-[a-z0-9]+-[a-z0-9]+"',
      window: promDuration(60_000),
      namespace: 'prod',
      deployment: 'web-v2',
    });
    expect(query).toBe(
      '(sum(rate(http_requests_total{namespace="prod",pod=~"web-v2-[a-z0-9]+-[a-z0-9]+",' +
        'route!~"/livez|/readyz|/metrics",code!~"5.."}[60s])) or vector(0)) / ' +
        'sum(rate(http_requests_total{namespace="prod",pod=~"web-v2-[a-z0-9]+-[a-z0-9]+",' +
        'route!~"/livez|/readyz|/metrics"}[60s]))',
    );
  });

  it('should fill custom templates with the namespace and deployment', () => {
    expect(
      renderQuery('x{namespace="{{namespace}}",deployment="{{deployment}}"}[{{window}}]', {
        selector: '',
        window: promDuration(400),
        namespace: 'n',
        deployment: 'd',
      }),
    ).toBe('x{namespace="n",deployment="d"}[1s]');
  });
});
