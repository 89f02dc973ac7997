/**
 * `kprod logs TARGET`: the logs of every pod of a workload, Service, Ingress or node in one
 * stream, following pods as they come and go, each pod in its own colour.
 */
import { EXIT, KprodError } from '../errors.js';
import { connectKube } from '../ops/kube.js';
import { streamLogs } from '../ops/logs/follow.js';
import { type LineFormat, colourEnabled, formatLogLine } from '../ops/logs/format.js';
import { parseLogTarget } from '../ops/logs/target.js';
import { defineCommand } from './define-command.js';
import { parseDuration } from '../kube/duration.js';
import { createBatchedWriter } from './logs-output.js';

/** Streams at once unless --max-streams says otherwise. */
export const DEFAULT_MAX_STREAMS = 50;

function parseRegex(flag: string, text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw new KprodError(
      'KPROD_USAGE',
      `${flag} "${text}" is not a regular expression: ${(error as Error).message}`,
      { hint: 'Write a JavaScript regular expression, e.g. ^app$ or error|warn.' },
    );
  }
}

function parseCount(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min) {
    throw new KprodError(
      'KPROD_USAGE',
      `${flag} must be a whole number of at least ${min}, got "${text}"`,
    );
  }
  return value;
}

/** `kprod logs`. */
export const logsCommand = defineCommand({
  name: 'logs',
  summary: 'Print and follow the logs of every pod of a workload, Service, Ingress or node.',
  usage: 'TARGET | -l SELECTOR [options]',
  description: `TARGET is deploy/NAME, sts/NAME, ds/NAME, job/NAME, svc/NAME (the pods its selector
picks), ing/NAME (the pods behind its backend Services), node/NAME (every pod scheduled there, in
all namespaces unless -n), pod/NAME or a bare pod NAME. Follows by default: pods that appear
join the stream (+ on stderr), pods that go away leave it (-), a restarted container is read
again; a dropped stream reconnects from its last line without repeating it. Every line starts
with the pod (in a colour of its own on a terminal, unless NO_COLOR) and the container.
-o json prints one object per line: namespace, pod, container, node, timestamp, message (a
JSON log line, such as multiroute's, as an object).`,
  options: {
    kubeconfig: {
      type: 'string',
      valueName: 'FILE',
      description: 'Kubeconfig to use (default: KUBECONFIG or ~/.kube/config).',
    },
    context: { type: 'string', valueName: 'NAME', description: 'Kubeconfig context to use.' },
    namespace: {
      type: 'string',
      short: 'n',
      valueName: 'NS',
      description: "Namespace (default: the context's namespace).",
    },
    'all-namespaces': {
      type: 'boolean',
      short: 'A',
      description: 'Every namespace (with -l or node/ only).',
    },
    selector: {
      type: 'string',
      short: 'l',
      valueName: 'SELECTOR',
      description: 'Pods by label selector instead of a TARGET, e.g. app=web,tier!=db.',
    },
    container: {
      type: 'string',
      short: 'c',
      valueName: 'REGEX',
      description: 'Only containers whose name matches (init containers too when given).',
    },
    'no-follow': { type: 'boolean', description: 'Print the logs there are and exit.' },
    since: {
      type: 'string',
      valueName: 'DURATION',
      description: 'Only lines newer than this, e.g. 10s, 5m, 1h.',
    },
    tail: {
      type: 'string',
      valueName: 'N',
      description: 'Start with the last N lines of each container (default: all; -1 all).',
    },
    timestamps: {
      type: 'boolean',
      short: 't',
      description: 'Show the time the runtime stamped on each line.',
    },
    include: {
      type: 'string',
      multiple: true,
      valueName: 'REGEX',
      description: 'Only lines matching one of these.',
    },
    exclude: {
      type: 'string',
      multiple: true,
      valueName: 'REGEX',
      description: 'Drop lines matching any of these.',
    },
    previous: {
      type: 'boolean',
      short: 'p',
      description: 'The previous (crashed) instance of each container; implies --no-follow.',
    },
    'max-streams': {
      type: 'string',
      valueName: 'N',
      default: String(DEFAULT_MAX_STREAMS),
      description: 'Containers read at once; a target with more at the start is an error.',
    },
    output: {
      type: 'string',
      short: 'o',
      default: 'human',
      valueName: 'FORMAT',
      description: 'human (pod container message) or json (one object per line).',
    },
  },
  positionals: { max: 1 },
  examples: [
    'kprod logs deploy/multiroute -n multiroute',
    'kprod logs ing/multiroute -n multiroute --since 10m --exclude healthz',
    'kprod logs node/worker-2 --no-follow --tail 20',
    'kprod logs -l app=multiroute -A -o json | jq .message.msg',
  ],
  async run({ options, positionals, io }) {
    // Complete and validate every input before touching the cluster.
    const target = parseLogTarget(positionals[0], options.selector);
    const all = options['all-namespaces'] === true;
    if (all && options.namespace !== undefined) {
      throw new KprodError('KPROD_USAGE', 'give -n NS or -A, not both');
    }
    if (all && target.kind !== 'Selector' && target.kind !== 'Node') {
      throw new KprodError('KPROD_USAGE', `-A works with -l SELECTOR and node/NAME only`, {
        hint: 'A named object lives in one namespace: give it with -n.',
      });
    }
    const output = options.output;
    if (output !== 'human' && output !== 'json') {
      throw new KprodError('KPROD_USAGE', `--output must be human or json, got "${output}"`);
    }
    const container =
      options.container === undefined ? undefined : parseRegex('--container', options.container);
    const include = (options.include ?? []).map((r) => parseRegex('--include', r));
    const exclude = (options.exclude ?? []).map((r) => parseRegex('--exclude', r));
    const sinceMs =
      options.since === undefined ? undefined : parseDuration(options.since, '--since');
    if (sinceMs === 0) throw new KprodError('KPROD_USAGE', '--since must be longer than 0');
    const tail = options.tail === undefined ? -1 : parseCount('--tail', options.tail, -1);
    const maxStreams = parseCount('--max-streams', options['max-streams'], 1);
    const follow = options['no-follow'] !== true && options.previous !== true;

    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      env: io.env,
    });
    const namespace = all
      ? undefined
      : (options.namespace ?? (target.kind === 'Node' ? undefined : kube.namespace));
    const format: LineFormat = {
      output,
      colour: colourEnabled(io.stdout.isTTY, io.env, output),
      timestamps: options.timestamps === true,
      namespaces: namespace === undefined,
    };

    // Stop reading when stdout goes away (`kprod logs ... | head`).
    const stop = new AbortController();
    const signal = AbortSignal.any([io.signal, stop.signal]);
    const onError = (): void => {
      stop.abort();
    };
    io.stdout.on('error', onError);
    const out = createBatchedWriter(io.stdout, signal);
    try {
      await streamLogs(kube, {
        target,
        namespace,
        follow,
        previous: options.previous === true,
        container,
        include,
        exclude,
        sinceSeconds: sinceMs === undefined ? undefined : Math.ceil(sinceMs / 1000),
        tailLines: tail < 0 ? undefined : tail,
        maxStreams,
        signal,
        write: (record) => out.write(formatLogLine(record, format)),
        notice: (text) => {
          io.stderr.write(`${text}\n`);
        },
      });
    } finally {
      // A broken stdout takes nothing more (and would raise again).
      if (!stop.signal.aborted) out.flush();
      io.stdout.off('error', onError);
    }
    return EXIT.OK;
  },
});
