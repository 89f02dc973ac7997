import { describe, expect, it } from 'vitest';
import { KprodError } from '../../errors.js';
import { initialReleaseState, parseReleaseState, serializeReleaseState } from './state.js';

const STATE = initialReleaseState({
  strategy: 'canary',
  name: 'web',
  namespace: 'prod',
  image: 'reg/web@sha256:new',
  previousImage: 'reg/web@sha256:old',
  now: Date.parse('2026-01-01T00:00:00.000Z'),
  options: {
    steps: [10, 100],
    intervalMs: 1000,
    traffic: 'istio',
    successRate: 0.99,
    p99Seconds: 0.5,
    failureLimit: 2,
    keepOldMs: 0,
    smoke: [],
    rollback: true,
    canaryReplicas: 1,
  },
});

describe('initialReleaseState', () => {
  it('should start a canary at its first phase and step', () => {
    expect(STATE).toMatchObject({
      status: 'progressing',
      phase: 'create-canary',
      step: 0,
      failures: 0,
      startedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('parseReleaseState', () => {
  it('should read back what serializeReleaseState wrote', () => {
    expect(parseReleaseState(serializeReleaseState(STATE), 'x')).toEqual(STATE);
  });

  it.each([
    ['{', 'not JSON'],
    ['{"version":2}', 'version: Invalid type: Expected 1 but received 2'],
    [
      JSON.stringify({ ...STATE, strategy: 'big-bang' }),
      'strategy: Invalid type: Expected ("rolling" | "blue-green" | "canary") but received "big-bang"',
    ],
  ])('should reject %s naming the object and the field', (text, detail) => {
    let error: unknown;
    try {
      parseReleaseState(text, 'Deployment prod/web');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).code).toBe('RELEASE_STATE_INVALID');
    expect((error as KprodError).exitCode).toBe(2);
    expect((error as KprodError).message).toContain(
      `the kprod.dev/release annotation on Deployment prod/web is not a valid release state: ${detail}`,
    );
  });
});
