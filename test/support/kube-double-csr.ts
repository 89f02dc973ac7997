import type { KubeDouble, Reactor } from './kube-double.js';
import { type TestCa, signWithOpenssl } from './kube-double-openssl.js';

/**
 * How the simulated signer of the TEST DOUBLE treats CertificateSigningRequests:
 * `issue` signs approved requests with a test CA (through the real openssl), `deny` denies every
 * new request, `fail` marks approved requests Failed, `never` leaves them pending for ever.
 */
export type SignerMode = 'issue' | 'deny' | 'fail' | 'never';

interface CsrStatus {
  conditions?: { type: string; status?: string; reason?: string; message?: string }[];
  certificate?: string;
}

const has = (status: CsrStatus, type: string): boolean =>
  (status.conditions ?? []).some((c) => c.type === type && c.status !== 'False');

/**
 * A reactor that plays kube-controller-manager's `kubernetes.io/kube-apiserver-client` signer
 * for the test double. Register it with `double.react(csrSigner(ca, 'issue'))`.
 */
export function csrSigner(ca: TestCa, mode: SignerMode): Reactor {
  return (change, double: KubeDouble) => {
    if (change.path.plural !== 'certificatesigningrequests' || change.type === 'DELETED') return;
    const csr = change.object;
    const status = (csr['status'] ?? {}) as CsrStatus;
    const path = double.pathOf({ ...change.path, name: csr.metadata?.name });
    const setStatus = (next: CsrStatus): void => {
      double.put(path, { ...csr, status: { ...status, ...next } });
    };
    if (has(status, 'Denied') || has(status, 'Failed') || status.certificate !== undefined) return;
    if (mode === 'deny' && change.type === 'ADDED') {
      setStatus({
        conditions: [
          {
            type: 'Denied',
            status: 'True',
            reason: 'PolicyDenied',
            message: 'developers are onboarded on Mondays',
          },
        ],
      });
      return;
    }
    if (!has(status, 'Approved')) return;
    if (mode === 'fail') {
      setStatus({
        conditions: [
          ...(status.conditions ?? []),
          { type: 'Failed', status: 'True', reason: 'SignerValidationFailure' },
        ],
      });
    } else if (mode === 'issue') {
      const spec = csr['spec'] as { request: string; expirationSeconds?: number };
      const days = Math.max(1, Math.ceil((spec.expirationSeconds ?? 86_400) / 86_400));
      const pem = signWithOpenssl(ca, Buffer.from(spec.request, 'base64').toString('utf8'), days);
      setStatus({ certificate: Buffer.from(pem, 'utf8').toString('base64') });
    }
  };
}
