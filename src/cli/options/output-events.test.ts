import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createEventWriter,
  formatClock,
  parseOutputFormat,
  rolloutProgressData,
  formatElapsed,
  rolloutProgressLine,
  rolloutWaitingLine,
} from './output-events.js';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    text: () => text,
  };
}

const status = {
  done: false,
  message:
    'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
  counts: { desired: 3, updated: 1, ready: 3, available: 3, total: 4 },
  revision: 5,
};
const clock = (): Date => new Date('2026-11-26T10:42:07.123Z');

describe('createEventWriter', () => {
  it('should write human lines with the UTC time', () => {
    const out = sink();
    createEventWriter({ stdout: out.stream }, 'human', clock).emit(
      'rollout.progress',
      rolloutProgressData('deploy/web', 'shop', status),
      rolloutProgressLine('deploy/web', status),
    );
    expect(out.text()).toBe(
      '10:42:07 deploy/web: 1/3 updated, 3 ready, 3 available: Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    );
  });

  it('should write one JSON object per line with time and event', () => {
    const out = sink();
    createEventWriter({ stdout: out.stream }, 'json', clock).emit(
      'rollout.progress',
      rolloutProgressData('deploy/web', 'shop', status),
      'ignored',
    );
    expect(JSON.parse(out.text())).toEqual({
      time: '2026-11-26T10:42:07.123Z',
      event: 'rollout.progress',
      target: 'deploy/web',
      namespace: 'shop',
      desired: 3,
      updated: 1,
      ready: 3,
      available: 3,
      total: 4,
      done: false,
      revision: 5,
      message: status.message,
    });
    expect(out.text().endsWith('}\n')).toBe(true);
  });
});

describe('formatClock', () => {
  it('should print HH:MM:SS in UTC', () => {
    expect(formatClock(new Date('2026-01-02T03:04:05.999Z'))).toBe('03:04:05');
  });
});

describe('parseOutputFormat', () => {
  it('should accept human and json only', () => {
    expect(parseOutputFormat('json')).toBe('json');
    expect(() => parseOutputFormat('yaml')).toThrow('--output must be human or json, got "yaml"');
  });
});

describe('rolloutWaitingLine', () => {
  it('should say how long and what the wait is for', () => {
    expect(rolloutWaitingLine('deploy/web', status, 45_900)).toBe(
      'deploy/web: still waiting after 45s: Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [125_000, '2m05s'],
    [3_720_000, '1h02m'],
  ])('should write %d ms as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
