import { KprodError } from '../../errors.js';
import { parseImageReference } from '../../kube/image-reference.js';
import type { KubeClient, KubeObject } from '../kube-api.js';
import { arrayAt, recordAt, stringAt } from '../../kube/field-access.js';
import { type ResolvedImage, resolveImageDigest } from '../image/registry.js';
import { type JsonPatchOp, patchGuarded } from './json-patch.js';
import { type WorkloadRef, formatWorkloadRef, getWorkload, workloadPath } from './rollout.js';

/**
 * `kprod set image`: points a workload's container at an image pinned by digest. Tags are
 * resolved through the registry first, so the pod template names exactly the bytes that were
 * tested, and a later push to the same tag changes nothing running.
 */

/** Annotation `rollout history` shows for each revision. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** One container's image change. */
export interface ImageChange {
  container: string;
  from: string;
  to: string;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON patch that sets `container` (or every container, for `*`) of the workload's pod
 * template to `image`, testing the old values first so a concurrent edit fails instead of being
 * lost; plus the change-cause annotation. Throws ROLLOUT_TARGET_INVALID naming the containers
 * when `container` does not exist. Pure.
 */
export function planImagePatch(
  workload: KubeObject,
  container: string,
  image: string,
  changeCause?: string,
): { patch: JsonPatchOp[]; changes: ImageChange[] } {
  const podSpec = recordAt(recordAt(recordAt(workload, 'spec'), 'template'), 'spec');
  const patch: JsonPatchOp[] = [];
  const changes: ImageChange[] = [];
  const names: string[] = [];
  for (const field of ['initContainers', 'containers']) {
    arrayAt(podSpec, field).forEach((c, i) => {
      const name = stringAt(c, 'name');
      const current = stringAt(c, 'image');
      names.push(name ?? '?');
      if (container !== '*' && name !== container) return;
      if (current === image) return;
      const path = `/spec/template/spec/${field}/${i}/image`;
      patch.push({ op: 'test', path, value: current }, { op: 'replace', path, value: image });
      changes.push({ container: name ?? '?', from: current ?? '', to: image });
    });
  }
  if (container !== '*' && !names.includes(container)) {
    throw new KprodError(
      'ROLLOUT_TARGET_INVALID',
      `${workload.kind ?? 'workload'} "${workload.metadata?.name ?? '?'}" has no container "${container}"; it has: ${names.join(', ')}`,
    );
  }
  if (patch.length > 0 && changeCause !== undefined) {
    patch.push(
      workload.metadata?.annotations === undefined
        ? { op: 'add', path: '/metadata/annotations', value: { [CHANGE_CAUSE]: changeCause } }
        : {
            op: 'add',
            path: `/metadata/annotations/${escapePointer(CHANGE_CAUSE)}`,
            value: changeCause,
          },
    );
  }
  return { patch, changes };
}

/** Options of {@link setImage}. */
export interface SetImageOptions {
  /** Docker config with registry credentials, for resolving tags. */
  dockerConfig?: string | undefined;
  /** Environment for Docker credential helpers (their PATH). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Keep the tag as given instead of pinning the digest (not recommended). */
  noResolve?: boolean;
  dryRun?: boolean;
  changeCause?: string;
  signal?: AbortSignal;
  /** Replaces the registry lookup (tests, or callers that resolved already). */
  resolve?: (ref: string) => Promise<ResolvedImage>;
}

/** What {@link setImage} did. */
export interface SetImageResult {
  /** The reference written into the pod template. */
  image: string;
  resolved?: ResolvedImage;
  changes: ImageChange[];
}

/**
 * Sets `container` (or `*`) of the workload to `ref`, resolved to `name:tag@digest` unless the
 * reference already has a digest or `noResolve` is set. No change is made when the image is
 * already the one asked for; the caller then has no rollout to wait for.
 */
export async function setImage(
  kube: KubeClient,
  target: WorkloadRef,
  container: string,
  ref: string,
  options: SetImageOptions = {},
): Promise<SetImageResult> {
  const parsed = parseImageReference(ref);
  let image = ref;
  let resolved: ResolvedImage | undefined;
  if (parsed.digest === undefined && options.noResolve !== true) {
    resolved = await (
      options.resolve ??
      ((r: string) =>
        resolveImageDigest(r, {
          dockerConfig: options.dockerConfig,
          env: options.env,
          signal: options.signal,
        }))
    )(ref);
    image = resolved.pinned;
  }
  const workload = await getWorkload(kube, target, options.signal);
  const cause =
    options.changeCause ?? `kprod set image ${formatWorkloadRef(target)} ${container}=${image}`;
  const { patch, changes } = planImagePatch(workload, container, image, cause);
  if (patch.length > 0) {
    await patchGuarded(kube, {
      path: workloadPath(target),
      patch,
      what: formatWorkloadRef(target),
      dryRun: options.dryRun === true,
      signal: options.signal,
    });
  }
  return { image, ...(resolved === undefined ? {} : { resolved }), changes };
}
