import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { csrSigner } from '../../../test/support/kube-double-csr.js';
import { type TestCa, createTestCa, openssl } from '../../../test/support/kube-double-openssl.js';
import { KprodError } from '../../errors.js';
import { connectKube } from '../kube.js';
import { type KubeClient } from '../kube-api.js';
import { type AddUserOptions, addUser, resolveClusterEndpoint, withProgress } from './add.js';
import { planUser } from './plan.js';

const PLAN = planUser({
  name: 'alice',
  namespacePrefix: 'ns-',
  groups: ['dev'],
  bindGroups: false,
  quota: { pods: '5' },
  networkPolicy: true,
  podSecurity: 'restricted',
});

describe('resolveClusterEndpoint', () => {
  const ca = (): TestCa => createTestCa('ec');

  it('should take server and embedded CA from the admin context', () => {
    const { certPem } = ca();
    const cluster = {
      name: 'work',
      server: 'https://1.2.3.4:6443',
      caData: Buffer.from(certPem).toString('base64'),
    };
    expect(resolveClusterEndpoint(cluster, {})).toEqual({
      clusterName: 'work',
      server: 'https://1.2.3.4:6443',
      caPem: certPem,
    });
  });

  it('should prefer --server and --ca', () => {
    const { certPem } = ca();
    expect(
      resolveClusterEndpoint(
        { name: 'work', server: 'http://x' },
        { server: 'https://api.example:6443', caPem: certPem },
      ),
    ).toEqual({
      clusterName: 'work',
      server: 'https://api.example:6443',
      caPem: certPem,
    });
  });

  it('should refuse a context without CA data (exit 2), and a CA file without a certificate', () => {
    let missing: unknown;
    try {
      resolveClusterEndpoint({ name: 'double', server: 'http://x' }, {});
    } catch (e) {
      missing = e;
    }
    if (!(missing instanceof KprodError)) throw new Error('expected a KprodError');
    expect(missing.code).toBe('USER_CLUSTER_CA_MISSING');
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe(
      'the cluster "double" of the admin context has no certificate-authority-data',
    );
    expect(() =>
      resolveClusterEndpoint(
        { name: 'w', server: 's' },
        { caPem: 'nope', caSource: '--ca ca.pem' },
      ),
    ).toThrow('--ca ca.pem holds no PEM certificate');
  });
});

describe('withProgress', () => {
  it('should keep the code and add the steps done and the re-run advice', () => {
    const error = withProgress(
      new KprodError('KUBE_FORBIDDEN', 'POST x: 403 no'),
      ['namespace/ns-a created'],
      'kprod user add a',
    ) as KprodError;
    expect(error.code).toBe('KUBE_FORBIDDEN');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe('POST x: 403 no\n  done before the failure: namespace/ns-a created');
    expect(error.hint).toBe(
      'Ask a cluster admin for the verb and resource named in the message. Every step is idempotent: re-run `kprod user add a` to complete the rest.',
    );
  });
});

describe('addUser', () => {
  let ca: TestCa;
  let double: KubeDouble;
  let kube: KubeClient;
  let outRoot: string;
  let options: AddUserOptions;
  let lines: string[];
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    double.react(csrSigner(ca, 'issue'));
    kube = connectKube({ kubeconfig: double.kubeconfigPath });
    outRoot = mkdtempSync(join(tmpdir(), 'kprod-users-'));
    lines = [];
    options = {
      plan: PLAN,
      credentials: {
        name: 'alice',
        groups: ['dev'],
        keyType: 'ecdsa',
        rsaBits: 2048,
        ttlSeconds: 3600,
        timeoutMs: 5000,
        pollMs: 20,
      },
      endpoint: { clusterName: 'work', server: 'https://10.0.0.1:6443', caPem: ca.certPem },
      outRoot,
      onProgress: (line) => lines.push(line),
    };
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should create every object, issue a certificate and write 0600 files in a 0700 directory', async () => {
    const result = await addUser(kube, options, 'kprod user add alice');
    expect(result.outcomes.map((o) => `${o.object} ${o.outcome}`)).toEqual([
      'namespace/ns-alice created',
      'role.rbac.authorization.k8s.io/kprod-developer created',
      'rolebinding.rbac.authorization.k8s.io/kprod-developer created',
      'resourcequota/kprod-quota created',
      'limitrange/kprod-defaults created',
      'networkpolicy.networking.k8s.io/kprod-isolate created',
    ]);
    expect(result.files).toEqual([
      join(outRoot, 'alice', 'alice.key'),
      join(outRoot, 'alice', 'alice.crt'),
      join(outRoot, 'alice', 'kubeconfig'),
    ]);
    expect(result.context).toBe('alice@work');
    expect(statSync(join(outRoot, 'alice')).mode & 0o777).toBe(0o700);
    for (const file of result.files) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(openssl(['verify', '-CAfile', ca.certPath, join(outRoot, 'alice', 'alice.crt')])).toBe(
      `${join(outRoot, 'alice', 'alice.crt')}: OK\n`,
    );
    const cert = new X509Certificate(readFileSync(join(outRoot, 'alice', 'alice.crt')));
    expect(result.notAfter.toISOString()).toBe(new Date(cert.validTo).toISOString());
  });

  it('should converge on a second run: nothing created twice, nothing rewritten', async () => {
    await addUser(kube, options, 'kprod user add alice');
    const before = double.requests.length;
    const result = await addUser(kube, options, 'kprod user add alice');
    expect(result.outcomes.map((o) => o.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    const second = double.requests.slice(before);
    expect(second.filter((r) => r.method === 'PUT' && !r.path.endsWith('/approval'))).toEqual([]);
    expect(double.list('/api/v1/namespaces').map((n) => n.metadata?.name)).toEqual(['ns-alice']);
    expect(double.list('/apis/certificates.k8s.io/v1/certificatesigningrequests')).toHaveLength(1);
  });

  it('should delete the network policy when a re-run switches it off', async () => {
    await addUser(kube, options, 'kprod user add alice');
    const off = planUser({
      ...PLAN,
      name: 'alice',
      namespacePrefix: 'ns-',
      groups: ['dev'],
      bindGroups: false,
      quota: { pods: '5' },
      networkPolicy: false,
      podSecurity: 'restricted',
    });
    const result = await addUser(kube, { ...options, plan: off }, 'kprod user add alice');
    expect(result.outcomes.at(-1)).toEqual({
      object: 'networkpolicies/kprod-isolate',
      outcome: 'deleted',
    });
    expect(
      double.get('/apis/networking.k8s.io/v1/namespaces/ns-alice/networkpolicies/kprod-isolate'),
    ).toBeUndefined();
  });

  it('should say what was done when a step is forbidden, and complete on re-run', async () => {
    double.failOnce(
      'POST',
      '/api/v1/namespaces/ns-alice/resourcequotas',
      403,
      'Forbidden',
      'resourcequotas is forbidden: User "admin" cannot create resource "resourcequotas"',
    );
    const error = (await addUser(kube, options, 'kprod user add alice').catch(
      (e: unknown) => e,
    )) as KprodError;
    expect(error.code).toBe('KUBE_FORBIDDEN');
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      'POST /api/v1/namespaces/ns-alice/resourcequotas: 403 resourcequotas is forbidden: User "admin" cannot create resource "resourcequotas"\n' +
        '  done before the failure: namespace/ns-alice created, role.rbac.authorization.k8s.io/kprod-developer created, rolebinding.rbac.authorization.k8s.io/kprod-developer created',
    );
    const result = await addUser(kube, options, 'kprod user add alice');
    expect(result.outcomes.map((o) => o.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'created',
      'created',
      'created',
    ]);
  });

  it('should sign locally with the CA files without touching the CSR API', async () => {
    const result = await addUser(
      kube,
      {
        ...options,
        credentials: { ...options.credentials, ca: { certPem: ca.certPem, keyPem: ca.keyPem } },
      },
      'kprod user add alice',
    );
    expect(double.requests.filter((r) => r.path.includes('certificatesigningrequests'))).toEqual(
      [],
    );
    expect(openssl(['verify', '-CAfile', ca.certPath, result.files[1]!])).toBe(
      `${result.files[1]!}: OK\n`,
    );
    expect(lines.at(-1)).toBe('certificate signed locally by the CA of --ca-cert');
  });
});
