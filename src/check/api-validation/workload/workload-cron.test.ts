import { describe, expect, it } from 'vitest';
import { cronScheduleProblem } from './workload-cron.js';

/** Expected texts as kube-apiserver v1.36.3 printed them for the same schedules. */
describe('cronScheduleProblem', () => {
  it.each([
    ['*/5 * * * *', undefined],
    ['@hourly', undefined],
    ['* * * jan-mar mon-fri', undefined],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['@sometimes', 'unrecognized descriptor: @sometimes'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
  ])('should judge %j as the API server does', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toBe(problem);
  });
});
