import { describe, expect, it } from 'vitest';
import { boundedRunEnv, heapBoundMib } from './check-heap-bound.js';

const MIB = 1024 * 1024;

describe('heapBoundMib', () => {
  it('should bound no run below 32 MiB of input', () => {
    expect(heapBoundMib(32 * MIB - 1, {})).toBeUndefined();
  });

  it('should bound large input at 48 MiB and 1.5 times its size', () => {
    expect(heapBoundMib(32 * MIB, {})).toBe(96);
    expect(heapBoundMib(200 * MIB, {})).toBe(348);
    expect(heapBoundMib(200 * MIB + 1, {})).toBe(349);
  });

  it('should take the bound from KPROD_CHECK_HEAP_MB, 0 meaning none', () => {
    expect(heapBoundMib(200 * MIB, { KPROD_CHECK_HEAP_MB: '700' })).toBe(700);
    expect(heapBoundMib(200 * MIB, { KPROD_CHECK_HEAP_MB: '0' })).toBeUndefined();
    expect(heapBoundMib(MIB, { KPROD_CHECK_HEAP_MB: '64' })).toBe(64);
  });

  it('should not bound the bounded run again', () => {
    expect(heapBoundMib(200 * MIB, { KPROD_CHECK_HEAP_BOUNDED: '400' })).toBeUndefined();
  });
});

describe('boundedRunEnv', () => {
  it('should mark the run as bounded and set the allocator to return large blocks', () => {
    expect(boundedRunEnv({ PATH: '/bin' }, 400)).toEqual({
      PATH: '/bin',
      MALLOC_MMAP_THRESHOLD_: '65536',
      MALLOC_ARENA_MAX: '2',
      KPROD_CHECK_HEAP_BOUNDED: '400',
    });
  });

  it("should keep the caller's own allocator settings", () => {
    const env = boundedRunEnv({ MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '1048576' }, 300);
    expect(env['MALLOC_ARENA_MAX']).toBe('8');
    expect(env['MALLOC_MMAP_THRESHOLD_']).toBe('1048576');
  });
});
