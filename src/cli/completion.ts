import { KprodError, EXIT } from '../errors.js';
import {
  type Command,
  type CommandGroup,
  GLOBAL_OPTIONS,
  defineCommand,
} from './define-command.js';

/** One completion table row: the words typed so far (commands only) and what may come next. */
interface CompletionRow {
  readonly path: string;
  readonly leaf: boolean;
  readonly words: readonly string[];
}

/** Loads the whole command tree (every module) and lists what may follow each command path. */
async function completionRows(group: CommandGroup, path: string[] = []): Promise<CompletionRow[]> {
  const names = Object.keys(group.subcommands);
  const rows: CompletionRow[] = [
    {
      path: path.join(' '),
      leaf: false,
      words: path.length === 0 ? [...names, 'help', 'version', '--help', '--version'] : names,
    },
  ];
  for (const name of names) {
    const node: Command | CommandGroup = await (group.subcommands[name]?.load() ??
      Promise.reject(new Error(name)));
    if (node.kind === 'group') rows.push(...(await completionRows(node, [...path, name])));
    else {
      const options = Object.keys({ ...node.options, ...GLOBAL_OPTIONS }).map((o) => `--${o}`);
      rows.push({ path: [...path, name].join(' '), leaf: true, words: options });
    }
  }
  return rows;
}

/** A bash completion function (zsh runs it through bashcompinit). */
export function renderBashCompletion(rows: readonly CompletionRow[]): string {
  // Groups match exactly, commands also with positionals after them: groups come first.
  const ordered = [...rows.filter((r) => !r.leaf), ...rows.filter((r) => r.leaf)];
  return [
    '# kprod completion for bash: source <(kprod completion bash)',
    '_kprod() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" key="" words="" i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) key="${key:+$key }${COMP_WORDS[i]}" ;; esac',
    '  done',
    '  case "$key" in',
    ...ordered.map(
      (r) =>
        `    "${r.path}"${r.leaf ? ' | "' + r.path + ' "*' : ''}) words="${r.words.join(' ')}" ;;`,
    ),
    '  esac',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -F _kprod kprod',
    '',
  ].join('\n');
}

/** fish completions: commands after their parent, options of each command. */
export function renderFishCompletion(rows: readonly CompletionRow[]): string {
  const lines = [
    '# kprod completion for fish: kprod completion fish | source',
    'complete -c kprod -f',
  ];
  for (const row of rows) {
    const parts = row.path === '' ? [] : row.path.split(' ');
    const condition =
      parts.length === 0
        ? '__fish_use_subcommand'
        : parts.map((p) => `__fish_seen_subcommand_from ${p}`).join('; and ');
    if (row.leaf) {
      for (const word of row.words) {
        lines.push(`complete -c kprod -n '${condition}' -l ${word.slice(2)}`);
      }
    } else {
      const commands = row.words.filter((w) => !w.startsWith('-'));
      lines.push(`complete -c kprod -n '${condition}' -a '${commands.join(' ')}'`);
    }
  }
  return lines.join('\n') + '\n';
}

const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** `kprod completion bash|zsh|fish`. */
export const completionCommand = defineCommand({
  name: 'completion',
  summary: 'Print a shell completion script: bash, zsh or fish.',
  usage: 'bash|zsh|fish',
  description: [
    'bash:  source <(kprod completion bash)     (or save it in /etc/bash_completion.d/kprod)',
    'zsh:   source <(kprod completion zsh)      (in ~/.zshrc)',
    'fish:  kprod completion fish > ~/.config/fish/completions/kprod.fish',
  ].join('\n'),
  options: {},
  positionals: { min: 1, max: 1 },
  examples: ['source <(kprod completion bash)'],
  async run({ positionals, io, root }) {
    const shell = positionals[0] ?? '';
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new KprodError('KPROD_USAGE', `kprod completion: unknown shell "${shell}"`, {
        hint: 'Use one of: bash, zsh, fish.',
      });
    }
    const rows = await completionRows(root);
    const text =
      shell === 'fish'
        ? renderFishCompletion(rows)
        : shell === 'zsh'
          ? `autoload -U +X bashcompinit && bashcompinit\n${renderBashCompletion(rows)}`
          : renderBashCompletion(rows);
    io.stdout.write(text);
    return EXIT.OK;
  },
});
