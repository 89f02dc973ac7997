import { setTimeout as delay } from 'node:timers/promises';
import { KprodError } from '../../errors.js';
import { KubeApiError, type KubeClient, type KubeObject, resourcePath } from '../kube-api.js';
import { deleteIfPresent } from './converge.js';
import { formatDuration } from '../../kube/duration.js';
import { CLIENT_SIGNER, planCsr } from './plan.js';
import { arrayAt, isRecord, recordAt, stringAt } from '../../kube/field-access.js';

/** A condition of a CertificateSigningRequest's status. */
/** What a CSR's status says, reduced to what the waiting loop decides on. */
export type CsrState =
  | { phase: 'pending'; approved: boolean }
  | { phase: 'issued'; certificatePem: string }
  | { phase: 'denied'; condition: string; reason: string; message: string };

/** Reads the state of a CertificateSigningRequest object (pure). */
export function csrState(csr: KubeObject): CsrState {
  const status = recordAt(csr, 'status');
  const conditions = arrayAt(status, 'conditions').filter(isRecord);
  const holds = (c: unknown, types: readonly string[]): boolean =>
    types.includes(stringAt(c, 'type') ?? '') && stringAt(c, 'status') !== 'False';
  const bad = conditions.find((c) => holds(c, ['Denied', 'Failed']));
  if (bad !== undefined) {
    return {
      phase: 'denied',
      condition: stringAt(bad, 'type') ?? '',
      reason: stringAt(bad, 'reason') ?? '',
      message: stringAt(bad, 'message') ?? '',
    };
  }
  const certificate = stringAt(status, 'certificate');
  if (certificate !== undefined && certificate !== '') {
    return {
      phase: 'issued',
      certificatePem: Buffer.from(certificate, 'base64').toString('utf8'),
    };
  }
  return { phase: 'pending', approved: conditions.some((c) => holds(c, ['Approved'])) };
}

/** Options of {@link requestCertificate}. */
export interface CertificateRequestOptions {
  readonly name: string;
  readonly csrPem: string;
  readonly ttlSeconds: number;
  /** How long to wait for the signer after approval. */
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal | undefined;
  /** Progress lines for the user (never secrets). */
  readonly onProgress?: (line: string) => void;
}

const CSR_COLLECTION = {
  apiVersion: 'certificates.k8s.io/v1',
  plural: 'certificatesigningrequests',
};

/**
 * Gets a client certificate through the CertificateSigningRequest API: creates the request
 * (replacing a stale one of the same name), approves it through the `approval` subresource and
 * polls until the signer writes `status.certificate`, a Denied/Failed condition appears, or the
 * deadline passes (KPROD_TIMEOUT). Without the approve permission it waits for an admin's
 * `kubectl certificate approve` and fails with USER_CSR_APPROVE_FORBIDDEN at the deadline.
 */
export async function requestCertificate(
  kube: KubeClient,
  options: CertificateRequestOptions,
): Promise<string> {
  const planned = planCsr(options.name, options.csrPem, options.ttlSeconds);
  const name = planned.ref.name;
  const path = resourcePath(planned.ref);
  const progress = options.onProgress ?? (() => undefined);
  const deadline = Date.now() + options.timeoutMs;
  try {
    await kube.request({
      method: 'POST',
      path: resourcePath(CSR_COLLECTION),
      body: planned.object,
      signal: options.signal,
    });
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 409)) throw error;
    // A request of this name from an earlier run carries an older key: replace it.
    await deleteIfPresent(kube, path, options.signal);
    progress(`certificatesigningrequest/${name} replaced (it held an earlier key)`);
    await kube.request({
      method: 'POST',
      path: resourcePath(CSR_COLLECTION),
      body: planned.object,
      signal: options.signal,
    });
  }
  progress(`certificatesigningrequest/${name} created (signer ${CLIENT_SIGNER})`);

  let forbidden: KubeApiError | undefined;
  // A 409 means the request changed between our read and write (another approver, the signer):
  // read it again and decide afresh.
  for (let attempt = 1; ; attempt += 1) {
    const current = await kube.request({ method: 'GET', path, signal: options.signal });
    const state = csrState(current);
    if (state.phase !== 'pending' || state.approved) break;
    const status = recordAt(current, 'status') ?? {};
    const approval: KubeObject = {
      ...current,
      status: {
        ...status,
        conditions: [
          ...arrayAt(status, 'conditions'),
          {
            type: 'Approved',
            status: 'True',
            reason: 'KprodUserAdd',
            message: `approved by kprod user for ${options.name}`,
          },
        ],
      },
    };
    try {
      await kube.request({
        method: 'PUT',
        path: `${path}/approval`,
        body: approval,
        signal: options.signal,
      });
      progress(`certificatesigningrequest/${name} approved`);
      break;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 409 && attempt < 3) continue;
      if (!(error instanceof KubeApiError && error.status === 403)) throw error;
      forbidden = error;
      progress(
        `cannot approve certificatesigningrequest/${name}: the current user lacks the "approve" ` +
          `verb on signers "${CLIENT_SIGNER}"; waiting ${formatDuration(options.timeoutMs)} ` +
          `for an admin to run: kubectl certificate approve ${name}`,
      );
      break;
    }
  }

  for (;;) {
    const csr = await kube.getOrNull(path, options.signal);
    if (csr === null) {
      throw new KprodError(
        'USER_CSR_DENIED',
        `certificatesigningrequest/${name} was deleted while waiting`,
        {
          hint: 'Someone removed the request; re-run the command.',
        },
      );
    }
    const seen = csrState(csr);
    if (seen.phase === 'issued') return seen.certificatePem;
    if (seen.phase === 'denied') {
      throw new KprodError(
        'USER_CSR_DENIED',
        `certificatesigningrequest/${name} is ${seen.condition}: ${seen.reason}${seen.message === '' ? '' : ` (${seen.message})`}`,
      );
    }
    if (Date.now() >= deadline) {
      if (forbidden !== undefined && !seen.approved) {
        throw new KprodError(
          'USER_CSR_APPROVE_FORBIDDEN',
          `certificatesigningrequest/${name} was created but not approved: ${forbidden.message}`,
          {
            hint:
              `An admin can run \`kubectl certificate approve ${name}\` and you re-run; or grant ` +
              `"update" on certificatesigningrequests/approval and "approve" on ` +
              `signers/${CLIENT_SIGNER} (group certificates.k8s.io).`,
          },
        );
      }
      throw new KprodError(
        'KPROD_TIMEOUT',
        `no certificate for certificatesigningrequest/${name} after ${formatDuration(options.timeoutMs)} ` +
          `(${seen.approved ? 'approved, not signed' : 'not approved'})`,
        {
          hint:
            'Check that the cluster signs kube-apiserver-client requests (kube-controller-manager ' +
            '--cluster-signing-cert-file/--cluster-signing-key-file), or sign locally with ' +
            '--ca-cert/--ca-key; raise --timeout if the signer is just slow.',
        },
      );
    }
    await delay(
      Math.min(options.pollMs ?? 1000, Math.max(0, deadline - Date.now())),
      undefined,
      options.signal === undefined ? {} : { signal: options.signal },
    ).catch(() => {
      throw new KprodError(
        'KPROD_INTERRUPTED',
        `stopped waiting for certificatesigningrequest/${name}`,
      );
    });
  }
}
