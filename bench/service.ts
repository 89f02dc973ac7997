import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

// npm run bench: multiroute (metrics on, access log off) against a plain node:http server
// sending the same bytes, loaded by wrk in the same run with the same duration and connections.
// The server runs on core 1 and wrk on core 0 when taskset exists.

const ROOT = resolve(import.meta.dirname, '../..');
const DURATION = process.env['BENCH_DURATION'] ?? '10s';
const CONNECTIONS = process.env['BENCH_CONNECTIONS'] ?? '50';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '2');
const WRK = '/usr/bin/wrk';
const pinned = existsSync('/usr/bin/taskset') && availableParallelism() >= 2;

interface Figures {
  readyMs: number;
  /** CPU time the server used until ready: start-up cost without the machine's contention. */
  readyCpuMs: number;
  rps: number;
  p50: string;
  p99: string;
  rssMiB: number;
  /** Where multiroute's memory is after the load, from its own /metrics; empty for plain. */
  memory: string;
}

function onCore(core: number, command: string, args: string[]): [string, string[]] {
  return pinned ? ['/usr/bin/taskset', ['-c', String(core), command, ...args]] : [command, args];
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function cpuMs(pid: number): number {
  // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

/** Splits the RSS after the load into V8 heap, external memory and the rest, from /metrics. */
async function memoryBreakdown(adminPort: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const value = (name: string, labels = ''): number =>
    Number(new RegExp(`^${name}${labels} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
  const rss = value('process_resident_memory_bytes');
  const heap = value('nodejs_heap_size_total_bytes');
  const used = value('nodejs_heap_size_used_bytes');
  const external = value('nodejs_external_memory_bytes');
  const young = value('nodejs_heap_space_size_total_bytes', '\\{space="new"\\}');
  return (
    `RSS ${rss.toFixed(1)} MiB = V8 heap ${heap.toFixed(1)} (used ${used.toFixed(1)}, ` +
    `young generation ${young.toFixed(1)}) + external ${external.toFixed(1)} + ` +
    `the rest ${(rss - heap - external).toFixed(1)} (Node and V8 code, stacks, malloc)`
  );
}

async function measure(name: string, script: string[], port: number): Promise<Figures> {
  const [command, args] = onCore(1, process.execPath, script);
  const started = performance.now();
  const child = spawn(command, args, {
    env: {
      ...process.env,
      PORT: String(port),
      ADMIN_PORT: String(port + 1000),
      HOST: '127.0.0.1',
      VERSION: 'v1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(port, child);
    const readyMs = performance.now() - started;
    const readyCpuMs = cpuMs(child.pid!);
    const url = `http://127.0.0.1:${port}/route1`;
    // Warm-up so both servers are measured with optimised code.
    execFileSync(...onCore(0, WRK, ['-t1', `-c${CONNECTIONS}`, '-d2s', url]), { stdio: 'ignore' });
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(child.pid!));
    }, 200);
    const output = await new Promise<string>((resolveRun, reject) => {
      const [wc, wa] = onCore(0, WRK, [
        '-t1',
        `-c${CONNECTIONS}`,
        `-d${DURATION}`,
        '--latency',
        url,
      ]);
      const wrk = spawn(wc, wa, { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      wrk.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      wrk.on('exit', (code) => {
        if (code === 0) resolveRun(text);
        else reject(new Error(`wrk exited with ${code}`));
      });
    });
    clearInterval(sampler);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN);
    const p50 = /\s50%\s+(\S+)/.exec(output)?.[1] ?? '?';
    const p99 = /\s99%\s+(\S+)/.exec(output)?.[1] ?? '?';
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1];
    if (non2xx !== undefined) throw new Error(`${name}: ${non2xx} non-2xx answers`);
    const memory = name === 'multiroute' ? await memoryBreakdown(port + 1000) : '';
    return { readyMs, readyCpuMs, rps, p50, p99, rssMiB: peak, memory };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
}

const multiroute = [join(ROOT, 'dist/service/main.js')];
const plain = [join(ROOT, 'dist/bench/plain-server.js')];
const rows: { round: number; name: string; figures: Figures }[] = [];
console.log(
  `wrk -t1 -c${CONNECTIONS} -d${DURATION} /route1; ${ROUNDS} round(s), alternating; ` +
    (pinned ? 'server on core 1, wrk on core 0' : 'taskset unavailable: not pinned'),
);
for (let round = 1; round <= ROUNDS; round += 1) {
  // Alternate the order so drift in machine load does not favour one server.
  const order =
    round % 2 === 1
      ? ([
          ['plain node:http', plain],
          ['multiroute', multiroute],
        ] as const)
      : ([
          ['multiroute', multiroute],
          ['plain node:http', plain],
        ] as const);
  for (const [name, script] of order) {
    const figures = await measure(name, [...script], 39000 + rows.length);
    rows.push({ round, name, figures });
    console.log(
      `round ${round}  ${name.padEnd(16)} ${figures.rps.toFixed(0).padStart(7)} req/s  ` +
        `p50 ${figures.p50.padStart(8)}  p99 ${figures.p99.padStart(8)}  ` +
        `RSS ${figures.rssMiB.toFixed(1)} MiB  start-to-ready ${figures.readyMs.toFixed(0)} ms ` +
        `(CPU ${figures.readyCpuMs} ms)` +
        (figures.memory === '' ? '' : `\n         after the load: ${figures.memory}`),
    );
  }
}
const total = (name: string): number =>
  rows.filter((r) => r.name === name).reduce((sum, r) => sum + r.figures.rps, 0);
const ratio = total('multiroute') / total('plain node:http');
const worst = (name: string, pick: (f: Figures) => number): number =>
  Math.max(...rows.filter((r) => r.name === name).map((r) => pick(r.figures)));
console.log(
  `\nthroughput ratio multiroute / plain: ${ratio.toFixed(3)} (target >= 0.9)\n` +
    `multiroute peak RSS under load: ${worst('multiroute', (f) => f.rssMiB).toFixed(1)} MiB (target <= 80)\n` +
    `multiroute slowest start-to-ready: ${worst('multiroute', (f) => f.readyMs).toFixed(0)} ms ` +
    `(target <= 300; plain node:http slowest: ${worst('plain node:http', (f) => f.readyMs).toFixed(0)} ms)\n` +
    `multiroute most CPU until ready: ${worst('multiroute', (f) => f.readyCpuMs)} ms ` +
    `(plain node:http: ${worst('plain node:http', (f) => f.readyCpuMs)} ms)`,
);
