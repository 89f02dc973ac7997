import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

// npm run bench:surge: the kubelet's view of multiroute during a connection surge. 5,000
// connections hit the main port at once and reconnect as soon as they are answered (each asks
// /test_limiter, held 1 s), for SURGE_SECONDS; meanwhile /livez is probed every 200 ms with a
// 2 s timeout (the Deployment's timeoutSeconds) on the main port and on the admin port, on fresh
// connections as the kubelet does. Loopback only, bounded in time and connection count.

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = Number(process.env['SURGE_CONNECTIONS'] ?? '5000');
const SURGE_SECONDS = Number(process.env['SURGE_SECONDS'] ?? '8');
const MAX_CONNECTS = CONNECTIONS * 20;
const PORT = 39600;
const ADMIN_PORT = 39601;
// cpus(), not availableParallelism(): this script itself may run pinned to one core.
const pinned = existsSync('/usr/bin/taskset') && cpus().length >= 2;
const PROBES = 40;

function netstat(): Record<string, number> {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const names = lines[0]?.split(' ') ?? [];
  const values = lines[1]?.split(' ') ?? [];
  return Object.fromEntries(names.map((n, i) => [n, Number(values[i])]));
}

function probe(port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => {
          done(res.statusCode === 200);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      done(false);
    });
    req.end();
  });
}

const [command, args] = pinned
  ? ['/usr/bin/taskset', ['-c', '1', process.execPath, join(ROOT, 'dist/service/main.js')]]
  : [process.execPath, [join(ROOT, 'dist/service/main.js')]];
const child = spawn(command, args, {
  env: {
    ...process.env,
    PORT: String(PORT),
    ADMIN_PORT: String(ADMIN_PORT),
    HOST: '127.0.0.1',
    VERSION: 'v1',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  for (let i = 0; ; i += 1) {
    if (await probe(ADMIN_PORT, '/readyz', 500)) break;
    if (i > 500 || child.exitCode !== null) throw new Error('multiroute did not become ready');
    await new Promise((r) => setTimeout(r, 20));
  }
  const before = netstat();
  const end = Date.now() + SURGE_SECONDS * 1000;
  let connects = 0;
  let answered = 0;
  let failed = 0;
  const open = (): void => {
    if (Date.now() > end || connects >= MAX_CONNECTS) return;
    connects += 1;
    const socket = connect({ host: '127.0.0.1', port: PORT });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write('GET /test_limiter HTTP/1.1\r\nHost: surge\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', () => {
      failed += 1;
    });
    socket.on('close', () => {
      if (text.startsWith('HTTP/1.1 200')) answered += 1;
      setImmediate(open);
    });
  };
  for (let i = 0; i < CONNECTIONS; i += 1) open();
  // PROBES probes per port, one every SURGE_SECONDS / PROBES, each waited for at most 2 s.
  const pending: Promise<[boolean, boolean]>[] = [];
  for (let i = 0; i < PROBES; i += 1) {
    pending.push(Promise.all([probe(PORT, '/livez', 2000), probe(ADMIN_PORT, '/livez', 2000)]));
    await new Promise((r) => setTimeout(r, (SURGE_SECONDS * 1000) / PROBES));
  }
  const outcomes = await Promise.all(pending);
  const results = {
    probes: PROBES,
    main: outcomes.filter(([main]) => main).length,
    admin: outcomes.filter(([, admin]) => admin).length,
  };
  const after = netstat();
  const delta = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
  console.log(
    `surge: ${CONNECTIONS} connections at once on the main port for ${SURGE_SECONDS} s ` +
      `(${connects} connects, ${answered} answered, ${failed} socket errors); ` +
      (pinned ? 'multiroute on core 1' : 'not pinned'),
  );
  console.log(
    `kernel ListenOverflows +${delta('ListenOverflows')}, ListenDrops +${delta('ListenDrops')}`,
  );
  console.log(
    `/livez on the main port:  ${results.main}/${results.probes} answered 200 within 2 s\n` +
      `/livez on the admin port: ${results.admin}/${results.probes} answered 200 within 2 s`,
  );
} finally {
  child.kill('SIGKILL');
}
