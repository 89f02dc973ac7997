/**
 * `kprod config set`: a new ConfigMap version named by its content hash, the workload pointed at
 * it (rolling update), old versions collected; `rollout undo` restores the previous one.
 */
import { ZERO_WAITS_FOREVER, parseDuration } from '../kube/duration.js';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { EXIT, KprodError } from '../errors.js';
import { setConfig } from '../ops/rollout/config-set.js';
import { formatWorkloadRef, parseWorkloadRef } from '../ops/rollout/rollout.js';
import { type CliIO, defineCommand, defineGroup } from './define-command.js';
import {
  CLUSTER_OPTIONS,
  WAIT_OPTIONS,
  clusterContext,
  waitAfterChange,
  parseDryRun,
} from './options/deploy-options.js';

/** Reads `--from-file [KEY=]PATH` values into ConfigMap data, as kubectl names the keys. */
export async function readFromFiles(
  io: CliIO,
  values: readonly string[],
): Promise<Record<string, string>> {
  const data: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const path = eq > 0 ? value.slice(eq + 1) : value;
    const key = eq > 0 ? value.slice(0, eq) : basename(path);
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
      throw new KprodError(
        'KPROD_USAGE',
        `--from-file ${value}: "${key}" is not a valid ConfigMap key`,
        {
          hint: 'Keys may hold letters, digits, "-", "_" and "."; name it with KEY=PATH.',
        },
      );
    }
    if (key in data)
      throw new KprodError('KPROD_USAGE', `--from-file: the key "${key}" is given twice`);
    try {
      data[key] = await readFile(resolve(io.cwd, path), 'utf8');
    } catch (cause) {
      throw new KprodError(
        'KPROD_INPUT_UNREADABLE',
        `--from-file ${path}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  return data;
}

/** `kprod config set`. */
export const configSetCommand = defineCommand({
  name: 'config set',
  summary: 'Roll out new configuration as a versioned ConfigMap; old versions are collected.',
  usage: 'deploy/NAME --from-file [KEY=]FILE... [options]',
  description: `Creates the immutable ConfigMap BASE-HASH (the same hash suffix kustomize's configMapGenerator
uses), replaces every reference to the BASE ConfigMap in the pod template with it (a rolling
update), and waits. Versions kprod created beyond the --keep newest previous ones are deleted,
except those a kept ReplicaSet still uses, so \`kprod rollout undo\` brings the old config back.`,
  options: {
    ...CLUSTER_OPTIONS,
    ...WAIT_OPTIONS,
    'from-file': {
      type: 'string',
      multiple: true,
      valueName: '[KEY=]FILE',
      description: 'A file to store under KEY (default: the file name).',
    },
    configmap: {
      type: 'string',
      valueName: 'NAME',
      description: 'Which ConfigMap of the pod template to replace, when it uses several.',
    },
    keep: {
      type: 'string',
      default: '3',
      valueName: 'N',
      description: 'Previous versions to keep besides the current one.',
    },
    'dry-run': {
      type: 'string',
      valueName: 'MODE',
      bare: { value: 'server', values: ['server', 'none', 'client'] },
      description:
        'server: let the API server check the changes without making them (a bare --dry-run means server)',
    },
  },
  positionals: { min: 1, max: 1 },
  examples: ['kprod config set deploy/multiroute --from-file config.yml=routes.yaml'],
  async run({ options, positionals, io }) {
    const timeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    const dryRun = parseDryRun(options['dry-run']);
    const keep = Number(options.keep);
    if (!Number.isInteger(keep) || keep < 0) {
      throw new KprodError('KPROD_USAGE', `--keep must be a whole number, got "${options.keep}"`);
    }
    const files = options['from-file'] ?? [];
    if (files.length === 0) {
      throw new KprodError('KPROD_USAGE', 'kprod config set: give at least one --from-file', {
        hint: 'Usage: kprod config set deploy/NAME --from-file [KEY=]FILE...',
      });
    }
    const data = await readFromFiles(io, files);
    const ctx = clusterContext(io, options);
    const ref = parseWorkloadRef(positionals[0] ?? '', ctx.namespace);
    const target = formatWorkloadRef(ref);
    const result = await setConfig(ctx.kube, ref, {
      data,
      configMap: options.configmap,
      keep,
      dryRun,
      signal: io.signal,
    });
    ctx.events.emit(
      'config.set',
      { target, namespace: ref.namespace, ...result, dryRun },
      result.changed
        ? `${target}: ConfigMap ${result.previous.join(', ')} -> ${result.name}${result.created ? ' (created)' : ''}${dryRun ? ' (server dry run)' : ''}`
        : `${target}: already uses ${result.name}`,
    );
    for (const name of result.deleted) {
      ctx.events.emit(
        'config.deleted',
        { namespace: ref.namespace, name },
        `ConfigMap ${name} deleted (old version)`,
      );
    }
    await waitAfterChange(
      ctx,
      ref,
      { changed: result.changed, dryRun },
      options,
      timeoutMs,
      io.signal,
    );
    return EXIT.OK;
  },
});

/** The `kprod config` group. */
export const configGroup = defineGroup({
  name: 'config',
  summary: 'Versioned configuration: config set.',
  subcommands: {
    set: { summary: configSetCommand.summary, load: () => Promise.resolve(configSetCommand) },
  },
});
