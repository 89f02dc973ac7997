import { X509Certificate } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { csrSigner } from '../../../test/support/kube-double-csr.js';
import { type TestCa, createTestCa } from '../../../test/support/kube-double-openssl.js';
import { KprodError } from '../../errors.js';
import { buildCsr, generateClientKey } from './certificate-request.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import { csrState, requestCertificate } from './csr.js';

const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests/kprod-user-alice';

describe('csrState', () => {
  it.each([
    [{}, { phase: 'pending', approved: false }],
    [
      { status: { conditions: [{ type: 'Approved', status: 'True' }] } },
      { phase: 'pending', approved: true },
    ],
    [
      { status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'Q0VSVAo=' } },
      { phase: 'issued', certificatePem: 'CERT\n' },
    ],
    [
      {
        status: { conditions: [{ type: 'Denied', status: 'True', reason: 'No', message: 'why' }] },
      },
      { phase: 'denied', condition: 'Denied', reason: 'No', message: 'why' },
    ],
    [
      { status: { conditions: [{ type: 'Approved' }, { type: 'Failed', reason: 'Bad' }] } },
      { phase: 'denied', condition: 'Failed', reason: 'Bad', message: '' },
    ],
  ])('should read %j', (csr, state) => {
    expect(csrState(csr)).toEqual(state);
  });
});

describe('requestCertificate', () => {
  let ca: TestCa;
  let double: KubeDouble;
  let kube: KubeClient;
  let progress: string[];
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    progress = [];
  });
  afterEach(async () => {
    await double.stop();
  });

  const request = (timeoutMs = 5000): Promise<string> =>
    requestCertificate(kube, {
      name: 'alice',
      csrPem: buildCsr(generateClientKey('ecdsa'), { commonName: 'alice', organizations: ['dev'] }),
      ttlSeconds: 3600,
      timeoutMs,
      pollMs: 20,
      onProgress: (line) => progress.push(line),
    });

  it('should create, approve and read back the certificate the signer issues', async () => {
    double.react(csrSigner(ca, 'issue'));
    const pem = await request();
    expect(new X509Certificate(pem).subject).toBe('O=dev\nCN=alice');
    expect(progress).toEqual([
      'certificatesigningrequest/kprod-user-alice created (signer kubernetes.io/kube-apiserver-client)',
      'certificatesigningrequest/kprod-user-alice approved',
    ]);
    const approval = double.requests.find((r) => r.path.endsWith('/approval'));
    expect(approval?.method).toBe('PUT');
    expect((approval?.body as { status: { conditions: unknown[] } }).status.conditions).toEqual([
      {
        type: 'Approved',
        status: 'True',
        reason: 'KprodUserAdd',
        message: 'approved by kprod user for alice',
      },
    ]);
  });

  it('should replace a stale request of the same name (409 AlreadyExists)', async () => {
    double.react(csrSigner(ca, 'issue'));
    double.put(CSR_PATH, {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      spec: { request: 'old' },
    });
    await request();
    expect(progress[0]).toBe(
      'certificatesigningrequest/kprod-user-alice replaced (it held an earlier key)',
    );
    expect(double.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual([
      'POST /apis/certificates.k8s.io/v1/certificatesigningrequests',
      `DELETE ${CSR_PATH}`,
      'POST /apis/certificates.k8s.io/v1/certificatesigningrequests',
    ]);
  });

  it('should read again and approve when the approval write conflicts (409)', async () => {
    double.react(csrSigner(ca, 'issue'));
    double.failOnce('PUT', `${CSR_PATH}/approval`, 409, 'Conflict', 'the object has been modified');
    await request();
    expect(double.requests.filter((r) => r.path === `${CSR_PATH}/approval`)).toHaveLength(2);
    expect(progress[1]).toBe('certificatesigningrequest/kprod-user-alice approved');
  });

  it('should fail with USER_CSR_DENIED (exit 1) when the request is denied', async () => {
    double.react(csrSigner(ca, 'deny'));
    const error = (await request().catch((e: unknown) => e)) as KprodError;
    expect(error).toBeInstanceOf(KprodError);
    expect(error.code).toBe('USER_CSR_DENIED');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      'certificatesigningrequest/kprod-user-alice is Denied: PolicyDenied (developers are onboarded on Mondays)',
    );
  });

  it('should fail with USER_CSR_DENIED when the signer marks it Failed', async () => {
    double.react(csrSigner(ca, 'fail'));
    const error = (await request().catch((e: unknown) => e)) as KprodError;
    expect(error.message).toBe(
      'certificatesigningrequest/kprod-user-alice is Failed: SignerValidationFailure',
    );
  });

  it('should time out with KPROD_TIMEOUT (exit 4) when no certificate ever comes', async () => {
    double.react(csrSigner(ca, 'never'));
    const error = (await request(200).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('KPROD_TIMEOUT');
    expect(error.exitCode).toBe(4);
    expect(error.message).toBe(
      'no certificate for certificatesigningrequest/kprod-user-alice after 200ms (approved, not signed)',
    );
  });

  it('should stop waiting with KPROD_INTERRUPTED (exit 130) when the signal aborts', async () => {
    double.react(csrSigner(ca, 'never'));
    const controller = new AbortController();
    // Abort once kprod has approved and starts polling, as Ctrl-C would.
    double.react((change) => {
      if (change.path.plural === 'certificatesigningrequests' && change.type === 'MODIFIED') {
        controller.abort();
      }
    });
    const error = (await requestCertificate(kube, {
      name: 'alice',
      csrPem: buildCsr(generateClientKey('ecdsa'), { commonName: 'alice', organizations: [] }),
      ttlSeconds: 3600,
      timeoutMs: 60_000,
      pollMs: 60_000,
      signal: controller.signal,
    }).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('KPROD_INTERRUPTED');
    expect(error.exitCode).toBe(130);
  });

  it('should wait for an admin when approval is forbidden (403), and name the missing permission', async () => {
    double.react(csrSigner(ca, 'issue'));
    double.failOnce(
      'PUT',
      `${CSR_PATH}/approval`,
      403,
      'Forbidden',
      'certificatesigningrequests.certificates.k8s.io "kprod-user-alice" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"',
    );
    const error = (await request(200).catch((e: unknown) => e)) as KprodError;
    expect(error.code).toBe('USER_CSR_APPROVE_FORBIDDEN');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'certificatesigningrequest/kprod-user-alice was created but not approved: PUT /apis/certificates.k8s.io/v1/certificatesigningrequests/kprod-user-alice/approval: 403 certificatesigningrequests.certificates.k8s.io "kprod-user-alice" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"',
    );
    expect(error.hint).toContain('kubectl certificate approve kprod-user-alice');
    expect(progress[1]).toBe(
      'cannot approve certificatesigningrequest/kprod-user-alice: the current user lacks the "approve" verb on signers "kubernetes.io/kube-apiserver-client"; waiting 200ms for an admin to run: kubectl certificate approve kprod-user-alice',
    );
  });

  it('should pick up an approval an admin gives while it waits after a 403', async () => {
    double.react(csrSigner(ca, 'issue'));
    double.failOnce('PUT', `${CSR_PATH}/approval`, 403, 'Forbidden', 'forbidden');
    // The "admin": approves as soon as kprod starts polling after the refused approval.
    let approved = false;
    double.override((req) => {
      if (
        !approved &&
        req.method === 'GET' &&
        req.path === CSR_PATH &&
        double.requests.some((r) => r.path.endsWith('/approval'))
      ) {
        approved = true;
        const csr = double.get(CSR_PATH)!;
        double.put(CSR_PATH, {
          ...csr,
          status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AdminApproved' }] },
        });
      }
      return undefined;
    });
    const pem = await request(5000);
    expect(new X509Certificate(pem).subject).toBe('O=dev\nCN=alice');
  });
});
