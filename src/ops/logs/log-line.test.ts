import { describe, expect, it } from 'vitest';
import { KprodError } from '../../errors.js';
import { KubeApiError } from '../kube-api.js';
import {
  START_POSITION,
  type StreamPosition,
  admitLine,
  classifyLogFailure,
  lineSelected,
  reconnectPosition,
  resumeSinceTime,
  splitTimestamp,
  timestampKey,
} from './log-line.js';

describe('splitTimestamp', () => {
  const rows: [string, string | undefined, string][] = [
    ['2026-01-02T03:04:05.123456789Z hello world', '2026-01-02T03:04:05.123456789Z', 'hello world'],
    ['2026-01-02T03:04:05Z ', '2026-01-02T03:04:05Z', ''],
    ['2026-01-02T03:04:05.5+02:00 x', '2026-01-02T03:04:05.5+02:00', 'x'],
    ['no stamp here', undefined, 'no stamp here'],
    ['2026-01-02 03:04:05 not rfc3339', undefined, '2026-01-02 03:04:05 not rfc3339'],
  ];
  it.each(rows)('should split %j', (line, timestamp, message) => {
    expect(splitTimestamp(line)).toEqual({ timestamp, message });
  });
});

describe('timestampKey', () => {
  it('should pad fractions and convert offsets so keys sort in time order', () => {
    expect(timestampKey('2026-01-02T03:04:05.5Z')).toBe('2026-01-02T03:04:05.500000000Z');
    expect(timestampKey('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05.000000000Z');
    expect(timestampKey('2026-01-02T05:04:05.000000001+02:00')).toBe(
      '2026-01-02T03:04:05.000000001Z',
    );
    expect(timestampKey('yesterday')).toBeUndefined();
    expect(
      timestampKey('2026-01-02T03:04:05.5Z')! > timestampKey('2026-01-02T03:04:05.123Z')!,
    ).toBe(true);
  });
});

function feed(position: StreamPosition, stamps: (string | undefined)[]) {
  const admitted: boolean[] = [];
  let p = position;
  for (const stamp of stamps) {
    const step = admitLine(p, stamp);
    admitted.push(step.admit);
    p = step.position;
  }
  return { admitted, position: p };
}

describe('admitLine', () => {
  const T1 = '2026-01-02T03:04:05.000000001Z';
  const T2 = '2026-01-02T03:04:05.000000002Z';
  const T3 = '2026-01-02T03:04:06Z';

  it('should admit every line of a fresh stream, equal stamps included', () => {
    const { admitted, position } = feed(START_POSITION, [T1, T1, T2, T2, T2]);
    expect(admitted).toEqual([true, true, true, true, true]);
    expect(position.last).toEqual({ key: T2, count: 3 });
  });

  const replays: [string, (string | undefined)[], (string | undefined)[], boolean[]][] = [
    ['older lines are skipped, newer admitted', [T1, T2], [T1, T2, T3], [false, false, true]],
    [
      'lines at the last stamp are skipped as often as printed',
      [T2, T2],
      [T1, T2, T2, T2, T3],
      [false, false, false, true, true],
    ],
    ['after the replay equal stamps are new again', [T2], [T2, T3, T3], [false, true, true]],
    ['a line without a stamp is always new', [T2], [undefined, T2, T3], [true, false, true]],
  ];
  it.each(replays)('after a reconnect: %s', (_name, printed, reread, expected) => {
    const before = feed(START_POSITION, printed).position;
    expect(feed(reconnectPosition(before), reread).admitted).toEqual(expected);
  });
});

describe('resumeSinceTime', () => {
  it('should ask from the second of the last printed line', () => {
    expect(resumeSinceTime({ key: '2026-01-02T03:04:05.900000000Z', count: 2 })).toBe(
      '2026-01-02T03:04:05Z',
    );
  });
});

describe('lineSelected', () => {
  const rows: [string, RegExp[], RegExp[], boolean][] = [
    ['GET / 200', [], [], true],
    ['GET / 200', [/POST/, /GET/], [], true],
    ['GET / 200', [/POST/], [], false],
    ['GET /healthz 200', [/GET/], [/healthz/], false],
    ['GET / 500', [], [/healthz/, /readyz/], true],
  ];
  it.each(rows)(
    'should decide %j with include %s exclude %s',
    (message, include, exclude, expected) => {
      expect(lineSelected(message, include, exclude)).toBe(expected);
    },
  );
});

describe('classifyLogFailure', () => {
  const api = (status: number, message: string) =>
    new KubeApiError('KUBE_API_ERROR', message, status, '');
  const rows: [string, unknown, string][] = [
    ['403', api(403, 'pods "a" is forbidden'), 'forbidden'],
    ['404', api(404, 'pods "a" not found'), 'gone'],
    [
      '400 waiting',
      api(400, 'container "app" in pod "a" is waiting to start: ContainerCreating'),
      'not-ready',
    ],
    [
      '500 kubelet',
      api(
        500,
        'Get "https://10.0.0.2:10250/containerLogs/ns/a/app": dial tcp 10.0.0.2:10250: i/o timeout',
      ),
      'node-unreachable',
    ],
    ['503 other', api(503, 'the server is currently unable to handle the request'), 'retry'],
    [
      'broken connection',
      new KprodError('KUBE_UNREACHABLE', 'stream broke: socket hang up'),
      'retry',
    ],
    ['401', new KprodError('KUBE_UNAUTHORIZED', 'Unauthorized'), 'forbidden'],
  ];
  it.each(rows)('should classify %s', (_name, error, expected) => {
    expect(classifyLogFailure(error)).toBe(expected);
  });
});
