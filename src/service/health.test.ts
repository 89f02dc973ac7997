import { describe, expect, it } from 'vitest';
import { readinessAnswer, readinessOf } from './health.js';

describe('readinessOf', () => {
  it.each([
    [{ configLoaded: false, draining: false }, 'starting'],
    [{ configLoaded: true, draining: false }, 'ready'],
    [{ configLoaded: true, draining: true }, 'draining'],
    [{ configLoaded: false, draining: true }, 'draining'],
  ] as const)('should turn %j into %s', (state, readiness) => {
    expect(readinessOf(state)).toBe(readiness);
  });
});

describe('readinessAnswer', () => {
  it.each([
    ['ready', 200, 'ready'],
    ['starting', 503, 'starting'],
    ['draining', 503, 'draining'],
  ] as const)('should answer %s with %i %s', (readiness, status, body) => {
    expect(readinessAnswer(readiness)).toEqual({ status, body });
  });
});
