import { describe, expect, it } from 'vitest';
import type { Outcome, ReleaseAction } from './action.js';
import {
  PHASES,
  STRATEGIES,
  initialReleaseState,
  parseReleaseState,
  serializeReleaseState,
  type ReleaseOptions,
  type ReleaseState,
  type Strategy,
} from '../state.js';
import { blueGreenMachine } from './blue-green.js';
import { canaryMachine } from './canary.js';
import { rollingMachine } from './rolling.js';
import { nextReleaseAction } from './strategies.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

const OPTIONS: ReleaseOptions = {
  steps: [10, 50, 100],
  intervalMs: 60_000,
  traffic: 'nginx',
  successRate: 0.99,
  p99Seconds: 0.5,
  failureLimit: 2,
  keepOldMs: 600_000,
  smoke: ['GET /route1 200'],
  rollback: true,
  canaryReplicas: 1,
};

function start(strategy: Strategy, options: Partial<ReleaseOptions> = {}): ReleaseState {
  return initialReleaseState({
    strategy,
    name: 'web',
    namespace: 'prod',
    image: 'reg/web@sha256:new',
    previousImage: 'reg/web@sha256:old',
    now: T0,
    options: { ...OPTIONS, ...options },
    ...(strategy === 'blue-green' ? { live: 'blue' as const, replicas: 3 } : {}),
  });
}

/** Answers every action with success, except those `fail` names (by its short form). */
function outcomes(fail: Record<string, number> = {}): (action: ReleaseAction) => Outcome {
  const left = { ...fail };
  return (action) => {
    const key = short(action);
    const failing = (left[key] ?? 0) > 0;
    if (failing) left[key] = (left[key] ?? 0) - 1;
    switch (action.type) {
      case 'wait':
        return { kind: 'waited' };
      case 'wait-rollout':
        return {
          kind: 'rollout',
          ok: !failing,
          message: failing ? 'ProgressDeadlineExceeded' : 'ok',
        };
      case 'analyse':
        return { kind: 'analysis', passed: !failing, message: failing ? 'success rate 0.5' : 'ok' };
      case 'smoke':
        return { kind: 'smoke', passed: !failing, message: failing ? 'GET /route1: 500' : 'ok' };
      default:
        return { kind: 'done' };
    }
  };
}

/** A compact, exact description of an action for the tables. */
function short(action: ReleaseAction): string {
  switch (action.type) {
    case 'set-image':
      return `set-image ${action.deployment} ${action.image.split(':').pop() ?? ''}${action.replicas === undefined ? '' : ` x${action.replicas}`}`;
    case 'wait-rollout':
    case 'delete-deployment':
      return `${action.type} ${action.deployment}`;
    case 'ensure-canary':
      return `ensure-canary ${action.deployment} x${action.replicas}`;
    case 'scale':
      return `scale ${action.deployment} ${action.replicas}`;
    case 'set-traffic':
      return `set-traffic ${action.weight}`;
    case 'wait':
      return `wait ${String((Date.parse(action.until) - T0) / 1000)}s`;
    case 'smoke':
      return `smoke ${action.service}`;
    case 'point-service':
      return `point-service ${action.service} ${action.color}`;
    default:
      return action.type;
  }
}

interface Trace {
  /** The persisted state before each action, and the action. */
  steps: { state: ReleaseState; action: string }[];
  final: ReleaseState;
}

/**
 * Runs a release to its end the way the loop does: decide, persist (a JSON round trip, as the
 * annotation does), perform; the clock jumps to the end of each wait.
 */
function drive(
  state: ReleaseState,
  answer: (action: ReleaseAction) => Outcome,
  first: { request?: 'promote' | 'abort' } = {},
): Trace {
  const steps: Trace['steps'] = [];
  let now = Date.parse(state.updatedAt);
  let decision = nextReleaseAction(state, { now, ...first });
  for (let i = 0; i < 100; i++) {
    const persisted = parseReleaseState(serializeReleaseState(decision.state), 'test');
    if (decision.action.type === 'finish') return { steps, final: persisted };
    steps.push({ state: persisted, action: short(decision.action) });
    const outcome = answer(decision.action);
    if (decision.action.type === 'wait') now = Date.parse(decision.action.until);
    else now += 1000;
    decision = nextReleaseAction(persisted, { now, outcome });
  }
  throw new Error('release did not finish in 100 steps');
}

const actions = (trace: Trace): string[] => trace.steps.map((s) => s.action);

describe('nextReleaseAction (rolling)', () => {
  it('should set the image and wait', () => {
    const trace = drive(start('rolling'), outcomes());
    expect(actions(trace)).toEqual(['set-image web new', 'wait-rollout web']);
    expect(trace.final.status).toBe('succeeded');
  });

  it('should set the previous image back when the rollout fails', () => {
    const trace = drive(start('rolling'), outcomes({ 'wait-rollout web': 1 }));
    expect(actions(trace)).toEqual([
      'set-image web new',
      'wait-rollout web',
      'set-image web old',
      'wait-rollout web',
    ]);
    expect(trace.final).toMatchObject({ status: 'failed', message: 'ProgressDeadlineExceeded' });
  });

  it('should leave the failed rollout alone with rollback off', () => {
    const trace = drive(start('rolling', { rollback: false }), outcomes({ 'wait-rollout web': 1 }));
    expect(actions(trace)).toEqual(['set-image web new', 'wait-rollout web']);
    expect(trace.final).toMatchObject({
      status: 'failed',
      message: 'ProgressDeadlineExceeded (rollback off)',
    });
  });
});

describe('nextReleaseAction (blue-green)', () => {
  it('should bring green up, smoke it, switch, keep blue, then scale blue down', () => {
    const trace = drive(start('blue-green'), outcomes());
    expect(actions(trace)).toEqual([
      'set-image web-green new x3',
      'wait-rollout web-green',
      'point-service web-preview green',
      'smoke web-preview',
      'point-service web green',
      'wait 605s',
      'scale web-blue 0',
    ]);
    expect(trace.final).toMatchObject({ status: 'succeeded', switched: true });
  });

  it('should skip the preview when there are no smoke checks', () => {
    const trace = drive(start('blue-green', { smoke: [], keepOldMs: 0 }), outcomes());
    expect(actions(trace)).toEqual([
      'set-image web-green new x3',
      'wait-rollout web-green',
      'point-service web green',
      'wait 3s',
      'scale web-blue 0',
    ]);
  });

  it('should keep blue live and scale green down when a smoke check fails', () => {
    const trace = drive(start('blue-green'), outcomes({ 'smoke web-preview': 1 }));
    expect(actions(trace)).toEqual([
      'set-image web-green new x3',
      'wait-rollout web-green',
      'point-service web-preview green',
      'smoke web-preview',
      'point-service web blue',
      'scale web-green 0',
    ]);
    expect(trace.final).toMatchObject({ status: 'failed', message: 'GET /route1: 500' });
  });
});

describe('nextReleaseAction (canary)', () => {
  const HAPPY = [
    'ensure-canary web-v2 x1',
    'wait-rollout web-v2',
    'set-traffic 10',
    'wait 63s',
    'analyse',
    'set-traffic 50',
    'wait 125s',
    'analyse',
    'set-traffic 100',
    'wait 187s',
    'analyse',
    'set-image web new',
    'wait-rollout web',
    'set-traffic 0',
    'delete-deployment web-v2',
  ];

  it('should walk the steps, promote the stable Deployment and remove the canary', () => {
    const trace = drive(start('canary'), outcomes());
    expect(actions(trace)).toEqual(HAPPY);
    expect(trace.final).toMatchObject({ status: 'succeeded', failures: 0 });
  });

  it('should tolerate failed analyses below the failure limit', () => {
    const trace = drive(start('canary'), outcomes({ analyse: 1 }));
    expect(actions(trace).slice(0, 8)).toEqual([
      'ensure-canary web-v2 x1',
      'wait-rollout web-v2',
      'set-traffic 10',
      'wait 63s',
      'analyse',
      'wait 124s',
      'analyse',
      'set-traffic 50',
    ]);
    expect(trace.final).toMatchObject({ status: 'succeeded', failures: 1 });
  });

  it('should send traffic back and scale the canary to zero at the failure limit', () => {
    const trace = drive(start('canary'), outcomes({ analyse: 2 }));
    expect(actions(trace)).toEqual([
      'ensure-canary web-v2 x1',
      'wait-rollout web-v2',
      'set-traffic 10',
      'wait 63s',
      'analyse',
      'wait 124s',
      'analyse',
      'set-traffic 0',
      'scale web-v2 0',
    ]);
    expect(trace.final).toMatchObject({
      status: 'failed',
      failures: 2,
      message: 'analysis failed 2 time(s): success rate 0.5',
    });
  });

  it('should restore the stable image when the promoted stable rollout fails', () => {
    const trace = drive(start('canary'), outcomes({ 'wait-rollout web': 1 }));
    expect(actions(trace).slice(HAPPY.indexOf('wait-rollout web'))).toEqual([
      'wait-rollout web',
      'set-traffic 0',
      'scale web-v2 0',
      'set-image web old',
      'wait-rollout web',
    ]);
    expect(trace.final.status).toBe('failed');
  });

  it('should skip the remaining steps on promote', () => {
    const base = drive(start('canary'), outcomes()).steps[3]!.state;
    expect(base.phase).toBe('hold');
    const trace = drive(base, outcomes(), { request: 'promote' });
    expect(actions(trace)).toEqual([
      'set-image web new',
      'wait-rollout web',
      'set-traffic 0',
      'delete-deployment web-v2',
    ]);
    expect(trace.final.status).toBe('succeeded');
  });
});

/** The happy path of each strategy, for the generated resume and abort rows. */
const PATHS = (['rolling', 'blue-green', 'canary'] as const).map((strategy) => ({
  strategy,
  trace: drive(start(strategy), outcomes()),
}));

/** What abort performs, by the phase it interrupts. */
const ABORT: Record<Strategy, Record<string, string[]>> = {
  rolling: {
    'set-image': ['set-image web old', 'wait-rollout web'],
    wait: ['set-image web old', 'wait-rollout web'],
  },
  'blue-green': Object.fromEntries(
    ['prepare-idle', 'wait-idle', 'preview', 'smoke', 'switch', 'keep-old'].map((phase) => [
      phase,
      ['point-service web blue', 'scale web-green 0'],
    ]),
  ),
  canary: Object.fromEntries([
    ...['create-canary', 'wait-canary', 'set-weight', 'hold', 'analyse'].map(
      (phase): [string, string[]] => [phase, ['set-traffic 0', 'scale web-v2 0']],
    ),
    ...['promote-stable', 'wait-stable', 'restore-traffic', 'remove-canary'].map(
      (phase): [string, string[]] => [
        phase,
        ['set-traffic 0', 'scale web-v2 0', 'set-image web old', 'wait-rollout web'],
      ],
    ),
  ]),
};

const ROWS = PATHS.flatMap(({ strategy, trace }) =>
  trace.steps.map((step, index) => ({ strategy, index, ...step, trace })),
);

/** Failing paths, so kills during a rollback are resumed too. */
const FAILING = [
  { strategy: 'rolling' as const, fail: { 'wait-rollout web': 1 } },
  { strategy: 'blue-green' as const, fail: { 'smoke web-preview': 1 } },
  { strategy: 'canary' as const, fail: { analyse: 2 } },
  { strategy: 'canary' as const, fail: { 'wait-rollout web': 1 } },
].flatMap(({ strategy, fail }) => {
  const trace = drive(start(strategy), outcomes(fail));
  return trace.steps.map((step, index) => ({ strategy, index, fail, ...step, trace }));
});

describe('nextReleaseAction (resume after a kill during a failing release)', () => {
  it.each(FAILING)(
    'should redo $action and fail the same way when $strategy is killed at step $index',
    ({ state, action, index, trace, fail }) => {
      // Outcomes already consumed before the kill are not repeated.
      const left = { ...fail } as Record<string, number>;
      for (const done of trace.steps.slice(0, index)) {
        if ((left[done.action] ?? 0) > 0) left[done.action] = (left[done.action] ?? 0) - 1;
      }
      const resumed = drive(state, outcomes(left));
      expect(resumed.steps[0]?.action).toBe(action);
      expect(actions(resumed)).toEqual(actions(trace).slice(index));
      expect(resumed.final).toEqual({ ...trace.final, updatedAt: resumed.final.updatedAt });
    },
  );
});

describe('nextReleaseAction (resume after a kill)', () => {
  it.each(ROWS)(
    'should redo $action and finish the same way when $strategy is killed at step $index',
    ({ state, action, index, trace }) => {
      // The job died after persisting `state` and before (or while) performing its action.
      const resumed = drive(state, outcomes());
      expect(resumed.steps[0]?.action).toBe(action);
      expect(actions(resumed)).toEqual(actions(trace).slice(index));
      expect(resumed.final.status).toBe('succeeded');
    },
  );
});

describe('nextReleaseAction (abort)', () => {
  it.each(ROWS)(
    'should roll back as the table says when $strategy is aborted at step $index ($action)',
    ({ strategy, state }) => {
      const trace = drive(state, outcomes(), { request: 'abort' });
      const expected = ABORT[strategy][state.phase];
      if (expected === undefined) {
        // Past the point of no return (blue-green scaling the old colour down): abort is ignored.
        expect(state.phase).toBe('scale-down-old');
        expect(trace.final.status).toBe('succeeded');
        return;
      }
      expect(actions(trace)).toEqual(expected);
      expect(trace.final).toMatchObject({ status: 'aborted', message: 'aborted on request' });
    },
  );

  it('should cover every phase of every strategy in the abort table', () => {
    const phases = ROWS.map((row) => `${row.strategy}:${row.state.phase}`);
    const table = Object.entries(ABORT).flatMap(([s, rows]) =>
      Object.keys(rows).map((p) => `${s}:${p}`),
    );
    expect(new Set([...phases.filter((p) => p !== 'blue-green:scale-down-old')])).toEqual(
      new Set(table),
    );
  });

  it('should ignore a second abort while rolling back', () => {
    const aborted = nextReleaseAction(start('canary'), { now: T0, request: 'abort' }).state;
    const again = nextReleaseAction(aborted, { now: T0 + 1, request: 'abort' });
    expect(again.state).toBe(aborted);
    expect(again.action).toEqual({ type: 'set-traffic', weight: 0 });
  });

  it('should finish at once for a release that already ended', () => {
    const done = drive(start('rolling'), outcomes()).final;
    expect(nextReleaseAction(done, { now: T0, request: 'abort' })).toEqual({
      state: done,
      action: { type: 'finish' },
    });
  });
});

describe('PHASES', () => {
  const machines = {
    rolling: rollingMachine,
    'blue-green': blueGreenMachine,
    canary: canaryMachine,
  };

  it.each(STRATEGIES)('should list exactly the phases the %s machine acts on', (strategy) => {
    const base = start(strategy);
    const actsOn = (phase: string): boolean => {
      try {
        machines[strategy].actionOf({ ...base, phase });
        return true;
      } catch {
        return false;
      }
    };
    expect(PHASES[strategy].filter((phase) => phase !== 'done').filter(actsOn)).toEqual(
      PHASES[strategy].filter((phase) => phase !== 'done'),
    );
    expect(actsOn('warp-drive')).toBe(false);
  });
});
