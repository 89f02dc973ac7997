// The local Kubernetes control plane for kprod's real-cluster suite: etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler of one pinned release, built from their Go modules,
// and kwok playing the kubelets of three fake nodes, all on 127.0.0.1.
//
//   node test/cluster/control-plane.mjs up     start (or, when already up, just report)
//   node test/cluster/control-plane.mjs down   stop everything and remove its state
//
// `up` exits 0 only when the cluster is ready, and its last line is
// `export KUBECONFIG=<admin kubeconfig>`. docs/cluster.md describes what runs and why.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BIN_DIR, CLUSTER_DIR, KUBERNETES_VERSION, binary, ensureBinaries } from './binaries.mjs';
import { installCrds } from './crds.mjs';
import { SERVICE_CLUSTER_IP_RANGE, ensurePki } from './pki.mjs';

/** Where a running cluster keeps its state (git-ignored); KPROD_CLUSTER_DIR moves it. */
export const RUN_DIR = process.env.KPROD_CLUSTER_DIR ?? join(CLUSTER_DIR, '.run');
const STATE_FILE = join(RUN_DIR, 'state.json');

/** The fake nodes: name → zone. Each has 4 CPUs, 8 GiB and room for 110 pods. */
export const NODES = { 'kwok-node-0': 'zone-a', 'kwok-node-1': 'zone-b', 'kwok-node-2': 'zone-c' };

const log = (line) => process.stderr.write(`cluster: ${line}\n`);

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function readState() {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** GET over TLS with the cluster CA; resolves with [status, body] or rejects within `ms`. */
function get(url, { ca, token, cert, key }, ms = 3000) {
  return new Promise((resolve, reject) => {
    const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const request = https.get(url, { ca, cert, key, headers, timeout: ms }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        if (body.length < 1 << 20) body += chunk;
      });
      response.on('end', () => resolve([response.statusCode, body]));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in ${ms} ms`)));
    request.on('error', reject);
  });
}

/** Polls `check` (returns true when done) every 250 ms until `seconds` pass. */
async function waitFor(what, seconds, check, processes = []) {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  for (;;) {
    for (const [name, pid, logFile] of processes) {
      if (!alive(pid)) {
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
        throw new Error(
          `${name} exited while waiting for ${what}; last lines of ${logFile}:\n${tail}`,
        );
      }
    }
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${seconds} s waiting for ${what} ${last}`);
    await sleep(250);
  }
}

function start(name, args) {
  const logFile = join(RUN_DIR, 'logs', `${name}.log`);
  const fd = openSync(logFile, 'a');
  // Own process group, so `down` stops the program and nothing it started survives.
  const child = spawn(binary(name), args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  return [name, child.pid, logFile];
}

/** Writes a kubeconfig (mode 0600) with the CA and any client certificate embedded, as kubeadm's. */
function kubeconfig(file, { server, ca, user }) {
  const data = (path) => readFileSync(path).toString('base64');
  const auth =
    user.token !== undefined
      ? `    token: ${user.token}`
      : `    client-certificate-data: ${data(user.cert)}\n    client-key-data: ${data(user.key)}`;
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kprod-local',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${data(ca)}`,
    'users:',
    `- name: ${user.name}`,
    '  user:',
    auth,
    'contexts:',
    `- name: ${user.name}@kprod-local`,
    '  context:',
    '    cluster: kprod-local',
    `    user: ${user.name}`,
    `current-context: ${user.name}@kprod-local`,
    '',
  ].join('\n');
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** kubectl of the pinned release, as the cluster admin. */
export function kubectl(args, { input, kubeconfigFile = join(RUN_DIR, 'admin.kubeconfig') } = {}) {
  return execFileSync(binary('kubectl'), ['--kubeconfig', kubeconfigFile, ...args], {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

function nodeManifest() {
  return Object.entries(NODES)
    .map(([name, zone]) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'topology.kubernetes.io/zone': zone,
            type: 'kwok',
          },
        },
        spec: {},
        status: {
          allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
          capacity: { cpu: '4', memory: '8Gi', pods: '110' },
        },
      }),
    )
    .join('\n');
}

async function isUp(state) {
  if (state === undefined) return false;
  if (!Object.values(state.pids).every(alive)) return false;
  try {
    const [status] = await get(`${state.server}/readyz`, {
      ca: readFileSync(join(RUN_DIR, 'pki', 'ca.crt')),
      token: state.token,
    });
    return status === 200;
  } catch {
    return false;
  }
}

function report(state) {
  const lines = [
    `Kubernetes ${KUBERNETES_VERSION} control plane is ready (kwok nodes: ${Object.keys(NODES).join(', ')})`,
    `  API server      ${state.server}`,
    `  etcd            https://127.0.0.1:${state.ports.etcd}`,
    `  kwok (kubelets) https://127.0.0.1:${state.ports.kwok}`,
    `  kubectl         ${binary('kubectl')}`,
    `  logs            ${join(RUN_DIR, 'logs')}`,
    `  stop with       npm run cluster:down`,
    `export KUBECONFIG=${state.kubeconfig}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function stopProcesses(state) {
  for (const pid of Object.values(state?.pids ?? {})) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 10_000;
  for (const pid of Object.values(state?.pids ?? {})) {
    while (alive(pid) && Date.now() < deadline) await sleep(100);
    if (alive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Gone between the check and the kill.
      }
    }
  }
}

/** Stops every process of the cluster and removes its state directory. */
export async function down() {
  await stopProcesses(readState());
  rmSync(RUN_DIR, { recursive: true, force: true });
}

/**
 * Starts the control plane unless it is up; returns its state (server, kubeconfig, ports) and
 * `reused: true` when it was already running.
 */
export async function up() {
  const previous = readState();
  if (await isUp(previous)) return { ...previous, reused: true };
  if (previous !== undefined) {
    log('a previous cluster is not healthy: removing it');
  }
  await down();
  try {
    return { ...(await startCluster()), reused: false };
  } catch (error) {
    // Nothing half-started is left running; the logs stay for reading until `down`.
    await stopProcesses(readState());
    throw error;
  }
}

async function startCluster() {
  const started = Date.now();
  ensureBinaries((line) => log(line));
  mkdirSync(join(RUN_DIR, 'logs'), { recursive: true });
  const pki = ensurePki(join(RUN_DIR, 'pki'));
  const p = pki.path;
  const ports = {
    etcd: await freePort(),
    etcdPeer: await freePort(),
    apiserver: await freePort(),
    controllerManager: await freePort(),
    scheduler: await freePort(),
    kwok: await freePort(),
  };
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const token = randomBytes(24).toString('hex');
  writeFileSync(
    join(RUN_DIR, 'tokens.csv'),
    `${token},kprod-admin,kprod-admin,"system:masters"\n`,
    {
      mode: 0o600,
    },
  );
  const pids = {};
  const processes = [];
  const launch = (name, args) => {
    const entry = start(name, args);
    pids[name] = entry[1];
    processes.push(entry);
    writeFileSync(STATE_FILE, JSON.stringify({ pids }));
    return entry;
  };

  launch('etcd', [
    '--name=kprod-local',
    `--data-dir=${join(RUN_DIR, 'etcd')}`,
    `--listen-client-urls=https://127.0.0.1:${ports.etcd}`,
    `--advertise-client-urls=https://127.0.0.1:${ports.etcd}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=kprod-local=http://127.0.0.1:${ports.etcdPeer}`,
    `--cert-file=${p('etcd-server.crt')}`,
    `--key-file=${p('etcd-server.key')}`,
    `--trusted-ca-file=${p('ca.crt')}`,
    '--client-cert-auth',
    // A test cluster: losing the last writes on a machine crash costs nothing, fsync costs seconds.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  const ca = readFileSync(p('ca.crt'));
  const etcdClient = {
    ca,
    cert: readFileSync(p('apiserver-etcd-client.crt')),
    key: readFileSync(p('apiserver-etcd-client.key')),
  };
  await waitFor(
    'etcd /health',
    60,
    async () => {
      const [status] = await get(`https://127.0.0.1:${ports.etcd}/health`, etcdClient);
      return status === 200;
    },
    processes,
  );

  launch('kube-apiserver', [
    '--advertise-address=127.0.0.1',
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.apiserver}`,
    `--etcd-servers=https://127.0.0.1:${ports.etcd}`,
    `--etcd-cafile=${p('ca.crt')}`,
    `--etcd-certfile=${p('apiserver-etcd-client.crt')}`,
    `--etcd-keyfile=${p('apiserver-etcd-client.key')}`,
    `--client-ca-file=${p('ca.crt')}`,
    `--tls-cert-file=${p('apiserver.crt')}`,
    `--tls-private-key-file=${p('apiserver.key')}`,
    `--token-auth-file=${join(RUN_DIR, 'tokens.csv')}`,
    '--authorization-mode=Node,RBAC',
    // The default plugins (PodSecurity, ResourceQuota, LimitRanger, ServiceAccount, the
    // CertificateApproval/Signing/SubjectRestriction trio, ...) stay on; NodeRestriction joins them.
    '--enable-admission-plugins=NodeRestriction',
    '--allow-privileged=true',
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p('sa.pub')}`,
    `--service-account-signing-key-file=${p('sa.key')}`,
    `--kubelet-client-certificate=${p('apiserver-kubelet-client.crt')}`,
    `--kubelet-client-key=${p('apiserver-kubelet-client.key')}`,
    `--kubelet-certificate-authority=${p('ca.crt')}`,
    '--kubelet-preferred-address-types=InternalIP',
    // The advertised address is loopback, which Endpoints may not hold: no endpoint reconciler.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    '--v=1',
  ]);
  const admin = { ca, token };
  await waitFor(
    'kube-apiserver /readyz',
    120,
    async () => {
      const [status] = await get(`${server}/readyz`, admin);
      return status === 200;
    },
    processes,
  );

  const adminKubeconfig = kubeconfig(join(RUN_DIR, 'admin.kubeconfig'), {
    server,
    ca: p('ca.crt'),
    user: { name: 'kprod-admin', token },
  });
  kubeconfig(join(RUN_DIR, 'admin-cert.kubeconfig'), {
    server,
    ca: p('ca.crt'),
    user: { name: 'kprod-admin-cert', cert: p('admin-cert.crt'), key: p('admin-cert.key') },
  });
  const componentKubeconfig = (name) =>
    kubeconfig(join(RUN_DIR, `${name}.kubeconfig`), {
      server,
      ca: p('ca.crt'),
      user: { name, cert: p(`${name}.crt`), key: p(`${name}.key`) },
    });

  kubectl(['apply', '-f', join(CLUSTER_DIR, 'kwok-rbac.yaml')]);
  kubectl(['apply', '-f', '-'], { input: nodeManifest() });

  const cm = componentKubeconfig('kube-controller-manager');
  launch('kube-controller-manager', [
    `--kubeconfig=${cm}`,
    `--authentication-kubeconfig=${cm}`,
    `--authorization-kubeconfig=${cm}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.controllerManager}`,
    '--leader-elect=false',
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${p('sa.key')}`,
    `--root-ca-file=${p('ca.crt')}`,
    // The CSR signer: `kprod user add` gets its certificates from the cluster CA through it.
    `--cluster-signing-cert-file=${p('ca.crt')}`,
    `--cluster-signing-key-file=${p('ca.key')}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--cluster-name=kprod-local',
    '--controllers=*,bootstrapsigner,tokencleaner',
    '--v=1',
  ]);
  const sched = componentKubeconfig('kube-scheduler');
  launch('kube-scheduler', [
    `--kubeconfig=${sched}`,
    `--authentication-kubeconfig=${sched}`,
    `--authorization-kubeconfig=${sched}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.scheduler}`,
    '--leader-elect=false',
    '--v=1',
  ]);
  // kwok watches its Logs/ClusterLogs kinds, so every CRD is in place before it starts.
  installCrds((args, input) => kubectl(args, { input }), log);
  launch('kwok', [
    `--kubeconfig=${componentKubeconfig('kwok')}`,
    `--config=${join(CLUSTER_DIR, 'kwok-stages.yaml')}`,
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--node-ip=127.0.0.1',
    `--node-port=${ports.kwok}`,
    `--server-address=127.0.0.1:${ports.kwok}`,
    `--tls-cert-file=${p('kwok-serving.crt')}`,
    `--tls-private-key-file=${p('kwok-serving.key')}`,
    '--cidr=10.244.0.0/16',
    '--enable-crds=Logs,ClusterLogs',
  ]);

  await waitFor(
    'the default ServiceAccount and Ready nodes',
    120,
    async () => {
      const sa = kubectl(['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name']);
      const ready = kubectl([
        'get',
        'nodes',
        '-o',
        'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
      ]);
      return (
        sa.trim() !== '' &&
        ready.split('\n').filter((s) => s === 'True').length === Object.keys(NODES).length
      );
    },
    processes,
  );

  const state = { server, token, ports, pids, kubeconfig: adminKubeconfig, binDir: BIN_DIR };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return state;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const verb = process.argv[2];
  try {
    if (verb === 'up') {
      report(await up());
    } else if (verb === 'down') {
      await down();
      log('stopped and removed');
    } else {
      process.stderr.write('usage: node test/cluster/control-plane.mjs up|down\n');
      process.exitCode = 2;
    }
  } catch (error) {
    process.stderr.write(`cluster: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
