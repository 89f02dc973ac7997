// The local control plane's certificates, made with the real openssl: one cluster CA that signs
// every serving and client certificate (and, through kube-controller-manager, the
// CertificateSigningRequests of `kprod user add`), plus the service-account signing key.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The cluster's in-cluster API address: the first IP of the service range. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const KUBERNETES_SERVICE_IP = '10.96.0.1';

/**
 * Client identities: file stem → [CN, O]. The controller-manager and scheduler use the names
 * that the bootstrap RBAC policy binds; kwok gets its own ClusterRole (see kwok-rbac.yaml).
 */
const CLIENTS = {
  'kube-controller-manager': ['system:kube-controller-manager', ''],
  'kube-scheduler': ['system:kube-scheduler', ''],
  kwok: ['kprod:kwok-controller', ''],
  // The API server's client certificate towards the (simulated) kubelets and etcd.
  'apiserver-kubelet-client': ['kube-apiserver-kubelet-client', ''],
  'apiserver-etcd-client': ['kube-apiserver-etcd-client', ''],
  // A second admin identity by certificate, for tests that want x509 rather than the token.
  'admin-cert': ['kprod-admin', 'system:masters'],
};

function openssl(args, dir) {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ecKey(dir, stem) {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${stem}.key`], dir);
}

function signed(dir, stem, subject, extensions) {
  ecKey(dir, stem);
  openssl(['req', '-new', '-key', `${stem}.key`, '-subj', subject, '-out', `${stem}.csr`], dir);
  writeFileSync(join(dir, `${stem}.ext`), extensions);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${stem}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      `${stem}.ext`,
      '-out',
      `${stem}.crt`,
    ],
    dir,
  );
}

function subjectOf(cn, org) {
  return org === '' ? `/CN=${cn}` : `/O=${org}/CN=${cn}`;
}

/**
 * Creates every key and certificate in `dir` unless they exist (a restart keeps its identities).
 * Returns the paths the components are started with.
 */
export function ensurePki(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name) => join(dir, name);
  if (!existsSync(path('ca.crt'))) {
    ecKey(dir, 'ca');
    openssl(
      [
        'req',
        '-x509',
        '-new',
        '-key',
        'ca.key',
        '-subj',
        '/CN=kprod-local-cluster-ca',
        '-days',
        '30',
        '-sha256',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
        '-out',
        'ca.crt',
      ],
      dir,
    );
    const serving = (sans) =>
      [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${sans}`,
        '',
      ].join('\n');
    const client = [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=clientAuth',
      '',
    ].join('\n');
    signed(
      dir,
      'apiserver',
      '/CN=kube-apiserver',
      serving(
        `IP:127.0.0.1,IP:${KUBERNETES_SERVICE_IP},DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,` +
          'DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
      ),
    );
    signed(dir, 'etcd-server', '/CN=etcd', serving('IP:127.0.0.1,DNS:localhost'));
    signed(dir, 'kwok-serving', '/CN=kwok', serving('IP:127.0.0.1,DNS:localhost'));
    for (const [stem, [cn, org]] of Object.entries(CLIENTS)) {
      signed(dir, stem, subjectOf(cn, org), client);
    }
    // Service-account tokens are signed by this key and verified with its public half.
    openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
    openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  }
  return { dir, path };
}
