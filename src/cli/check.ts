/**
 * `kprod check`: reads manifests (files, directories, stdin, kustomize builds), runs every rule
 * family offline and prints the findings; the exit code follows `--fail-on`.
 */
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, KprodError } from '../errors.js';
import type { CheckConfig } from '../check/check-config.js';
import type { CheckOptions, FindingList, RuleFamily } from '../check/finding.js';
import { DEFAULT_KUBE_VERSION, SUPPORTED_KUBE_VERSIONS } from '../check/schema/schema-registry.js';
import {
  LARGE_INPUT_BYTES,
  heapBoundMib,
  manifestBytes,
  runWithHeapBound,
} from './check-heap-bound.js';
import { defineCommand, useColor } from './define-command.js';

/**
 * The modules that do the work, loaded only when the command runs: `kprod check --help` and
 * usage errors load none of the rule code.
 */
async function loadEngine() {
  const [config, families, human, json, sarif, rulesDoc, runCheck, load, kustomize] =
    await Promise.all([
      import('../check/check-config.js'),
      import('../check/families.js'),
      import('../check/report/report-human.js'),
      import('../check/report/report-json.js'),
      import('../check/report/report-sarif.js'),
      import('../check/rules-doc.js'),
      import('../check/run-check.js'),
      import('../manifest/load-paths.js'),
      import('../manifest/kustomize-origin/kustomize-sources.js'),
    ]);
  return {
    ...config,
    ...families,
    ...human,
    ...json,
    ...sarif,
    ...rulesDoc,
    ...runCheck,
    ...load,
    ...kustomize,
  };
}

type Engine = Awaited<ReturnType<typeof loadEngine>>;

const OUTPUTS = ['human', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'never'] as const;
const PROFILES = ['default', 'prod'] as const;
const PSS_LEVELS = ['baseline', 'restricted'] as const;

/** A signal stopped the check: nothing was written, so a new run starts from the beginning. */
function interrupted(): KprodError {
  return new KprodError(
    'KPROD_INTERRUPTED',
    'kprod check: interrupted before its report was written',
    {
      hint: 'Re-run kprod check; it changes nothing, so it starts again from the beginning.',
    },
  );
}

function usage(message: string): KprodError {
  return new KprodError('KPROD_USAGE', `kprod check: ${message}`, {
    hint: 'Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)',
  });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw usage(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** Checks `--kube-version`: one of the minor versions with a field catalog (1.29 to 1.37). */
export function supportedKubeVersion(value: string): string {
  const versions: readonly string[] = SUPPORTED_KUBE_VERSIONS;
  if (versions.includes(value)) return value;
  throw usage(`--kube-version must be one of ${versions.join(', ')}, got "${value}"`);
}

/** Parses `--namespace-labels k=v,k2=v2`. */
export function parseNamespaceLabels(value: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw usage(`--namespace-labels expects key=value pairs, got "${part}"`);
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return labels;
}

/** True when the findings reach the `--fail-on` threshold. */
export function reachesFailOn(findings: FindingList, failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'never') return false;
  for (let i = 0; i < findings.length; i += 1) {
    const f = findings.at(i);
    if (f?.severity === 'error' || (failOn === 'warning' && f?.severity === 'warning')) {
      return true;
    }
  }
  return false;
}

/**
 * Writes a report's pieces in batches of about 64 KiB, waiting whenever the stream asks to
 * (a pipe to a slow reader), so that a large report is never held whole in memory. A reader
 * that goes away (`| head`) ends the writing quietly, as it does for a report written at once.
 */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const onError = (error: Error): void => {
    failure = error;
    wake?.();
  };
  stream.on('error', onError);
  try {
    let batch: string[] = [];
    let size = 0;
    const flush = async (): Promise<void> => {
      const text = batch.join('');
      batch = [];
      size = 0;
      if (text === '' || stream.write(text) || failure !== undefined) return;
      await new Promise<void>((done) => {
        wake = done;
        stream.once('drain', done);
      });
      stream.removeListener('drain', wake ?? (() => undefined));
    };
    for (const chunk of chunks) {
      if (failure !== undefined) break;
      batch.push(chunk);
      size += chunk.length;
      if (size >= 65_536) await flush();
    }
    if (failure === undefined) await flush();
  } finally {
    stream.removeListener('error', onError);
  }
  if (failure !== undefined && (failure as NodeJS.ErrnoException).code !== 'EPIPE') throw failure;
}

async function loadConfig(
  path: string | undefined,
  cwd: string,
  engine: Engine,
): Promise<CheckConfig> {
  const file =
    path ?? (existsSync(join(cwd, '.kprod.yaml')) ? join(cwd, '.kprod.yaml') : undefined);
  if (file === undefined) return engine.EMPTY_CHECK_CONFIG;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new KprodError('KPROD_INPUT_UNREADABLE', `${file}: cannot read the check config`, {
      cause,
    });
  }
  const families: readonly RuleFamily[] = engine.FAMILIES;
  return engine.parseCheckConfig(
    text,
    path ?? '.kprod.yaml',
    new Set(engine.allRules(families).map((r) => r.id)),
  );
}

/** The `kprod check` command. */
export const checkCommand = defineCommand({
  name: 'check',
  summary:
    'Check manifests offline: schema and unknown fields, Pod Security, practices, references, Istio.',
  usage: '[PATHS...] [-k DIR] [-] [options]',
  description: [
    'PATHS are files or directories (read recursively: .yaml, .yml, .json; files that hold no',
    'Kubernetes object and the patches a kustomization.yaml names are skipped with a note);',
    '"-" reads stdin. A List (kubectl get -o yaml or -o json) is read an item at a time.',
    'YAML is read as kubectl reads it: yes/no/on/off are booleans, 0644 is octal (420);',
    '-k DIR builds a kustomization with `kubectl kustomize DIR`; its findings point at the',
    'file and line a field is written in (resource file, patch, generator entry).',
    'Exit code: 0 when no finding reaches --fail-on, 1 when one does, 2 for bad arguments,',
    'unreadable input, or input that needs more heap than its bound (large input runs with',
    'one, chosen from its size; KPROD_CHECK_HEAP_MB sets it in MiB, 0 for none), 130 when',
    'interrupted (Ctrl-C, SIGTERM: nothing is written).',
    'A .kprod.yaml in the current directory (or --config) changes severities and excludes',
    'findings; the annotation kprod.dev/ignore: rule-a,rule-b ignores rules on one resource.',
  ].join('\n'),
  options: {
    kustomize: {
      type: 'string',
      short: 'k',
      multiple: true,
      valueName: 'DIR',
      description: 'Build DIR with kubectl kustomize and check the result.',
    },
    'kube-version': {
      type: 'string',
      default: DEFAULT_KUBE_VERSION,
      valueName: 'X.Y',
      description: `Kubernetes version to validate against (${SUPPORTED_KUBE_VERSIONS.join(', ')}).`,
    },
    profile: {
      type: 'string',
      default: 'default',
      valueName: 'NAME',
      description: 'default, or prod (stricter: images must be pinned by digest).',
    },
    'pss-level': {
      type: 'string',
      valueName: 'LEVEL',
      description: 'Evaluate Pod Security at baseline or restricted, ignoring namespace labels.',
    },
    'pss-version': {
      type: 'string',
      valueName: 'vX.Y',
      description: 'Pod Security version for --pss-level (default latest).',
    },
    'namespace-labels': {
      type: 'string',
      valueName: 'K=V,...',
      description:
        'Labels of namespaces that are not in the input (e.g. pod-security.kubernetes.io/enforce=restricted).',
    },
    namespace: {
      type: 'string',
      short: 'n',
      valueName: 'NS',
      description: 'Namespace of objects that set none, as with kubectl apply -n.',
    },
    'fail-on': {
      type: 'string',
      default: 'error',
      valueName: 'LEVEL',
      description: 'Exit 1 when a finding reaches: error, warning or never.',
    },
    output: {
      type: 'string',
      short: 'o',
      default: 'human',
      valueName: 'FORMAT',
      description: 'human, json or sarif.',
    },
    explain: {
      type: 'string',
      valueName: 'RULE',
      description: "Print a rule's documentation and exit.",
    },
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'Settings file (default: .kprod.yaml in the current directory, if any).',
    },
    verbose: {
      type: 'boolean',
      description: 'List every file read, with its object count, on stderr.',
    },
  },
  examples: [
    'kprod check deploy/base',
    'kprod check -k deploy/overlays/staging --kube-version 1.33',
    'kprod check -k deploy/overlays/prod --profile prod -o sarif > kprod.sarif',
    'helm template chart | kprod check - --fail-on warning',
    'kprod check --explain schema-invalid',
  ],
  async run({ options, positionals, io }) {
    if (options.explain !== undefined) {
      const engine = await loadEngine();
      io.stdout.write(engine.explainRule(options.explain, engine.FAMILIES) + '\n');
      return EXIT.OK;
    }
    const output = oneOf('output', options.output, OUTPUTS);
    const failOn = oneOf('fail-on', options['fail-on'], FAIL_ON);
    const kubeVersion = supportedKubeVersion(options['kube-version'].replace(/^v/, ''));
    const profile = oneOf('profile', options.profile, PROFILES);
    const pssLevel =
      options['pss-level'] === undefined
        ? undefined
        : oneOf('pss-level', options['pss-level'], PSS_LEVELS);
    const pssVersion = options['pss-version'];
    if (pssVersion !== undefined && !/^(latest|v1\.\d+)$/.test(pssVersion)) {
      throw usage(`--pss-version must be latest or v1.N, got "${pssVersion}"`);
    }
    const kustomizeDirs = options.kustomize ?? [];
    if (positionals.length === 0 && kustomizeDirs.length === 0) {
      throw usage('nothing to check: give PATHS, "-" for stdin, or -k DIR');
    }
    const inputBytes = await manifestBytes(positionals, io.cwd);
    // Below the large-input bound a check is a short burst of work over thousands of objects,
    // and V8's defaults for long-running programs cost more than they save there: its optimizing
    // compiler starts early and inlines generously, and in a run of a second or two compiling the
    // rule code that way took more CPU than the optimized code saved. Later optimization and a
    // smaller inlining budget take about a sixth off the bench's 10,000 objects (docs/check.md).
    // Only the real process sets them: a command run in a test leaves the test's V8 as it is.
    if (io.stdout === process.stdout && inputBytes < LARGE_INPUT_BYTES) {
      setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
      setFlagsFromString('--interrupt-budget=400000');
    }
    // Large input: this same command again, with V8's heap bounded (check-heap-bound.ts). Only
    // the real process does so; a command run in a test writes to buffers.
    if (io.stdout === process.stdout) {
      const bound = heapBoundMib(inputBytes, io.env);
      if (bound !== undefined) return runWithHeapBound(bound, io, interrupted);
    }
    const engine = await loadEngine();
    const config = await loadConfig(options.config, io.cwd, engine);
    const checkOptions: CheckOptions = {
      kubeVersion,
      profile,
      pssLevel,
      pssVersion,
      namespaceLabels:
        options['namespace-labels'] === undefined
          ? undefined
          : parseNamespaceLabels(options['namespace-labels']),
      defaultNamespace: options.namespace,
    };
    // Objects stream from the files into the check: each is checked as it is read and only its
    // compact index entry is kept, so memory does not grow with the size of the input's text.
    // Small input is indexed whole (up to 20,000 objects): compacting would cost time and save
    // little; large input compacts every object, as whole objects take five times the memory.
    const keepWhole = inputBytes < LARGE_INPUT_BYTES ? 20_000 : 0;
    const run = new engine.CheckRun(checkOptions, config, engine.FAMILIES, keepWhole);
    await engine.streamManifestPaths(
      positionals,
      (source) => {
        // A file is parsed in one go; the signal is seen between files and between objects.
        if (io.signal.aborted) throw interrupted();
        run.add(source);
      },
      {
        stdin: io.stdin,
        cwd: io.cwd,
        onSkip: (file, reason) => io.stderr.write(`kprod: note: skipped ${file}: ${reason}\n`),
        onRead: (file, count) => {
          if (options.verbose === true) {
            io.stderr.write(`kprod: read ${file}: ${count} object${count === 1 ? '' : 's'}\n`);
          }
        },
      },
    );
    for (const dir of kustomizeDirs) {
      for (const source of await engine.buildKustomizeSources(dir, { cwd: io.cwd })) {
        run.add(source);
      }
    }
    if (io.signal.aborted) throw interrupted();
    const findings = run.finish();
    const pkgVersion = await packageVersion();
    const chunks =
      output === 'json'
        ? engine.jsonReportChunks(findings, { objects: findings.objects, kubeVersion })
        : output === 'sarif'
          ? engine.sarifReportChunks(findings, {
              rules: engine.allRules(engine.FAMILIES),
              version: pkgVersion,
              baseDir: io.cwd,
            })
          : engine.humanReportChunks(findings, {
              objects: findings.objects,
              color: useColor(io, (options as { 'no-color'?: boolean })['no-color']),
            });
    await writeChunks(io.stdout, chunks);
    return reachesFailOn(findings, failOn) ? EXIT.FAILED : EXIT.OK;
  },
});

async function packageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
