import { stringify as toYaml } from 'yaml';
import { KprodError } from '../../errors.js';
import { KNOWN_KINDS, type KindInfo } from '../../kube/kinds.js';
import { describeObject, orderForApply } from './apply-order.js';
import { type KubeClient, type KubeObject, KubeApiError, resourcePath } from '../kube-api.js';
import { unifiedDiff } from './text-diff.js';

/**
 * Server-side apply of a set of objects, in dependency order, with field manager `kprod`; and
 * `diffObjects`, which asks the server what an apply would change (a server-side dry run) and
 * prints it as a unified diff against the live objects.
 */

/** Options of {@link applyObjects} and {@link diffObjects}. */
export interface ApplyOptions {
  /** Ask the server to validate and default but not persist (`dryRun=All`). */
  dryRun?: boolean;
  /** Field manager recorded in managedFields; `kprod` by default. */
  fieldManager?: string;
  /** Take ownership of fields another manager owns instead of failing with a conflict. */
  force?: boolean;
  /** Namespace for namespaced objects that name none: the context's namespace by default. */
  namespace?: string;
  signal?: AbortSignal;
  /** Called after each object, for progress output. */
  onApplied?: (result: ApplyResult) => void;
}

/** What happened to one object. */
export interface ApplyResult {
  /** The object as the server answered (after defaulting). */
  object: KubeObject;
  /** `Deployment/ns/web`. */
  id: string;
  kind: string;
  namespace?: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged';
}

/** Resolves kinds to API paths: a static table of built-in kinds, discovery for the rest. */
export class KindResolver {
  private readonly cache = new Map<string, Promise<Map<string, KindInfo>>>();

  constructor(private readonly kube: KubeClient) {}

  /** The plural and scope of `apiVersion/kind`; throws APPLY_INPUT_INVALID for unknown kinds. */
  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<KindInfo> {
    const known = KNOWN_KINDS[`${apiVersion}/${kind}`];
    if (known !== undefined) return known;
    let group = this.cache.get(apiVersion);
    if (group === undefined) {
      group = this.discover(apiVersion, signal);
      this.cache.set(apiVersion, group);
    }
    const found = (await group).get(kind);
    if (found === undefined) {
      // A CRD applied moments ago may not be served yet: look again once before giving up.
      this.cache.delete(apiVersion);
      const again = await this.discover(apiVersion, signal);
      const retry = again.get(kind);
      if (retry !== undefined) return retry;
      throw new KprodError(
        'APPLY_INPUT_INVALID',
        `the cluster serves no kind ${kind} in ${apiVersion}`,
        { hint: 'Install the CRD that defines it first (or check apiVersion and kind).' },
      );
    }
    return found;
  }

  private async discover(apiVersion: string, signal?: AbortSignal): Promise<Map<string, KindInfo>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.kube.getOrNull<{
      resources?: { name: string; kind: string; namespaced: boolean }[];
    }>(path, signal);
    const out = new Map<string, KindInfo>();
    for (const r of list?.resources ?? []) {
      // Subresources (`deployments/scale`) share the kind of their parent: skip them.
      if (!r.name.includes('/')) out.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    return out;
  }
}

interface Target {
  path: string;
  kind: string;
  name: string;
  namespace?: string;
}

async function targetOf(
  object: KubeObject,
  resolver: KindResolver,
  defaultNamespace: string,
  signal?: AbortSignal,
): Promise<Target> {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
    throw new KprodError(
      'APPLY_INPUT_INVALID',
      `${describeObject(object)} lacks apiVersion, kind or metadata.name`,
    );
  }
  const info = await resolver.resolve(apiVersion, kind, signal);
  const namespace = info.namespaced ? (object.metadata?.namespace ?? defaultNamespace) : undefined;
  return {
    path: resourcePath({ apiVersion, plural: info.plural, namespace, name }),
    kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
];

/** The object without server-maintained fields, for comparison and diffs. */
export function comparable(object: KubeObject | null): KubeObject | null {
  if (object === null) return null;
  const copy = structuredClone(object);
  if (copy.metadata !== undefined) {
    copy.metadata = Object.fromEntries(
      Object.entries(copy.metadata).filter(([key]) => !SERVER_METADATA.includes(key)),
    );
  }
  return copy;
}

/**
 * The field path of a server-side apply that named a field the schema lacks. The API server
 * answers that with status 500 ("failed to create typed patch object ... field not declared in
 * schema") whatever `fieldValidation` says, so without this it would read as a server failure.
 */
function unknownApplyField(error: KubeApiError): string | undefined {
  if (error.status !== 500) return undefined;
  return /failed to create typed patch object .*?: (\S+): field not declared in schema/.exec(
    error.message,
  )?.[1];
}

async function applyOne(
  kube: KubeClient,
  object: KubeObject,
  target: Target,
  options: ApplyOptions,
  dryRun: boolean,
): Promise<{ before: KubeObject | null; after: KubeObject }> {
  const before = await kube.getOrNull(target.path, options.signal);
  const body = structuredClone(object);
  if (target.namespace !== undefined)
    body.metadata = { ...body.metadata, namespace: target.namespace };
  try {
    const after = await kube.request({
      method: 'PATCH',
      path: target.path,
      query: {
        fieldManager: options.fieldManager ?? 'kprod',
        // As kubectl: an unknown or duplicate field is an error, not a warning.
        fieldValidation: 'Strict',
        force: options.force === true ? true : undefined,
        dryRun: dryRun ? 'All' : undefined,
      },
      // JSON is YAML: the apply content type accepts it as is.
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
      signal: options.signal,
    });
    return { before, after };
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 409) {
      throw new KprodError('KUBE_CONFLICT', `${describeObject(body)}: ${error.message}`, {
        cause: error,
        hint: 'Another field manager owns these fields (kubectl edit, another tool). Re-run with --force-conflicts to take them over.',
      });
    }
    const unknown = error instanceof KubeApiError ? unknownApplyField(error) : undefined;
    if (unknown !== undefined) {
      throw new KprodError(
        'KUBE_INVALID',
        `${describeObject(body)}: unknown field "${unknown}": the API server has no such field in its schema`,
        {
          cause: error,
          hint: 'Remove or correct the field; `kprod check` reports unknown fields offline (schema-unknown-field).',
        },
      );
    }
    throw error;
  }
}

/**
 * Applies (or, with `dryRun`, only dry-runs) each object in {@link orderForApply} order, yielding
 * it before the next is sent, so a failure stops the rest.
 */
async function* applyEach(
  kube: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions,
  dryRun: boolean,
): AsyncGenerator<{ target: Target; id: string; before: KubeObject | null; after: KubeObject }> {
  const resolver = new KindResolver(kube);
  for (const object of orderForApply(objects)) {
    const target = await targetOf(
      object,
      resolver,
      options.namespace ?? kube.namespace,
      options.signal,
    );
    const { before, after } = await applyOne(kube, object, target, options, dryRun);
    const id = `${target.kind}/${target.namespace === undefined ? '' : `${target.namespace}/`}${target.name}`;
    yield { target, id, before, after };
  }
}

/**
 * Applies the objects in {@link orderForApply} order with server-side apply (PATCH
 * `application/apply-patch+yaml`, `fieldManager=kprod`, `force` only when asked). Stops at the
 * first failure, which is thrown with the object named.
 */
export async function applyObjects(
  kube: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for await (const { target, id, before, after } of applyEach(
    kube,
    objects,
    options,
    options.dryRun === true,
  )) {
    const same = JSON.stringify(comparable(before)) === JSON.stringify(comparable(after));
    const result: ApplyResult = {
      object: after,
      id,
      kind: target.kind,
      name: target.name,
      ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
      action: before === null ? 'created' : same ? 'unchanged' : 'configured',
    };
    results.push(result);
    options.onApplied?.(result);
  }
  return results;
}

/** One object's difference between the live cluster and what an apply would make of it. */
export interface ObjectDiff {
  id: string;
  /** Unified diff of the YAML of both (empty when nothing would change). */
  diff: string;
}

/**
 * What `applyObjects` would change, as unified diffs of YAML: the live object against the
 * server's dry-run result, with server-maintained fields left out. Objects that would be created
 * diff against nothing.
 */
export async function diffObjects(
  kube: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<ObjectDiff[]> {
  const out: ObjectDiff[] = [];
  for await (const { id, before, after } of applyEach(kube, objects, options, true)) {
    const live = comparable(before);
    const merged = comparable(after);
    out.push({
      id,
      diff: unifiedDiff(live === null ? '' : toYaml(live), toYaml(merged), {
        from: `live/${id}`,
        to: `merged/${id}`,
      }),
    });
  }
  return out;
}
