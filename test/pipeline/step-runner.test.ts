import { describe, expect, it } from 'vitest';
import {
  StepFailed,
  StepRunner,
  displayCommand,
  formatDuration,
  renderSummary,
} from './step-runner.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [1234, '1.2 s'],
    [59_949, '59.9 s'],
    [60_000, '1 min 00 s'],
    [184_400, '3 min 04 s'],
  ])('should print %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('renderSummary', () => {
  it('should print one aligned row per step and the total', () => {
    expect(
      renderSummary(
        [
          { name: 'test', result: 'skipped', ms: 0, note: '--skip-tests' },
          { name: 'image', result: 'passed', ms: 41_500, note: 'r/m:a-1@sha256:x' },
          { name: 'production', result: 'waiting', ms: 0, note: '' },
        ],
        125_000,
      ),
    ).toBe(
      [
        '==> summary',
        'test        skipped         0.0 s  --skip-tests',
        'image       passed         41.5 s  r/m:a-1@sha256:x',
        'production  waiting         0.0 s',
        'total                  2 min 05 s',
      ].join('\n'),
    );
  });
});

describe('displayCommand', () => {
  it('should quote only the arguments a shell would split', () => {
    expect(displayCommand(['sh', '-c', "npx vitest run 'a b'", 'x=1'])).toBe(
      `sh -c 'npx vitest run '\\''a b'\\''' x=1`,
    );
  });
});

describe('StepRunner', () => {
  it('should print the step header, the command and its output, and record the result', async () => {
    let log = '';
    const runner = new StepRunner((text) => (log += text));
    const note = await runner.step('hello', 'say hello', async () => {
      expect(
        await runner.run(['sh', '-c', 'echo out; echo err >&2'], {
          timeoutMs: 10_000,
          capture: true,
        }),
      ).toBe('out\n');
      return 'said';
    });
    expect(note).toBe('said');
    expect(log).toMatch(
      /^\n==> hello: say hello\n\$ sh -c 'echo out; echo err >&2'\n(out\nerr\n|err\nout\n)<== hello passed in \d+\.\d s\n$/,
    );
    expect(runner.records).toMatchObject([{ name: 'hello', result: 'passed', note: 'said' }]);
  });

  it('should fail a step whose command exits non-zero or runs past its deadline', async () => {
    const runner = new StepRunner(() => undefined);
    await expect(runner.run(['sh', '-c', 'exit 3'], { timeoutMs: 10_000 })).rejects.toThrow(
      new StepFailed(`sh -c 'exit 3' exited 3`),
    );
    await expect(
      runner.step('slow', 'sleeps', () =>
        runner.run(['sleep', '30'], { timeoutMs: 300 }).then(() => ''),
      ),
    ).rejects.toThrow('sleep did not finish within 0.3 s');
    expect(runner.records).toMatchObject([
      { name: 'slow', result: 'failed', note: 'sleep did not finish within 0.3 s' },
    ]);
  });
});

describe('StepRunner.interrupt', () => {
  it('should forward the signal to the running command and start no command after it', async () => {
    const runner = new StepRunner(() => undefined);
    const running = runner.run(['sleep', '30'], { timeoutMs: 60_000 });
    await new Promise((resolve) => setImmediate(resolve));
    runner.interrupt('SIGINT');
    await expect(running).rejects.toThrow(new StepFailed('sleep 30 exited SIGINT'));
    await expect(runner.run(['true'], { timeoutMs: 10_000 })).rejects.toThrow(
      new StepFailed('interrupted by SIGINT'),
    );
  });
});
