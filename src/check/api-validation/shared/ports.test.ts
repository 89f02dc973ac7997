import { describe, expect, it } from 'vitest';
import { portNameProblems as podPortNameProblems } from '../pod/pod-values.js';
import { formatFieldError } from '../field-errors.js';
import { portNameProblems, validatePortNumOrName, validateProtocol } from './ports.js';

// Messages as the v1.36.3 API server printed them for Service ports and target ports.
describe('portNameProblems', () => {
  it.each([
    ['http', []],
    ['abcdefghijklmno', []],
    ['abcdefghijklmnop', ['must be no more than 15 characters']],
    [
      'HTTP',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must contain at least one letter (a-z)',
      ],
    ],
    [
      'Foo--x',
      [
        'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'must not contain consecutive hyphens',
      ],
    ],
    ['8080', ['must contain at least one letter (a-z)']],
    ['-http', ['must not begin or end with a hyphen']],
  ])('should word %j as the API server does', (name, problems) => {
    expect(portNameProblems(name)).toEqual(problems);
  });
});

describe('validatePortNumOrName', () => {
  it.each([
    [0, ['spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    [65535, []],
    [
      65536,
      ['spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive'],
    ],
    ['http', []],
    [true, []],
  ])('should judge %j', (value, messages) => {
    const path = ['spec', 'ports', 0, 'targetPort'];
    expect(validatePortNumOrName(value, path).map(formatFieldError)).toEqual(messages);
  });
});

describe('validateProtocol', () => {
  it('should accept the three protocols and absent', () => {
    for (const p of ['TCP', 'UDP', 'SCTP', undefined])
      expect(validateProtocol(p, ['p'])).toEqual([]);
  });

  it('should list the supported protocols', () => {
    expect(validateProtocol('ICMP', ['p']).map(formatFieldError)).toEqual([
      'p: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });
});

describe('portNameProblems of both port rules', () => {
  const LETTERS = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  it.each([
    ['a'.repeat(15), []],
    ['a'.repeat(16), ['must be no more than 15 characters']],
    ['http-2', []],
    ['9a', []],
    ['123', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-a', ['must not begin or end with a hyphen']],
    ['a-', ['must not begin or end with a hyphen']],
    ['Http', [LETTERS]],
    ['http\n', [LETTERS]],
    ['', [LETTERS, 'must contain at least one letter (a-z)']],
  ])('should find in %j the problems %j', (name, problems) => {
    expect(portNameProblems(name)).toEqual(problems);
    expect(podPortNameProblems(name)).toEqual(problems);
  });
});
