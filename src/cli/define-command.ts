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
};

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
      args: [...argv],
      options: parseOptions,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new KprodError('KPROD_USAGE', `kprod ${command.name}: ${(error as Error).message}`, {
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

/** Renders `--help` for a command group. */
export function renderGroupHelp(group: CommandGroup, prefix: string): string {
  const names = Object.keys(group.subcommands);
  const width = Math.max(0, ...names.map((n) => n.length)) + 4;
  const lines = [`Usage: ${prefix} <command> [options]`, '', group.summary];
  if (group.description !== undefined) lines.push('', group.description.trimEnd());
  lines.push(
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${group.subcommands[n]?.summary ?? ''}`),
    '',
    `Run '${prefix} <command> --help' for a command's options.`,
  );
  return lines.join('\n') + '\n';
}
