import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../field-errors.js';
import { validateResources } from './pod-resources.js';

const PATH = ['spec', 'containers', 0, 'resources'];
const AT = 'spec.containers[0].resources';

describe('validateResources', () => {
  it.each([
    [
      'valid requests below their limits',
      { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      [],
    ],
    [
      // Standard names are decided without their paths; a negative quantity still is an error,
      // and each limit is also the request it defaults.
      'negative standard resources',
      { limits: { memory: '-1Gi', cpu: '-100m', 'ephemeral-storage': '-1' } },
      [
        `${AT}.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`,
        `${AT}.limits[cpu]: Invalid value: "-100m": must be greater than or equal to 0`,
        `${AT}.limits[ephemeral-storage]: Invalid value: "-1": must be greater than or equal to 0`,
        `${AT}.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`,
        `${AT}.requests[cpu]: Invalid value: "-100m": must be greater than or equal to 0`,
        `${AT}.requests[ephemeral-storage]: Invalid value: "-1": must be greater than or equal to 0`,
      ],
    ],
    [
      // Requests come in the order of the limits they replace, then those without a limit.
      'requests merged over limits, extended resources',
      {
        limits: { 'example.com/foo': '2', memory: '1Gi' },
        requests: { cpu: '-1', 'example.com/foo': '1', 'example.com/bar': '1.5' },
      },
      [
        `${AT}.requests: Invalid value: "1": must be equal to example.com/foo limit of 2`,
        `${AT}.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
        `${AT}.requests[example.com/bar]: Invalid value: "1500m": must be an integer`,
        `${AT}.limits: Required value: Limit must be set for non overcommitable resources`,
      ],
    ],
    [
      'huge pages without cpu or memory, a name that is not standard',
      { requests: { 'hugepages-2Mi': '2Mi', Memory: '1Gi' }, limits: { 'hugepages-2Mi': '2Mi' } },
      [
        `${AT}.requests[Memory]: Invalid value: "Memory": must be a standard resource type or fully qualified`,
        `${AT}: Forbidden: HugePages require cpu or memory`,
      ],
    ],
    [
      'a value that is no quantity is skipped, a number is one',
      { limits: { cpu: 'lots', memory: 1073741824 }, requests: { memory: '2Gi' } },
      [
        `${AT}.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1073741824`,
      ],
    ],
  ])('should report %s', (_name, resources, expected) => {
    expect(validateResources(resources, PATH).map(formatFieldError)).toEqual(expected);
  });
});
