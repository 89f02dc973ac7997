import { KprodError } from '../../errors.js';
import { type KubeClient, type KubeObject, KubeApiError } from '../kube-api.js';

/**
 * JSON patches guarded by `test` operations: they apply only if the object still holds what
 * kprod read, so a concurrent change is reported instead of being overwritten.
 */

/** A JSON patch (RFC 6902) operation. */
export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

/**
 * Sends the patch; a failed `test` (the API server answers 422) becomes KUBE_CONFLICT naming
 * `what`, with the advice to run the command again.
 */
export async function patchGuarded(
  kube: KubeClient,
  request: {
    path: string;
    patch: JsonPatchOp[];
    what: string;
    dryRun?: boolean;
    signal?: AbortSignal | undefined;
  },
): Promise<KubeObject> {
  try {
    return await kube.request({
      method: 'PATCH',
      path: request.path,
      body: request.patch,
      contentType: 'application/json-patch+json',
      query: { dryRun: request.dryRun === true ? 'All' : undefined },
      signal: request.signal,
    });
  } catch (error) {
    const guarded = request.patch.some((op) => op.op === 'test');
    if (
      guarded &&
      error instanceof KubeApiError &&
      error.status === 422 &&
      error.message.includes('rejected our request')
    ) {
      throw new KprodError(
        'KUBE_CONFLICT',
        `${request.what} was changed by someone else while kprod was updating it`,
        {
          cause: error,
          hint: 'Run the command again: it reads the new state first.',
        },
      );
    }
    throw error;
  }
}
