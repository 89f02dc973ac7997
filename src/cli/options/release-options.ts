import { KprodError } from '../../errors.js';
import { parseDuration } from '../../kube/duration.js';
import { parseSmokeCheck } from '../../ops/release/analysis/smoke.js';
import {
  STRATEGIES,
  TRAFFIC_PROVIDERS,
  type ReleaseOptions,
  type Strategy,
} from '../../ops/release/state.js';
import type { OptionSpec } from '../define-command.js';
import { REQUEST_TIMEOUT_OPTION } from './deploy-options.js';
import { EVENT_OUTPUT_OPTION } from './output-events.js';

/** The options of `kprod release`, shared by its four forms. */
export const RELEASE_OPTIONS = {
  'request-timeout': REQUEST_TIMEOUT_OPTION,
  image: { type: 'string', valueName: 'REF', description: 'New image (resolved to its digest).' },
  strategy: {
    type: 'string',
    default: 'rolling',
    valueName: 'NAME',
    description: 'rolling, blue-green or canary.',
  },
  steps: {
    type: 'string',
    default: '10,25,50,100',
    valueName: 'LIST',
    description: 'Canary: percent of traffic at each step.',
  },
  interval: {
    type: 'string',
    default: '1m',
    valueName: 'DURATION',
    description: 'Canary: how long each step is held before its analysis (also the query window).',
  },
  traffic: {
    type: 'string',
    default: 'nginx',
    valueName: 'PROVIDER',
    description: 'Canary traffic provider: nginx, istio or gateway.',
  },
  prometheus: {
    type: 'string',
    valueName: 'URL',
    description: 'Canary: Prometheus base URL for the analysis (required for canary).',
  },
  'success-rate': {
    type: 'string',
    default: '0.99',
    valueName: 'RATIO',
    description: 'Canary: minimum ratio of non-5xx answers.',
  },
  p99: {
    type: 'string',
    default: '0.5',
    valueName: 'SECONDS',
    description: 'Canary: maximum p99 latency.',
  },
  'failure-limit': {
    type: 'string',
    default: '2',
    valueName: 'N',
    description: 'Canary: failed analyses that fail the release.',
  },
  'query-success-rate': {
    type: 'string',
    valueName: 'PROMQL',
    description: 'Canary: replaces the success-rate query ({{selector}}, {{window}} are filled).',
  },
  'query-p99': {
    type: 'string',
    valueName: 'PROMQL',
    description: 'Canary: replaces the p99 latency query.',
  },
  'canary-replicas': {
    type: 'string',
    default: '1',
    valueName: 'N',
    description: 'Canary: replicas of the canary Deployment.',
  },
  'keep-old': {
    type: 'string',
    default: '10m',
    valueName: 'DURATION',
    description: 'Blue-green: how long the old colour stays up after the switch.',
  },
  smoke: {
    type: 'string',
    multiple: true,
    valueName: "'GET /PATH STATUS [~BODY]'",
    description: 'Blue-green: a check of the idle colour before the switch.',
  },
  'no-rollback': {
    type: 'boolean',
    description: 'Rolling: leave a failed rollout as it is.',
  },
  container: {
    type: 'string',
    valueName: 'NAME',
    description: 'Container whose image changes (default: the first).',
  },
  timeout: {
    type: 'string',
    default: '10m',
    valueName: 'DURATION',
    description: 'Longest wait for one rollout; past it the rollout counts as failed.',
  },
  'no-resolve': {
    type: 'boolean',
    description: 'Use --image as given instead of resolving its digest in the registry.',
  },
  'docker-config': {
    type: 'string',
    valueName: 'FILE',
    description: 'Registry credentials (default: ~/.docker/config.json).',
  },
  watch: { type: 'boolean', description: 'status: follow the release until it ends.' },
  'no-wait': {
    type: 'boolean',
    description: 'promote/abort: only record the request for the running release job.',
  },
  namespace: { type: 'string', short: 'n', valueName: 'NS', description: 'Namespace.' },
  kubeconfig: { type: 'string', valueName: 'FILE', description: 'Kubeconfig to use.' },
  context: { type: 'string', valueName: 'NAME', description: 'Kubeconfig context to use.' },
  output: EVENT_OUTPUT_OPTION,
} as const satisfies Record<string, OptionSpec>;

function usage(message: string, hint?: string): KprodError {
  return new KprodError('KPROD_USAGE', message, hint === undefined ? {} : { hint });
}

/** One of a fixed list, or KPROD_USAGE naming the choices. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw usage(`--${flag} "${value}" is not one of ${choices.join(', ')}`);
}

function number(flag: string, text: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw usage(`--${flag} "${text}" is not a number from ${String(min)} to ${String(max)}`);
  }
  if (integer && !Number.isInteger(value)) throw usage(`--${flag} "${text}" is not an integer`);
  return value;
}

/** Parses `--steps 10,25,50,100`: increasing percents from 1 to 100. */
export function parseSteps(text: string): number[] {
  const steps = text.split(',').map((part) => number('steps', part, 1, 100, true));
  if (steps.some((step, i) => i > 0 && step <= (steps[i - 1] ?? 0))) {
    throw usage(`--steps "${text}" must increase`, 'Write for example --steps 10,25,50,100.');
  }
  return steps;
}

/** The raw option values `kprod release` received (strings as typed). */
export interface RawReleaseOptions {
  strategy: string;
  steps: string;
  interval: string;
  traffic: string;
  prometheus?: string | undefined;
  'success-rate': string;
  p99: string;
  'failure-limit': string;
  'query-success-rate'?: string | undefined;
  'query-p99'?: string | undefined;
  'canary-replicas': string;
  'keep-old': string;
  smoke?: string[] | undefined;
  'no-rollback'?: boolean | undefined;
  container?: string | undefined;
}

/**
 * Validates the options of a new release into the options stored with it. Every problem is a
 * KPROD_USAGE error naming the flag, raised before anything touches the cluster.
 */
export function parseReleaseOptions(raw: RawReleaseOptions): {
  strategy: Strategy;
  options: ReleaseOptions;
} {
  const strategy = oneOf('strategy', raw.strategy, STRATEGIES);
  if (strategy === 'canary' && raw.prometheus === undefined) {
    throw usage(
      '--strategy canary needs --prometheus URL for its analysis',
      'Point it at Prometheus, e.g. `kubectl port-forward svc/prometheus 9090` and --prometheus http://127.0.0.1:9090.',
    );
  }
  if (raw.prometheus !== undefined && !/^https?:\/\/[^/]/.test(raw.prometheus)) {
    throw usage(`--prometheus "${raw.prometheus}" is not an http(s) URL`);
  }
  const smoke = raw.smoke ?? [];
  smoke.forEach(parseSmokeCheck);
  const options: ReleaseOptions = {
    steps: parseSteps(raw.steps),
    intervalMs: parseDuration(raw.interval, '--interval'),
    traffic: oneOf('traffic', raw.traffic, TRAFFIC_PROVIDERS),
    successRate: number('success-rate', raw['success-rate'], 0, 1),
    p99Seconds: number('p99', raw.p99, 0, 3600),
    failureLimit: number('failure-limit', raw['failure-limit'], 1, 1000, true),
    keepOldMs: parseDuration(raw['keep-old'], '--keep-old'),
    smoke,
    rollback: raw['no-rollback'] !== true,
    canaryReplicas: number('canary-replicas', raw['canary-replicas'], 1, 1000, true),
  };
  if (raw.prometheus !== undefined) options.prometheus = raw.prometheus;
  if (raw.container !== undefined) options.container = raw.container;
  if (raw['query-success-rate'] !== undefined || raw['query-p99'] !== undefined) {
    options.queries = {};
    if (raw['query-success-rate'] !== undefined)
      options.queries.successRate = raw['query-success-rate'];
    if (raw['query-p99'] !== undefined) options.queries.p99 = raw['query-p99'];
  }
  return { strategy, options };
}
