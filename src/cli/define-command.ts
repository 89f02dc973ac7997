import { parseArgs } from 'node:util';
import { KprodError } from '../errors.js';

/** Where a command reads and writes: the real process in `main.ts`, buffers in tests. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM, so long waits can stop cleanly. */
  readonly signal: AbortSignal;
}

/** One command-line option, in the shape `node:util` parseArgs takes, plus help text. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean | string[];
  readonly description: string;
  /**
   * A string option that may also stand alone: `--dry-run` alone means `--dry-run=server`. It
   * takes the next argument as its value only when that is one of `values`.
   */
  readonly bare?: { readonly value: string; readonly values: readonly string[] };
  /** Placeholder shown in help, e.g. `FILE`. */
  readonly valueName?: string;
}

export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

type OptionValue<O extends OptionSpec> = O['type'] extends 'boolean'
  ? O['multiple'] extends true
    ? boolean[]
    : boolean
  : O['multiple'] extends true
    ? string[]
    : string;

/** Parsed option values; an option without a default may be absent. */
export type OptionValues<O extends OptionsSpec> = {
  [K in keyof O]: O[K]['default'] extends string | boolean | string[]
    ? OptionValue<O[K]>
    : OptionValue<O[K]> | undefined;
};

/** What `run` receives. */
export interface CommandContext<O extends OptionsSpec> {
  readonly options: OptionValues<O>;
  readonly positionals: string[];
  readonly io: CliIO;
  /** The whole command tree, for commands that describe it (completion). */
  readonly root: CommandGroup;
}

/** A leaf command: parse, run, return the exit code. */
export interface Command<O extends OptionsSpec = OptionsSpec> {
  readonly kind: 'command';
  /** Full name as typed, e.g. `user add`. */
  readonly name: string;
  readonly summary: string;
  /** Synopsis after `kprod <name>`, e.g. `NAME [options]`. */
  readonly usage: string;
  readonly description?: string;
  readonly options: O;
  readonly positionals?: { readonly min?: number; readonly max?: number };
  readonly examples?: readonly string[];
  run(ctx: CommandContext<O>): Promise<number>;
}

/** A command with subcommands, each loaded only when used so `--help` stays fast. */
export interface CommandGroup {
  readonly kind: 'group';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly subcommands: Readonly<Record<string, SubcommandEntry>>;
}

/** A table row: its summary (for help) and how to load it. */
export interface SubcommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command | CommandGroup>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionsSpec = {
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
  debug: { type: 'boolean', description: 'Show stack traces and internal details on errors.' },
  'no-color': {
    type: 'boolean',
    description: 'No colours (also NO_COLOR=1; FORCE_COLOR=1 forces them).',
  },
};

/**
 * Whether human output may use colour: never with --no-color or NO_COLOR, always with
 * FORCE_COLOR (other than 0 or false), else only on a terminal.
 */
export function useColor(
  io: Pick<CliIO, 'stdout' | 'env'>,
  noColorFlag: boolean | undefined,
): boolean {
  if (noColorFlag === true || (io.env['NO_COLOR'] ?? '') !== '') return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return io.stdout.isTTY === true;
}

/** Declares a leaf command with typed options (identity at run time). */
export function defineCommand<const O extends OptionsSpec>(
  spec: Omit<Command<O>, 'kind'>,
): Command<O> {
  return { kind: 'command', ...spec };
}

/** Declares a command group. */
export function defineGroup(spec: Omit<CommandGroup, 'kind'>): CommandGroup {
  return { kind: 'group', ...spec };
}

/**
 * Parses argv for a command. Unknown options, missing values and a wrong number of positionals
 * raise KPROD_USAGE, which the runner turns into exit code 2 with the command's usage line.
 */
export function parseCommandArgs<O extends OptionsSpec>(
  command: Command<O>,
  argv: readonly string[],
): { options: OptionValues<O> & { help?: boolean; debug?: boolean }; positionals: string[] } {
  const options: OptionsSpec = { ...command.options, ...GLOBAL_OPTIONS };
  const parseOptions = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => {
      const out: Record<string, unknown> = { type: spec.type };
      if (spec.short !== undefined) out['short'] = spec.short;
      if (spec.multiple !== undefined) out['multiple'] = spec.multiple;
      if (spec.default !== undefined) out['default'] = spec.default;
      return [name, out];
    }),
  ) as unknown as NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: expandBareOptions(argv, options),
      options: parseOptions,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new KprodError('KPROD_USAGE', `kprod ${command.name}: ${parseErrorText(error, argv)}`, {
      hint: `Usage: kprod ${command.name} ${command.usage} (see --help)`,
    });
  }
  const { min = 0, max = Infinity } = command.positionals ?? {};
  const count = parsed.positionals.length;
  if (parsed.values['help'] !== true && (count < min || count > max)) {
    const expected =
      min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new KprodError(
      'KPROD_USAGE',
      `kprod ${command.name}: expected ${expected} argument(s), got ${count}`,
      { hint: `Usage: kprod ${command.name} ${command.usage}` },
    );
  }
  return {
    options: parsed.values as OptionValues<O> & { help?: boolean; debug?: boolean },
    positionals: parsed.positionals,
  };
}

/** Rewrites a standalone `--NAME` of an option with a `bare` value to `--NAME=VALUE`. */
function expandBareOptions(argv: readonly string[], options: OptionsSpec): string[] {
  return argv.map((arg, index) => {
    const bare = arg.startsWith('--') ? options[arg.slice(2)]?.bare : undefined;
    if (bare === undefined || bare.values.includes(argv[index + 1] ?? '')) return arg;
    return `${arg}=${bare.value}`;
  });
}

/**
 * node:util's parse errors, reworded: its own text suggests quoting with unbalanced quotes and
 * speaks of arguments the user never typed.
 */
function parseErrorText(error: unknown, argv: readonly string[]): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `unknown option ${option} (to pass an argument that starts with "-", put it after --)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--[\w-]+/.exec(message)?.[0] ?? option;
    return message.includes('argument missing')
      ? `option ${long} needs a value`
      : `option ${long} takes no value`;
  }
  return `${message} (arguments: ${argv.join(' ')})`;
}

/** Renders `--help` for a leaf command. */
export function renderCommandHelp(command: Command): string {
  const lines = [`Usage: kprod ${command.name} ${command.usage}`.trimEnd(), '', command.summary];
  if (command.description !== undefined) lines.push('', command.description.trimEnd());
  const all: OptionsSpec = { ...command.options, ...GLOBAL_OPTIONS };
  const rows = Object.entries(all).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
    const def =
      spec.default === undefined || spec.default === false
        ? ''
        : ` (default: ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)})`;
    const repeat = spec.multiple === true ? ' (repeatable)' : '';
    return [`  ${short}--${name}${value}`, `${spec.description}${def}${repeat}`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  lines.push('', 'Options:', ...rows.map(([left, right]) => left.padEnd(width) + right));
  if (command.examples !== undefined && command.examples.length > 0) {
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  }
  return lines.join('\n') + '\n';
}

/** Options of the top level, listed in its help. */
const TOP_LEVEL_OPTIONS: readonly (readonly [string, string])[] = [
  ['-h, --help', "Show this help (`kprod help COMMAND` shows a command's)."],
  ['-V, -v, --version', 'Print the version (also `kprod version`).'],
  ['    --debug', 'Show stack traces and internal details on errors (any command).'],
  ['    --no-color', 'No colours (also NO_COLOR=1; FORCE_COLOR=1 forces them).'],
];

/** Renders `--help` for a command group; the top level also lists its own options. */
export function renderGroupHelp(group: CommandGroup, prefix: string, topLevel = false): string {
  const names = Object.keys(group.subcommands);
  const width = Math.max(0, ...names.map((n) => n.length)) + 4;
  const lines = [`Usage: ${prefix} <command> [options]`, '', group.summary];
  if (group.description !== undefined) lines.push('', group.description.trimEnd());
  lines.push(
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${group.subcommands[n]?.summary ?? ''}`),
  );
  if (topLevel) {
    const left = Math.max(...TOP_LEVEL_OPTIONS.map(([o]) => o.length)) + 4;
    lines.push('', 'Options:', ...TOP_LEVEL_OPTIONS.map(([o, d]) => `  ${o.padEnd(left - 2)}${d}`));
  }
  lines.push('', `Run '${prefix} <command> --help' for a command's options.`);
  return lines.join('\n') + '\n';
}
