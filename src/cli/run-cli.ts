import { EXIT, KprodError, isKprodError } from '../errors.js';
import { escapeControl } from '../kube/escape-control.js';
import {
  type CliIO,
  type Command,
  type CommandGroup,
  parseCommandArgs,
  renderCommandHelp,
  renderGroupHelp,
} from './define-command.js';
import { EVENT_OUTPUT_OPTION, errorEventLine } from './options/output-events.js';
import { closestName } from '../kube/closest-name.js';

/** What prints the version at the top level: kubectl's `version`, the usual flags. */
const VERSION_WORDS = new Set(['version', '--version', '-V', '-v']);

/**
 * Runs the command named by argv below `root` and returns the exit code. Errors never escape:
 * a KprodError prints `kprod: CODE: message` and its hint; anything else is a bug and prints
 * KPROD_INTERNAL (with the stack only under --debug).
 */
export async function runCli(
  root: CommandGroup,
  argv: readonly string[],
  io: CliIO,
  version: string,
): Promise<number> {
  const debug = argv.includes('--debug');
  let jsonEvents = false;
  try {
    let node: Command | CommandGroup = root;
    let prefix = root.name;
    let rest = [...argv];
    while (node.kind === 'group') {
      const [first, ...tail] = rest;
      if (first === undefined || first === '--help' || first === '-h') {
        io.stdout.write(renderGroupHelp(node, prefix, node === root));
        return EXIT.OK;
      }
      // `kprod help rollout status` is `kprod rollout status --help`, as in git and kubectl.
      if (first === 'help') {
        if (tail.length === 0) {
          io.stdout.write(renderGroupHelp(node, prefix, node === root));
          return EXIT.OK;
        }
        rest = [...tail, '--help'];
        continue;
      }
      if (node === root && VERSION_WORDS.has(first)) {
        io.stdout.write(`${version}\n`);
        return EXIT.OK;
      }
      const entry: CommandGroup['subcommands'][string] | undefined = node.subcommands[first];
      if (entry === undefined) {
        const near = first.startsWith('-')
          ? undefined
          : closestName(first, Object.keys(node.subcommands));
        throw new KprodError(
          'KPROD_USAGE',
          first.startsWith('-')
            ? `unknown option ${first} for '${prefix}'`
            : `unknown command '${first}' for '${prefix}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`,
          { hint: `Run '${prefix} --help' to list the commands.` },
        );
      }
      node = await entry.load();
      prefix = `${prefix} ${first}`;
      rest = tail;
    }
    const parsed = parseCommandArgs(node, rest);
    jsonEvents =
      node.options['output'] === EVENT_OUTPUT_OPTION && parsed.options['output'] === 'json';
    if (parsed.options.help === true) {
      io.stdout.write(renderCommandHelp(node));
      return EXIT.OK;
    }
    return await node.run({ options: parsed.options, positionals: parsed.positionals, io, root });
  } catch (error) {
    if (jsonEvents) {
      const known = isKprodError(error)
        ? error
        : new KprodError('KPROD_INTERNAL', error instanceof Error ? error.message : String(error), {
            hint: 're-run with --debug and report it',
          });
      io.stdout.write(errorEventLine(known, new Date()));
    }
    return reportError(error, io, debug);
  }
}

/** Prints an error the way every kprod command does and returns its exit code. */
export function reportError(error: unknown, io: CliIO, debug: boolean): number {
  if (isKprodError(error)) {
    // Messages quote names from manifests, command lines and servers: escape every control
    // character but the line breaks kprod itself puts between the lines of a message.
    const text = `kprod: ${error.code}: ${error.message}\n  hint: ${error.hint}`;
    io.stderr.write(`${text.split('\n').map(escapeControl).join('\n')}\n`);
    if (debug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    if (debug && error.cause !== undefined)
      io.stderr.write(
        `cause: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : JSON.stringify(error.cause)}\n`,
      );
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `kprod: KPROD_INTERNAL: ${escapeControl(message)}\n  hint: re-run with --debug and report it\n`,
  );
  if (debug && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n`);
  }
  return EXIT.INTERNAL;
}
