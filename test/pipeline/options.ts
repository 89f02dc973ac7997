/**
 * The flags of `npm run pipeline:local` (docs/pipeline.md), parsed without side effects so a
 * bad flag stops the pipeline before anything starts.
 */

/** What the local pipeline was asked to do. */
export interface PipelineOptions {
  /** The test step's command; undefined runs `npm test`, as the workflow does. */
  readonly tests: string | undefined;
  readonly skipTests: boolean;
  /** true: production is approved up front; false: ask on a terminal, else stop at the gate. */
  readonly approve: boolean;
  /** How long the approval prompt waits for an answer. */
  readonly approvalTimeoutMs: number;
  /** `HOST:PORT` of a running registry to push to; undefined starts one. */
  readonly registry: string | undefined;
  /** Where the step files (SARIF, image JSON, summary) go; undefined makes a temporary folder. */
  readonly out: string | undefined;
  /** Namespaces `<prefix>-dev`, `<prefix>-staging`, `<prefix>-production`. */
  readonly namespacePrefix: string;
  readonly buildNumber: string;
  /** The canary's `--steps` and `--interval`, shorter than the workflow's defaults. */
  readonly canarySteps: string;
  readonly canaryInterval: string;
  readonly help: boolean;
}

/** A flag the pipeline does not accept (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The help text (`--help`). */
export const USAGE = `Usage: npm run pipeline:local -- [options]

Runs the steps of .github/workflows/pipeline.yml on this machine: test, kprod check (SARIF),
kprod image build and push to a local docker-registry, the dev overlay applied with the new
digest, kprod release with a canary analysed by a local Prometheus to staging, the approval
gate, and production. The environments are namespaces of the local control plane.

Options:
  --skip-tests              Skip the test step (dist/ is still built).
  --tests CMD               Run CMD as the test step instead of \`npm test\` (also PIPELINE_TESTS).
  --approve                 Approve the production release up front.
  --approval-timeout SEC    How long the approval prompt waits (default: 600).
  --registry HOST:PORT      Push to this running registry instead of starting one.
  --out DIR                 Where the step files go (default: a new temporary folder).
  --namespace-prefix NAME   Namespaces NAME-dev, NAME-staging, NAME-production (default: pipeline).
  --build-number N          Build number of the image tag <git hash>-<N> (default: 1).
  --canary-steps LIST       kprod release --steps (default: 25,50).
  --canary-interval DUR     kprod release --interval (default: 5s).
  -h, --help                Show this help.

Without --approve the gate asks on a terminal; without a terminal the pipeline stops at the
gate (staging released, production not) and exits 0.
Exit codes: 0 passed (or stopped at the gate), 1 a step failed, 2 bad options or a missing
program, 130 interrupted (Ctrl-C), 143 terminated.`;

const VALUE_FLAGS = new Set([
  '--tests',
  '--approval-timeout',
  '--registry',
  '--out',
  '--namespace-prefix',
  '--build-number',
  '--canary-steps',
  '--canary-interval',
]);

function check(ok: boolean, message: string): void {
  if (!ok) throw new UsageError(message);
}

/** Parses argv (without node and the script) and the environment into options. */
export function parsePipelineOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): PipelineOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 && name !== arg ? arg.slice(eq + 1) : argv[++i];
      check(value !== undefined, `${name} needs a value (see --help)`);
      values.set(name, value!);
    } else if (['--skip-tests', '--approve', '--help', '-h'].includes(arg)) {
      flags.add(arg === '-h' ? '--help' : arg);
    } else {
      throw new UsageError(`unknown option ${JSON.stringify(arg)} (see --help)`);
    }
  }
  const tests = values.get('--tests') ?? (env['PIPELINE_TESTS'] || undefined);
  check(
    !(flags.has('--skip-tests') && values.has('--tests')),
    '--skip-tests and --tests exclude each other',
  );
  const timeout = values.get('--approval-timeout') ?? '600';
  check(
    /^[1-9]\d{0,5}$/.test(timeout),
    `--approval-timeout ${timeout}: expected seconds, 1 to 999999`,
  );
  const registry = values.get('--registry');
  check(
    registry === undefined || /^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/.test(registry),
    `--registry ${String(registry)}: expected a loopback HOST:PORT such as 127.0.0.1:5000`,
  );
  const prefix = values.get('--namespace-prefix') ?? 'pipeline';
  check(
    /^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/.test(prefix),
    `--namespace-prefix ${JSON.stringify(prefix)}: expected a DNS label of at most 42 characters`,
  );
  const build = values.get('--build-number') ?? '1';
  check(/^\d{1,12}$/.test(build), `--build-number ${build}: expected a number`);
  const steps = values.get('--canary-steps') ?? '25,50';
  check(
    /^\d{1,3}(,\d{1,3})*$/.test(steps),
    `--canary-steps ${steps}: expected percents, e.g. 25,50`,
  );
  const interval = values.get('--canary-interval') ?? '5s';
  check(/^\d+(ms|s|m)$/.test(interval), `--canary-interval ${interval}: expected e.g. 5s or 1m`);
  return {
    tests: flags.has('--skip-tests') ? undefined : tests,
    skipTests: flags.has('--skip-tests'),
    approve: flags.has('--approve'),
    approvalTimeoutMs: Number(timeout) * 1000,
    registry,
    out: values.get('--out'),
    namespacePrefix: prefix,
    buildNumber: build,
    canarySteps: steps,
    canaryInterval: interval,
    help: flags.has('--help'),
  };
}
