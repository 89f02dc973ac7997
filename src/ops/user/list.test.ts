import { describe, expect, it } from 'vitest';
import { quotaUsage, renderTenantTable } from './list.js';

describe('quotaUsage', () => {
  it('should pair status.hard with status.used, sorted by resource', () => {
    expect(
      quotaUsage({
        spec: { hard: { pods: '50' } },
        status: { hard: { pods: '50', 'limits.cpu': '5' }, used: { pods: '2' } },
      }),
    ).toEqual([
      { resource: 'limits.cpu', used: '?', hard: '5' },
      { resource: 'pods', used: '2', hard: '50' },
    ]);
  });

  it('should fall back to spec.hard before the quota controller has run, and to nothing', () => {
    expect(quotaUsage({ spec: { hard: { pods: '5' } } })).toEqual([
      { resource: 'pods', used: '?', hard: '5' },
    ]);
    expect(quotaUsage(null)).toEqual([]);
  });
});

describe('renderTenantTable', () => {
  it('should align columns and show expiry as date and days left, or expired', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    const text = renderTenantTable(
      [
        {
          name: 'alice',
          namespace: 'ns-alice',
          phase: 'Active',
          quota: [{ resource: 'pods', used: '3', hard: '50' }],
          certificateNotAfter: '2026-12-03T10:00:00.000Z',
        },
        {
          name: 'bob',
          namespace: 'ns-bob',
          phase: 'Terminating',
          quota: [],
          certificateNotAfter: '2026-11-26T09:00:00.000Z',
        },
        {
          name: 'carol',
          namespace: 'ns-carol',
          phase: 'Active',
          quota: [{ resource: 'limits.memory', used: '128Mi', hard: '1Gi' }],
          certificateNotAfter: '2026-11-27T09:00:00.000Z',
        },
      ],
      now,
    );
    expect(text).toBe(
      [
        'USER    NAMESPACE   STATUS        PODS   REQUESTS.CPU   REQUESTS.MEMORY   LIMITS.CPU   LIMITS.MEMORY   CERT EXPIRES',
        'alice   ns-alice    Active        3/50   -              -                 -            -               2026-12-03 10:00 (in 7d)',
        'bob     ns-bob      Terminating   -      -              -                 -            -               2026-11-26 09:00 (expired)',
        'carol   ns-carol    Active        -      -              -                 -            128Mi/1Gi       2026-11-27 09:00 (in 23h)',
        '',
      ].join('\n'),
    );
  });
});
