import * as v from 'valibot';
import { KprodError } from '../../errors.js';

/**
 * The release state kept in one annotation on the cluster (the Deployment for rolling and canary,
 * the live Service for blue-green), so a killed job can be resumed, watched or aborted from
 * another machine. It holds every option the release was started with: resuming needs no flags.
 */

/** The annotation that holds a release's state, as JSON. */
export const RELEASE_ANNOTATION = 'kprod.dev/release';

/** The annotation `kprod release promote|abort` writes for a running release to pick up. */
export const REQUEST_ANNOTATION = 'kprod.dev/release-request';

export const STRATEGIES = ['rolling', 'blue-green', 'canary'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const TRAFFIC_PROVIDERS = ['nginx', 'istio', 'gateway'] as const;
export type TrafficProvider = (typeof TRAFFIC_PROVIDERS)[number];

/**
 * The phases of each strategy's machine (strategy/*.ts), and `done`. A state recorded in any other
 * phase was written by a newer kprod or edited by hand: no machine of this kprod can go on from it.
 */
export const PHASES: Readonly<Record<Strategy, readonly string[]>> = {
  rolling: ['set-image', 'wait', 'rollback-image', 'rollback-wait', 'done'],
  'blue-green': [
    'prepare-idle',
    'wait-idle',
    'preview',
    'smoke',
    'switch',
    'keep-old',
    'scale-down-old',
    'rollback-switch',
    'rollback-scale',
    'done',
  ],
  canary: [
    'create-canary',
    'wait-canary',
    'set-weight',
    'hold',
    'analyse',
    'promote-stable',
    'wait-stable',
    'restore-traffic',
    'remove-canary',
    'rollback-traffic',
    'rollback-scale',
    'rollback-stable',
    'rollback-wait-stable',
    'done',
  ],
};

const optionsSchema = v.object({
  steps: v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  intervalMs: v.pipe(v.number(), v.minValue(0)),
  traffic: v.picklist(TRAFFIC_PROVIDERS),
  prometheus: v.optional(v.string()),
  successRate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  p99Seconds: v.pipe(v.number(), v.minValue(0)),
  failureLimit: v.pipe(v.number(), v.integer(), v.minValue(1)),
  keepOldMs: v.pipe(v.number(), v.minValue(0)),
  smoke: v.array(v.string()),
  rollback: v.boolean(),
  canaryReplicas: v.pipe(v.number(), v.integer(), v.minValue(1)),
  container: v.optional(v.string()),
  queries: v.optional(
    v.object({ successRate: v.optional(v.string()), p99: v.optional(v.string()) }),
  ),
});

const stateSchema = v.object({
  version: v.literal(1),
  strategy: v.picklist(STRATEGIES),
  name: v.string(),
  namespace: v.string(),
  image: v.string(),
  previousImage: v.string(),
  startedAt: v.string(),
  updatedAt: v.string(),
  status: v.picklist(['progressing', 'succeeded', 'failed', 'aborted']),
  phase: v.string(),
  step: v.pipe(v.number(), v.integer(), v.minValue(0)),
  holdUntil: v.optional(v.string()),
  failures: v.pipe(v.number(), v.integer(), v.minValue(0)),
  message: v.optional(v.string()),
  rollback: v.optional(v.object({ status: v.picklist(['failed', 'aborted']), reason: v.string() })),
  /** Canary: the stable Deployment may already carry the new image. */
  stableChanged: v.optional(v.boolean()),
  /** Blue-green: the colour live when the release started, and the replicas to bring up. */
  live: v.optional(v.picklist(['blue', 'green'])),
  replicas: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** Blue-green: the live Service already points at the new colour. */
  switched: v.optional(v.boolean()),
  options: optionsSchema,
});

/** Options of a release, fixed when it starts. */
export type ReleaseOptions = v.InferOutput<typeof optionsSchema>;

/** A release's state. `phase` names the action in progress (see each strategy's machine). */
export type ReleaseState = v.InferOutput<typeof stateSchema>;

/** Final statuses: nothing runs any more. */
export function isFinished(state: ReleaseState): boolean {
  return state.status !== 'progressing';
}

/** Serialises a state for the annotation. */
export function serializeReleaseState(state: ReleaseState): string {
  return JSON.stringify(state);
}

/**
 * Reads the annotation text. A damaged annotation is a user-visible error naming the object, not
 * a crash: it can be fixed with `kubectl annotate ... kprod.dev/release-`.
 */
export function parseReleaseState(text: string, where: string): ReleaseState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(where, `not JSON (${(error as Error).message})`, error);
  }
  const result = v.safeParse(stateSchema, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '(root)';
    throw invalid(where, `${path}: ${issue.message}`, undefined);
  }
  const { strategy, phase } = result.output;
  if (!PHASES[strategy].includes(phase)) {
    throw invalid(
      where,
      `phase: a ${strategy} release has no phase "${phase}"`,
      undefined,
      `A newer kprod or a hand edit wrote it. Finish the release with the kprod that started it, or remove the state (${removeCommand(where)}) and start again.`,
    );
  }
  return result.output;
}

/** `kubectl annotate -n NS kind/name kprod.dev/release-` for `where` (`Deployment NS/NAME`). */
function removeCommand(where: string): string {
  const [kind = 'deployment', ref = ''] = where.split(' ');
  const [namespace = '', name = ''] = ref.split('/');
  return `\`kubectl annotate -n ${namespace} ${kind.toLowerCase()}/${name} ${RELEASE_ANNOTATION}-\``;
}

function invalid(where: string, detail: string, cause: unknown, hint?: string): KprodError {
  return new KprodError(
    'RELEASE_STATE_INVALID',
    `the ${RELEASE_ANNOTATION} annotation on ${where} is not a valid release state: ${detail}`,
    hint === undefined ? { cause } : { cause, hint },
  );
}

/** What a release starts from. */
export interface ReleaseStart {
  strategy: Strategy;
  name: string;
  namespace: string;
  image: string;
  previousImage: string;
  now: number;
  options: ReleaseOptions;
  /** Blue-green only: the colour the live Service selects now and its Deployment's replicas. */
  live?: 'blue' | 'green';
  replicas?: number;
}

/** The first phase of each strategy. */
const FIRST_PHASE: Record<Strategy, string> = {
  rolling: 'set-image',
  'blue-green': 'prepare-idle',
  canary: 'create-canary',
};

/** The state of a release that has not done anything yet. */
export function initialReleaseState(start: ReleaseStart): ReleaseState {
  const at = new Date(start.now).toISOString();
  const state: ReleaseState = {
    version: 1,
    strategy: start.strategy,
    name: start.name,
    namespace: start.namespace,
    image: start.image,
    previousImage: start.previousImage,
    startedAt: at,
    updatedAt: at,
    status: 'progressing',
    phase: FIRST_PHASE[start.strategy],
    step: 0,
    failures: 0,
    options: start.options,
  };
  if (start.live !== undefined) state.live = start.live;
  if (start.replicas !== undefined) state.replicas = start.replicas;
  return state;
}
