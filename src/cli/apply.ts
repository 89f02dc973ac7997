/**
 * `kprod apply`: server-side apply of files or a kustomization with field manager `kprod`,
 * Namespaces and CRDs first, then waits for every workload it changed.
 */
import { ZERO_WAITS_FOREVER, parseDuration } from '../kube/duration.js';
import { resolve } from 'node:path';
import { EXIT, KprodError } from '../errors.js';
import { buildKustomize } from '../manifest/kustomize.js';
import { loadManifestPaths } from '../manifest/load-paths.js';
import type { SourceObject } from '../manifest/source-object.js';
import { WORKLOAD_KINDS } from '../ops/rollout/apply-order.js';
import { applyObjects } from '../ops/rollout/apply.js';
import type { KubeObject } from '../ops/kube-api.js';
import type { WorkloadKind } from '../ops/rollout/rollout-status.js';
import { type CliIO, defineCommand } from './define-command.js';
import {
  CLUSTER_OPTIONS,
  WAIT_OPTIONS,
  clusterContext,
  followRollout,
  parseDryRun,
} from './options/deploy-options.js';

/** `-f` and `-k`, shared with `kprod diff`. */
export const SOURCE_OPTIONS = {
  filename: {
    type: 'string',
    short: 'f',
    multiple: true,
    valueName: 'PATH',
    description: 'Manifest file or directory (.yaml, .yml, .json, read recursively); - for stdin.',
  },
  kustomize: {
    type: 'string',
    short: 'k',
    multiple: true,
    valueName: 'DIR',
    description: 'Kustomization directory, built with `kubectl kustomize`.',
  },
} as const;

/** Loads `-f` and `-k` sources and checks each object can be applied (file:line otherwise). */
export async function loadSources(
  io: CliIO,
  command: string,
  files: readonly string[] | undefined,
  dirs: readonly string[] | undefined,
): Promise<KubeObject[]> {
  if ((files ?? []).length === 0 && (dirs ?? []).length === 0) {
    throw new KprodError('KPROD_USAGE', `kprod ${command}: nothing to do: give -f FILE or -k DIR`, {
      hint: `Usage: kprod ${command} -f FILE... | -k DIR [options]`,
    });
  }
  const objects: SourceObject[] = await loadManifestPaths(
    (files ?? []).map((f) => (f === '-' ? f : resolve(io.cwd, f))),
    { stdin: io.stdin },
  );
  for (const dir of dirs ?? []) objects.push(...(await buildKustomize(resolve(io.cwd, dir))));
  for (const source of objects) {
    const { apiVersion, kind, metadata } = source.object;
    if (
      typeof apiVersion !== 'string' ||
      typeof kind !== 'string' ||
      typeof metadata?.name !== 'string'
    ) {
      throw new KprodError(
        'APPLY_INPUT_INVALID',
        `${source.file}:${source.line}: the object lacks apiVersion, kind or metadata.name`,
      );
    }
  }
  return objects.map((s) => s.object as KubeObject);
}

/** `kprod apply`. */
export const applyCommand = defineCommand({
  name: 'apply',
  summary: 'Server-side apply manifests (field manager kprod), then wait for the workloads.',
  usage: '-f FILE... | -k DIR [options]',
  description: `Applies with server-side apply in dependency order (Namespaces, CRDs, configuration, then
workloads; webhooks last), stopping at the first refusal. Fields owned by another manager are a
conflict (exit 1) unless --force-conflicts. Afterwards it waits for each Deployment, StatefulSet
and DaemonSet it created or changed, as \`kprod rollout status\` does.`,
  options: {
    ...SOURCE_OPTIONS,
    ...CLUSTER_OPTIONS,
    ...WAIT_OPTIONS,
    'dry-run': {
      type: 'string',
      valueName: 'MODE',
      bare: { value: 'server', values: ['server', 'none', 'client'] },
      description:
        'server: the API server validates and defaults, nothing is stored (a bare --dry-run means server)',
    },
    'force-conflicts': {
      type: 'boolean',
      description: 'Take over fields another field manager owns.',
    },
    'field-manager': {
      type: 'string',
      default: 'kprod',
      valueName: 'NAME',
      description: 'Field manager recorded for the applied fields.',
    },
  },
  positionals: { max: 0 },
  examples: ['kprod apply -k deploy/overlays/prod', 'kprod apply -f deploy.yaml --dry-run=server'],
  async run({ options, io }) {
    const timeoutMs = parseDuration(options.timeout, '--timeout', ZERO_WAITS_FOREVER);
    const dryRun = parseDryRun(options['dry-run']);
    const objects = await loadSources(io, 'apply', options.filename, options.kustomize);
    const ctx = clusterContext(io, options);
    const results = await applyObjects(ctx.kube, objects, {
      dryRun,
      force: options['force-conflicts'] === true,
      fieldManager: options['field-manager'],
      namespace: ctx.namespace,
      signal: io.signal,
      onApplied: (r) => {
        ctx.events.emit(
          'apply.object',
          {
            id: r.id,
            kind: r.kind,
            name: r.name,
            namespace: r.namespace,
            action: r.action,
            dryRun,
          },
          `${r.id} ${r.action}${dryRun ? ' (server dry run)' : ''}`,
        );
      },
    });
    if (dryRun || options['no-wait'] === true) return EXIT.OK;
    const deadline = timeoutMs === 0 ? 0 : Date.now() + timeoutMs;
    for (const r of results) {
      if (r.action === 'unchanged' || !WORKLOAD_KINDS.includes(r.kind)) continue;
      await followRollout(
        ctx,
        { kind: r.kind as WorkloadKind, namespace: r.namespace ?? ctx.namespace, name: r.name },
        {
          timeoutMs: deadline === 0 ? 0 : Math.max(1, deadline - Date.now()),
          earlyFailure: options['no-early-failure'] !== true,
          signal: io.signal,
        },
      );
    }
    return EXIT.OK;
  },
});
