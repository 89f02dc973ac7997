import { describe, expect, it } from 'vitest';
import { KprodError } from '../../errors.js';
import {
  type LogTarget,
  formatLogTarget,
  ingressServiceNames,
  labelSelectorQuery,
  parseLogTarget,
  podQueries,
} from './target.js';

describe('parseLogTarget', () => {
  const rows: [string | undefined, string | undefined, LogTarget][] = [
    ['deploy/web', undefined, { kind: 'Deployment', name: 'web' }],
    ['deployment/web', undefined, { kind: 'Deployment', name: 'web' }],
    ['sts/db', undefined, { kind: 'StatefulSet', name: 'db' }],
    ['ds/agent', undefined, { kind: 'DaemonSet', name: 'agent' }],
    ['job/migrate', undefined, { kind: 'Job', name: 'migrate' }],
    ['svc/web', undefined, { kind: 'Service', name: 'web' }],
    ['ing/front', undefined, { kind: 'Ingress', name: 'front' }],
    ['node/worker-1.example', undefined, { kind: 'Node', name: 'worker-1.example' }],
    ['pod/web-0', undefined, { kind: 'Pod', name: 'web-0' }],
    ['web-0', undefined, { kind: 'Pod', name: 'web-0' }],
    ['Deploy/web', undefined, { kind: 'Deployment', name: 'web' }],
    [undefined, ' app=web,tier in (a,b) ', { kind: 'Selector', selector: 'app=web,tier in (a,b)' }],
  ];
  it.each(rows)('should read %s / -l %s', (text, selector, expected) => {
    expect(parseLogTarget(text, selector)).toEqual(expected);
  });

  const bad: [string | undefined, string | undefined, string][] = [
    ['cm/web', undefined, '"cm" in "cm/web" is not a kind kprod logs reads'],
    ['deploy/Web', undefined, '"Web" in "deploy/Web" is not an object name'],
    ['deploy/', undefined, '"" in "deploy/" is not an object name'],
    ['deploy/web', 'app=web', 'give a target or -l SELECTOR, not both'],
    [undefined, ' ', '-l needs a label selector'],
    [undefined, undefined, 'no target: expected'],
  ];
  it.each(bad)('should refuse %s / -l %s with LOGS_TARGET_INVALID', (text, selector, message) => {
    let error: unknown;
    try {
      parseLogTarget(text, selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).code).toBe('LOGS_TARGET_INVALID');
    expect((error as KprodError).message.startsWith(message)).toBe(true);
  });
});

describe('formatLogTarget', () => {
  it('should write the short kind or -l', () => {
    expect(formatLogTarget({ kind: 'StatefulSet', name: 'db' })).toBe('sts/db');
    expect(formatLogTarget({ kind: 'Selector', selector: 'a=b' })).toBe('-l a=b');
  });
});

describe('labelSelectorQuery', () => {
  const rows: [unknown, string | undefined][] = [
    [{ matchLabels: { app: 'web', tier: 'front' } }, 'app=web,tier=front'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'zone', operator: 'NotIn', values: ['c'] },
          { key: 'canary', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      'app=web,env in (a,b),zone notin (c),canary,!legacy',
    ],
    [{}, ''],
    [undefined, undefined],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, undefined],
  ];
  it.each(rows)('should render %j as %s', (selector, expected) => {
    expect(labelSelectorQuery(selector)).toBe(expected);
  });
});

describe('ingressServiceNames', () => {
  it('should list the default backend and every path backend once, sorted', () => {
    expect(
      ingressServiceNames({
        spec: {
          defaultBackend: { service: { name: 'fallback' } },
          rules: [
            { http: { paths: [{ backend: { service: { name: 'web' } } }] } },
            {
              http: {
                paths: [
                  { backend: { service: { name: 'api' } } },
                  { backend: { service: { name: 'web' } } },
                  { backend: { resource: { kind: 'Bucket', name: 'b' } } },
                ],
              },
            },
          ],
        },
      }),
    ).toEqual(['api', 'fallback', 'web']);
  });
});

describe('podQueries', () => {
  const deployment = { spec: { selector: { matchLabels: { app: 'web' } } } };
  const service = (selector?: Record<string, string>) => ({
    spec: selector === undefined ? {} : { selector },
  });
  const rows: [string, LogTarget, Record<string, unknown> | undefined, unknown[], unknown][] = [
    ['deploy', { kind: 'Deployment', name: 'web' }, deployment, [], [{ labelSelector: 'app=web' }]],
    ['sts', { kind: 'StatefulSet', name: 'db' }, deployment, [], [{ labelSelector: 'app=web' }]],
    [
      'job',
      { kind: 'Job', name: 'm' },
      { spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } } } },
      [],
      [{ labelSelector: 'batch.kubernetes.io/controller-uid=u1' }],
    ],
    [
      'svc',
      { kind: 'Service', name: 'web' },
      service({ app: 'web' }),
      [],
      [{ labelSelector: 'app=web' }],
    ],
    [
      'ing with two Services, one without selector, one repeated',
      { kind: 'Ingress', name: 'front' },
      {},
      [service({ app: 'web' }), service(), service({ app: 'api' }), service({ app: 'web' })],
      [{ labelSelector: 'app=web' }, { labelSelector: 'app=api' }],
    ],
    ['node', { kind: 'Node', name: 'n1' }, undefined, [], [{ fieldSelector: 'spec.nodeName=n1' }]],
    ['pod', { kind: 'Pod', name: 'p' }, undefined, [], [{ fieldSelector: 'metadata.name=p' }]],
    ['-l', { kind: 'Selector', selector: 'a=b' }, undefined, [], [{ labelSelector: 'a=b' }]],
  ];
  it.each(rows)('should select pods of %s', (_name, target, object, services, expected) => {
    expect(podQueries(target, object, services as Record<string, unknown>[])).toEqual(expected);
  });

  const bad: [string, LogTarget, Record<string, unknown>, string][] = [
    [
      'svc without selector',
      { kind: 'Service', name: 'ext' },
      service(),
      'svc/ext has no selector',
    ],
    [
      'ing without usable backend',
      { kind: 'Ingress', name: 'i' },
      { spec: {} },
      'ing/i has no backend Service with a selector (backends: none)',
    ],
    [
      'deploy without selector',
      { kind: 'Deployment', name: 'w' },
      { spec: {} },
      'deploy/w has no label selector',
    ],
  ];
  it.each(bad)('should refuse %s', (_name, target, object, message) => {
    expect(() => podQueries(target, object, [])).toThrow(message);
  });
});

describe('labelSelectorQuery and ingressServiceNames on malformed objects', () => {
  it('should not render a selector with an expression that is not an object', () => {
    expect(labelSelectorQuery({ matchLabels: { app: 'web' }, matchExpressions: [null] })).toBe(
      undefined,
    );
  });

  it('should render an expression whose values are not a list as an empty set', () => {
    expect(
      labelSelectorQuery({ matchExpressions: [{ key: 'env', operator: 'In', values: 'a' }] }),
    ).toBe('env in ()');
  });

  it('should skip rules and paths that are not objects', () => {
    expect(
      ingressServiceNames({
        spec: {
          rules: [null, { http: { paths: [null, { backend: { service: { name: 'web' } } }] } }],
        },
      }),
    ).toEqual(['web']);
  });
});
