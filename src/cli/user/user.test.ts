import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BufferedIO, bufferedIO } from '../../../test/support/kube-double-cli-io.js';
import { type KubeDouble, startKubeDouble } from '../../../test/support/kube-double.js';
import { type SignerMode, csrSigner } from '../../../test/support/kube-double-csr.js';
import { type TestCa, createTestCa } from '../../../test/support/kube-double-openssl.js';
import { kprod } from '../commands.js';
import { runCli } from '../run-cli.js';

const ADD_LINES = [
  'namespace/ns-alice created',
  'role.rbac.authorization.k8s.io/kprod-developer created',
  'rolebinding.rbac.authorization.k8s.io/kprod-developer created',
  'resourcequota/kprod-quota created',
  'limitrange/kprod-defaults created',
  'networkpolicy.networking.k8s.io/kprod-isolate created',
  'certificatesigningrequest/kprod-user-alice created (signer kubernetes.io/kube-apiserver-client)',
  'certificatesigningrequest/kprod-user-alice approved',
];

// Each test spawns openssl and kubectl; on a loaded machine that takes seconds, not a hang.
describe('kprod user', { timeout: 90_000 }, () => {
  let ca: TestCa;
  let double: KubeDouble;
  let cwd: string;
  let out: BufferedIO;
  beforeAll(() => {
    ca = createTestCa('ec');
  });
  beforeEach(async () => {
    double = await startKubeDouble();
    cwd = mkdtempSync(join(tmpdir(), 'kprod-user-cli-'));
    writeFileSync(join(cwd, 'ca.crt'), ca.certPem);
  });
  afterEach(async () => {
    await double.stop();
  });

  const run = (
    argv: string[],
    options: { tty?: boolean; input?: string } = {},
  ): Promise<number> => {
    out = bufferedIO(cwd, options);
    if (options.input !== undefined) out.stdin.end(options.input);
    return runCli(kprod, ['user', ...argv, '--kubeconfig', double.kubeconfigPath], out.io, '0.0.0');
  };
  const add = (mode: SignerMode, ...extra: string[]): Promise<number> => {
    double.react(csrSigner(ca, mode));
    return run(['add', 'alice', '--group', 'dev', '--ca', 'ca.crt', '--timeout', '1s', ...extra]);
  };

  describe('add', () => {
    it('should onboard a user and write a kubeconfig kubectl accepts (mode 0600)', async () => {
      expect(await add('issue')).toBe(0);
      const lines = out.stdout().split('\n');
      expect(lines.slice(0, 8)).toEqual(ADD_LINES);
      expect(lines[8]).toBe(
        'kubeconfig written to kprod-users/alice/kubeconfig (context alice@double, namespace ns-alice)',
      );
      expect(lines[9]).toMatch(
        /^certificate valid until \d{4}-\d\d-\d\dT.*Z; renew with: kprod user kubeconfig alice$/,
      );
      expect(out.stderr()).toBe('');
      const kubeconfig = join(cwd, 'kprod-users', 'alice', 'kubeconfig');
      expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
      const contexts = execFileSync(
        'kubectl',
        ['config', 'get-contexts', '--kubeconfig', kubeconfig],
        { encoding: 'utf8' },
      );
      expect(contexts).toBe(
        'CURRENT   NAME           CLUSTER   AUTHINFO   NAMESPACE\n*         alice@double   double    alice      ns-alice\n',
      );
      const server = execFileSync(
        'kubectl',
        [
          'config',
          'view',
          '--kubeconfig',
          kubeconfig,
          '--minify',
          '--raw',
          '-o',
          'jsonpath={.clusters[0].cluster.server}',
        ],
        { encoding: 'utf8' },
      );
      expect(server).toBe(double.url);
    });

    it('should converge on a second run and say every object is unchanged', async () => {
      expect(await add('issue')).toBe(0);
      expect(await run(['add', 'alice', '--group', 'dev', '--ca', 'ca.crt'])).toBe(0);
      expect(out.stdout().split('\n').slice(0, 6)).toEqual(
        ADD_LINES.slice(0, 6).map((l) => l.replace(' created', ' unchanged')),
      );
      expect(double.list('/api/v1/namespaces')).toHaveLength(1);
    });

    it('should print the plan with --dry-run and not contact the cluster', async () => {
      expect(await run(['add', 'alice', '--dry-run', '--ttl', '12h'])).toBe(0);
      expect(double.requests).toEqual([]);
      const text = out.stdout();
      expect(text.split('\n')[0]).toBe('# kprod user add alice --dry-run: nothing is changed');
      expect(text.match(/^kind: \w+$/gm)).toEqual([
        'kind: Namespace',
        'kind: Role',
        'kind: RoleBinding',
        'kind: ResourceQuota',
        'kind: LimitRange',
        'kind: NetworkPolicy',
      ]);
      expect(text).toContain(
        '# new ECDSA P-256 key; certificate CN=alice valid 12h, signed by certificatesigningrequest/kprod-user-alice (signer kubernetes.io/kube-apiserver-client), approved by kprod\n',
      );
    });

    it('should take the quota from --quota-file and bind groups with --bind-groups', async () => {
      writeFileSync(join(cwd, 'quota.yaml'), 'pods: 7\nlimits.memory: 2Gi\n');
      expect(await add('issue', '--quota-file', 'quota.yaml', '--bind-groups')).toBe(0);
      expect(
        double.get('/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota')?.['spec'],
      ).toEqual({
        hard: { pods: '7', 'limits.memory': '2Gi' },
      });
      const binding = double.get(
        '/apis/rbac.authorization.k8s.io/v1/namespaces/ns-alice/rolebindings/kprod-developer',
      );
      expect(binding?.['subjects']).toEqual([
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'dev' },
      ]);
    });

    it('should sign locally with --ca-cert/--ca-key and use that CA when the context has none', async () => {
      writeFileSync(join(cwd, 'ca.key'), ca.keyPem);
      expect(
        await run([
          'add',
          'alice',
          '--ca-cert',
          'ca.crt',
          '--ca-key',
          'ca.key',
          '--key-type',
          'rsa',
        ]),
      ).toBe(0);
      expect(double.requests.filter((r) => r.path.includes('certificatesigningrequests'))).toEqual(
        [],
      );
      const cert = new X509Certificate(
        readFileSync(join(cwd, 'kprod-users', 'alice', 'alice.crt')),
      );
      expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
      expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    });

    it.each([
      [['add', 'Alice'], 2, 'kprod: USER_NAME_INVALID: "Alice" is not a valid user name\n'],
      [
        ['add', 'alice', '--rsa-bits', '1024'],
        2,
        'kprod: KPROD_USAGE: --rsa-bits "1024" must be a whole number from 2048 to 16384\n',
      ],
      [
        ['add', 'alice', '--ttl', '5m'],
        2,
        'kprod: KPROD_USAGE: --ttl 5m is below the minimum of 10m\n',
      ],
      [
        ['add', 'alice', '--ca-cert', 'ca.crt'],
        2,
        'kprod: KPROD_USAGE: --ca-cert and --ca-key go together\n',
      ],
      [
        ['add', 'alice', '--quota-preset', 'huge'],
        2,
        'kprod: USER_QUOTA_INVALID: unknown --quota-preset "huge"; known presets: guide, small, large\n',
      ],
      [
        ['add', 'alice', '--quota-file', 'none.yaml'],
        2,
        'kprod: KPROD_INPUT_UNREADABLE: cannot read --quota-file none.yaml: ENOENT\n',
      ],
      [
        ['add', 'alice', '--pss-level', 'strict'],
        2,
        'kprod: KPROD_USAGE: --pss-level "strict" is not one of restricted, baseline, privileged\n',
      ],
      [
        ['add', 'alice'],
        2,
        'kprod: USER_CLUSTER_CA_MISSING: the cluster "double" of the admin context has no certificate-authority-data\n',
      ],
    ])('should refuse %j with exit %i', async (argv, code, firstLine) => {
      expect(await run(argv)).toBe(code);
      expect(`${out.stderr().split('\n')[0] ?? ''}\n`).toBe(firstLine);
      expect(out.stderr()).toMatch(/\n {2}hint: .+\n$/);
      expect(double.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('should exit 4 (KPROD_TIMEOUT) when the certificate never comes, listing what was done', async () => {
      expect(await add('never')).toBe(4);
      expect(out.stderr().split('\n').slice(0, 3)).toEqual([
        'kprod: KPROD_TIMEOUT: no certificate for certificatesigningrequest/kprod-user-alice after 1s (approved, not signed)',
        '  done before the failure: namespace/ns-alice created, role.rbac.authorization.k8s.io/kprod-developer created, rolebinding.rbac.authorization.k8s.io/kprod-developer created, resourcequota/kprod-quota created, limitrange/kprod-defaults created, networkpolicy.networking.k8s.io/kprod-isolate created',
        '  hint: Check that the cluster signs kube-apiserver-client requests (kube-controller-manager --cluster-signing-cert-file/--cluster-signing-key-file), or sign locally with --ca-cert/--ca-key; raise --timeout if the signer is just slow. Every step is idempotent: re-run `kprod user add alice` to complete the rest.',
      ]);
      expect(existsSync(join(cwd, 'kprod-users', 'alice', 'alice.key'))).toBe(false);
    });

    it('should exit 1 (USER_CSR_DENIED) when the request is denied', async () => {
      expect(await add('deny')).toBe(1);
      expect(out.stderr().split('\n')[0]).toBe(
        'kprod: USER_CSR_DENIED: certificatesigningrequest/kprod-user-alice is Denied: PolicyDenied (developers are onboarded on Mondays)',
      );
    });

    it('should exit 3 (KUBE_FORBIDDEN) when the admin may not create namespaces', async () => {
      double.failOnce(
        'POST',
        '/api/v1/namespaces',
        403,
        'Forbidden',
        'namespaces is forbidden: User "ops" cannot create resource "namespaces" in API group "" at the cluster scope',
      );
      expect(await add('issue')).toBe(3);
      expect(out.stderr().split('\n').slice(0, 2)).toEqual([
        'kprod: KUBE_FORBIDDEN: POST /api/v1/namespaces: 403 namespaces is forbidden: User "ops" cannot create resource "namespaces" in API group "" at the cluster scope',
        '  done before the failure: nothing',
      ]);
    });
  });

  describe('kubeconfig', () => {
    it('should renew the certificate with the groups recorded at add time', async () => {
      expect(await add('issue', '--group', 'qa')).toBe(0);
      const certPath = join(cwd, 'kprod-users', 'alice', 'alice.crt');
      const first = readFileSync(certPath, 'utf8');
      expect(await run(['kubeconfig', 'alice', '--ca', 'ca.crt'])).toBe(0);
      const second = readFileSync(certPath, 'utf8');
      expect(second).not.toBe(first);
      expect(new X509Certificate(second).subject).toBe('O=dev\nO=qa\nCN=alice');
      expect(out.stdout().split('\n').at(-3)).toBe(
        'kubeconfig written to kprod-users/alice/kubeconfig (context alice@double, namespace ns-alice)',
      );
    });

    it('should exit 1 (USER_NOT_FOUND) for a user that was never added', async () => {
      expect(await run(['kubeconfig', 'zoe', '--ca', 'ca.crt'])).toBe(1);
      expect(out.stderr().split('\n')[0]).toBe(
        'kprod: USER_NOT_FOUND: "zoe" has no tenant namespace ns-zoe (with label kprod.dev/tenant=zoe)',
      );
    });
  });

  describe('remove', () => {
    const WILL_DELETE = (cwdPath: string): string[] => [
      'kprod user remove alice will delete:',
      '  rolebinding.rbac.authorization.k8s.io/kprod-developer -n ns-alice',
      '  certificatesigningrequest/kprod-user-alice',
      '  namespace/ns-alice and everything in it',
      `  file ${join(cwdPath, 'kprod-users', 'alice', 'alice.key')}`,
      `  file ${join(cwdPath, 'kprod-users', 'alice', 'alice.crt')}`,
      `  file ${join(cwdPath, 'kprod-users', 'alice', 'kubeconfig')}`,
    ];

    it('should refuse without a terminal and without --yes (exit 2), deleting nothing', async () => {
      expect(await add('issue')).toBe(0);
      expect(await run(['remove', 'alice'])).toBe(2);
      expect(out.stdout().split('\n').slice(0, -1)).toEqual(WILL_DELETE(cwd));
      expect(out.stderr()).toBe(
        'kprod: USER_CONFIRMATION_REQUIRED: kprod user remove alice: refusing to delete without confirmation (stdin is not a terminal)\n  hint: Check the list above, then run: kprod user remove alice --yes\n',
      );
      expect(double.get('/api/v1/namespaces/ns-alice')).toBeDefined();
    });

    it('should ask on a terminal and keep everything on "n" (exit 1)', async () => {
      expect(await add('issue')).toBe(0);
      expect(await run(['remove', 'alice'], { tty: true, input: 'n\n' })).toBe(1);
      expect(out.stderr()).toBe('Delete all of this for alice? [y/N] ');
      expect(out.stdout().split('\n').at(-2)).toBe('nothing deleted');
      expect(double.get('/api/v1/namespaces/ns-alice')).toBeDefined();
    });

    it('should delete bindings first, then CSR, namespace and only its own files on "y"', async () => {
      expect(await add('issue')).toBe(0);
      writeFileSync(join(cwd, 'kprod-users', 'alice', 'notes.txt'), 'mine');
      expect(await run(['remove', 'alice'], { tty: true, input: 'y\n' })).toBe(0);
      const lines = out.stdout().split('\n');
      expect(lines.slice(7, 13)).toEqual([
        'rolebinding.rbac.authorization.k8s.io/kprod-developer deleted',
        'certificatesigningrequest/kprod-user-alice deleted',
        'namespace/ns-alice deleted',
        `removed ${join(cwd, 'kprod-users', 'alice', 'alice.key')}`,
        `removed ${join(cwd, 'kprod-users', 'alice', 'alice.crt')}`,
        `removed ${join(cwd, 'kprod-users', 'alice', 'kubeconfig')}`,
      ]);
      expect(lines[13]).toMatch(
        /^Kubernetes cannot revoke client certificates: .* Issue short-lived certificates \(--ttl\)/,
      );
      expect(double.get('/api/v1/namespaces/ns-alice')).toBeUndefined();
      expect(readFileSync(join(cwd, 'kprod-users', 'alice', 'notes.txt'), 'utf8')).toBe('mine');
    });

    it('should delete with --yes, report foreign cluster bindings, and exit 1 when nothing is left', async () => {
      expect(await add('issue')).toBe(0);
      double.put('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/old-alice-view', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
      });
      expect(await run(['remove', 'alice', '--yes'])).toBe(0);
      expect(out.stdout()).toContain(
        '  (kept: clusterrolebinding/old-alice-view names user alice but was not made by kprod; review it)\n',
      );
      expect(
        double.get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/old-alice-view'),
      ).toBeDefined();
      expect(await run(['remove', 'alice', '--yes'])).toBe(1);
      expect(out.stderr().split('\n')[0]).toBe(
        `kprod: USER_NOT_FOUND: nothing to remove for "alice": no namespace ns-alice, no bindings, no certificate request, no files in ${join(cwd, 'kprod-users')}`,
      );
    });

    it('should not delete a namespace of that name that is not a kprod tenant', async () => {
      double.put('/api/v1/namespaces/ns-bob', { apiVersion: 'v1', kind: 'Namespace' });
      expect(await run(['remove', 'bob', '--yes'])).toBe(1);
      expect(out.stderr().split('\n')[0]).toBe(
        'kprod: USER_NOT_FOUND: namespace ns-bob exists but is not a kprod tenant of "bob" (no label kprod.dev/tenant=bob); not deleting it',
      );
      expect(double.get('/api/v1/namespaces/ns-bob')).toBeDefined();
    });
  });

  describe('list', () => {
    it('should show tenants with quota used/hard and the local certificate expiry', async () => {
      expect(await add('issue')).toBe(0);
      const quotaPath = '/api/v1/namespaces/ns-alice/resourcequotas/kprod-quota';
      const quota = double.get(quotaPath)!;
      double.put(quotaPath, {
        ...quota,
        status: {
          hard: { pods: '50', 'limits.cpu': '5' },
          used: { pods: '3', 'limits.cpu': '750m' },
        },
      });
      expect(await run(['list'])).toBe(0);
      const [header, row, end] = out.stdout().split('\n');
      expect(header).toBe(
        'USER    NAMESPACE   STATUS   PODS   REQUESTS.CPU   REQUESTS.MEMORY   LIMITS.CPU   LIMITS.MEMORY   CERT EXPIRES',
      );
      expect(row).toMatch(
        /^alice {3}ns-alice {4}Active {3}3\/50 {3}- {14}- {17}750m\/5 {7}- {15}\d{4}-\d\d-\d\d \d\d:\d\d \(in \d+d\)$/,
      );
      expect(end).toBe('');
      expect(await run(['list', '-o', 'json'])).toBe(0);
      const rows = JSON.parse(out.stdout()) as { name: string; quota: unknown[] }[];
      expect(rows.map((r) => r.name)).toEqual(['alice']);
      expect(rows[0]!.quota).toEqual([
        { resource: 'limits.cpu', used: '750m', hard: '5' },
        { resource: 'pods', used: '3', hard: '50' },
      ]);
    });

    it('should say when there are no tenants', async () => {
      expect(await run(['list'])).toBe(0);
      expect(out.stdout()).toBe('no tenants (no namespace labelled kprod.dev/tenant)\n');
    });
  });
});
