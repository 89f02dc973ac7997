import { describe, expect, it } from 'vitest';
import { parsePipelineOptions } from './options.js';

describe('parsePipelineOptions', () => {
  it('should default to what the workflow runs: npm test, no approval, a started registry', () => {
    expect(parsePipelineOptions([], {})).toEqual({
      tests: undefined,
      skipTests: false,
      approve: false,
      approvalTimeoutMs: 600_000,
      registry: undefined,
      out: undefined,
      namespacePrefix: 'pipeline',
      buildNumber: '1',
      canarySteps: '25,50',
      canaryInterval: '5s',
      help: false,
    });
  });

  it.each([
    [['--tests', 'npm run typecheck'], {}, { tests: 'npm run typecheck' }],
    [['--tests=npx vitest run src/ops'], {}, { tests: 'npx vitest run src/ops' }],
    [[], { PIPELINE_TESTS: 'npm run lint' }, { tests: 'npm run lint' }],
    [['--skip-tests'], { PIPELINE_TESTS: 'npm run lint' }, { tests: undefined, skipTests: true }],
    [['--approve', '--approval-timeout', '30'], {}, { approve: true, approvalTimeoutMs: 30_000 }],
    [['--registry', '127.0.0.1:5000'], {}, { registry: '127.0.0.1:5000' }],
    [
      ['--namespace-prefix=ci-7', '--build-number', '42'],
      {},
      { namespacePrefix: 'ci-7', buildNumber: '42' },
    ],
    [
      ['--canary-steps', '10,100', '--canary-interval', '1m'],
      {},
      { canarySteps: '10,100', canaryInterval: '1m' },
    ],
    [['-h'], {}, { help: true }],
  ])('should read %j (env %j)', (argv, env, expected) => {
    expect(parsePipelineOptions(argv, env)).toMatchObject(expected);
  });

  it.each([
    [['--frobnicate'], 'unknown option "--frobnicate" (see --help)'],
    [['--tests'], '--tests needs a value (see --help)'],
    [['--skip-tests', '--tests', 'x'], '--skip-tests and --tests exclude each other'],
    [['--approval-timeout', '0'], '--approval-timeout 0: expected seconds, 1 to 999999'],
    [
      ['--registry', 'ghcr.io'],
      '--registry ghcr.io: expected a loopback HOST:PORT such as 127.0.0.1:5000',
    ],
    [
      ['--namespace-prefix', 'Prod_'],
      '--namespace-prefix "Prod_": expected a DNS label of at most 42 characters',
    ],
    [['--build-number', 'x1'], '--build-number x1: expected a number'],
    [['--canary-steps', '25;50'], '--canary-steps 25;50: expected percents, e.g. 25,50'],
    [['--canary-interval', '5'], '--canary-interval 5: expected e.g. 5s or 1m'],
  ])('should refuse %j', (argv, message) => {
    expect(() => parsePipelineOptions(argv, {})).toThrow(message);
  });
});
