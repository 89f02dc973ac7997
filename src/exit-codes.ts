/** The exit codes of every kprod command and of multiroute; errors.ts maps each error to one. */

/** Process exit codes shared by every kprod command and by multiroute, with their meaning. */
export const EXIT_CODES = [
  { name: 'OK', code: 0, meaning: 'Everything worked.' },
  {
    name: 'FAILED',
    code: 1,
    meaning:
      'The command ran but the outcome is a failure: findings at `--fail-on`, a failed rollout or release.',
  },
  {
    name: 'USAGE',
    code: 2,
    meaning: 'Bad command line or bad input (unreadable file, invalid YAML, invalid config).',
  },
  {
    name: 'REMOTE',
    code: 3,
    meaning:
      'A remote party refused or could not be reached: Kubernetes API, registry, Prometheus.',
  },
  { name: 'TIMEOUT', code: 4, meaning: 'A wait ran past its `--timeout`.' },
  {
    name: 'INTERNAL',
    code: 70,
    meaning: 'An unexpected internal error (a bug: please report it with `--debug` output).',
  },
  { name: 'INTERRUPTED', code: 130, meaning: 'Interrupted by SIGINT before finishing.' },
] as const;

type ExitRow = (typeof EXIT_CODES)[number];

/** Exit codes by name: `EXIT.USAGE` is 2. */
export const EXIT = Object.fromEntries(EXIT_CODES.map((row) => [row.name, row.code])) as {
  readonly [R in ExitRow as R['name']]: R['code'];
};

export type ExitCode = ExitRow['code'];
