/**
 * `npm run bench:logs`: does `kprod logs` keep its memory flat while following 50 pods that each
 * write 1,000 lines a second? The API server is the in-process TEST DOUBLE with its pods/log
 * extension, on loopback; kprod runs as the built CLI in a child process, as a user runs it, and
 * its resident set (VmRSS) is sampled every 250 ms. kprod runs on CPU 1, the bench on CPU 0.
 *
 * Phases: (1) idle: every stream attached, no lines, for the baseline RSS of this run;
 * (2) load: 50 × 1,000 lines/s for BENCH_SECONDS (default 60); (3) slow terminal: the same load
 * while the bench stops reading kprod's stdout for 10 s, then drains it. Printed: RSS at the start
 * and end of each phase and its peak, ratios to the idle baseline, lines written and received.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { startKubeDouble } from '../test/support/kube-double.js';
import { LogDouble, podObject } from '../test/support/kube-double-logs.js';

const PODS = 50;
const LINES_PER_SECOND = 1000;
const TICK_MS = 100;
const LOAD_SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const SLOW_SECONDS = 10;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const double = await startKubeDouble();
const logs = new LogDouble(double);
logs.retain = false;
const names = Array.from(
  { length: PODS },
  (_, i) => `multiroute-7f9c8d6b5-p${String(i).padStart(3, '0')}`,
);
for (const name of names) {
  double.put(
    `/api/v1/namespaces/shop/pods/${name}`,
    podObject({ name, labels: { app: 'multiroute' } }),
  );
}

// kprod on CPU 1, this process (the API double and the writers) on CPU 0 (the npm script pins
// it), so the two do not take turns on one CPU; taskset execs, so the pid is kprod's.
const kprodArgs = [
  'dist/cli/main.js',
  'logs',
  '-l',
  'app=multiroute',
  '-n',
  'shop',
  '--kubeconfig',
  double.kubeconfigPath,
];
const pinned = existsSync('/usr/bin/taskset');
const child = spawn(
  pinned ? '/usr/bin/taskset' : process.execPath,
  pinned ? ['-c', '1', process.execPath, ...kprodArgs] : kprodArgs,
  {
    stdio: ['ignore', 'pipe', 'pipe'],
    // BENCH_KPROD_NODE_OPTIONS tries kprod under other V8 settings (e.g. a small old space).
    env: {
      ...process.env,
      NO_COLOR: '1',
      NODE_OPTIONS: process.env['BENCH_KPROD_NODE_OPTIONS'] ?? '',
    },
  },
);
const pid = child.pid ?? 0;
let received = 0;
let tail = '';
child.stdout.on('data', (chunk: Buffer) => {
  const text = tail + chunk.toString('utf8');
  const parts = text.split('\n');
  tail = parts.pop() ?? '';
  received += parts.length;
});
let stderr = '';
child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

let written = 0;
let sequence = 0;
function writeTick(): void {
  const per = (LINES_PER_SECOND * TICK_MS) / 1000;
  for (const name of names) {
    const lines: string[] = [];
    for (let i = 0; i < per; i += 1) {
      sequence += 1;
      lines.push(
        `{"level":30,"time":${Date.now()},"pid":1,"hostname":"${name}","reqId":"req-${sequence}","req":{"method":"GET","url":"/api/v1/items/${sequence % 997}"},"res":{"statusCode":200},"responseTime":0.42,"msg":"request completed"}`,
      );
    }
    logs.append('shop', name, 'app', lines);
    written += lines.length;
  }
}

interface Phase {
  name: string;
  start: number;
  peak: number;
  end: number;
  /** RSS at the end of every 10 s of the phase. */
  series: number[];
}

async function phase(
  name: string,
  seconds: number,
  load: boolean,
  onHalf?: () => void,
): Promise<Phase> {
  const samples: number[] = [rssMiB(pid)];
  const began = Date.now();
  let nextTick = began;
  let nextSample = began + 250;
  let half = false;
  while (Date.now() - began < seconds * 1000) {
    const now = Date.now();
    if (load && now >= nextTick) {
      writeTick();
      nextTick += TICK_MS;
    }
    if (now >= nextSample) {
      samples.push(rssMiB(pid));
      nextSample += 250;
    }
    if (!half && now - began >= (seconds * 1000) / 2) {
      half = true;
      onHalf?.();
    }
    await sleep(Math.max(0, Math.min(nextTick, nextSample) - Date.now()));
  }
  samples.push(rssMiB(pid));
  // One sample every 250 ms: every 40th closes 10 s.
  const series = samples.filter((_, i) => i > 0 && i % 40 === 0);
  return {
    name,
    start: samples[0] ?? 0,
    peak: Math.max(...samples),
    end: samples.at(-1) ?? 0,
    series,
  };
}

try {
  await until(() => logs.followers() === PODS, `${PODS} follow streams`, 30_000);
  const idle = await phase('idle (baseline)', 5, false);
  const loadStart = received;
  const load = await phase(`load ${LOAD_SECONDS}s`, LOAD_SECONDS, true);
  const loadPrinted = received - loadStart;
  const loadWritten = written;
  const receivedBeforeSlow = received;
  child.stdout.pause();
  const slow = await phase(`unread stdout ${SLOW_SECONDS}s`, SLOW_SECONDS, true);
  const receivedWhilePaused = received - receivedBeforeSlow;
  child.stdout.resume();
  const drainStart = Date.now();
  await until(() => received >= written, 'kprod to print every line', 120_000).catch(
    () => undefined,
  );
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const base = idle.end;
  const fmt = (n: number): string => n.toFixed(1).padStart(7);
  console.log(
    `kprod logs: ${PODS} pods x ${LINES_PER_SECOND} lines/s, Node.js ${process.version}, kprod ${pinned ? 'pinned to CPU 1' : 'not pinned'}`,
  );
  console.log('phase                    RSS MiB start    peak     end   peak/idle  end/idle');
  for (const p of [idle, load, slow]) {
    console.log(
      `${p.name.padEnd(24)} ${fmt(p.start)} ${fmt(p.peak)} ${fmt(p.end)}   ${(p.peak / base).toFixed(2).padStart(8)}  ${(p.end / base).toFixed(2).padStart(8)}`,
    );
  }
  console.log(`load, RSS MiB every 10 s: ${load.series.map((n) => n.toFixed(1)).join(' ')}`);
  console.log(
    `load: written ${loadWritten} lines (${Math.round(loadWritten / LOAD_SECONDS)}/s), printed ${loadPrinted} (${Math.round(loadPrinted / LOAD_SECONDS)}/s)`,
  );
  console.log(
    `stdout unread ${SLOW_SECONDS}s: ${receivedWhilePaused} lines came through (pipe buffers); backlog printed ${drainSeconds.toFixed(1)}s after reading resumed`,
  );
  console.log(
    `total: written ${written}, printed ${received}: ${received === written ? 'none lost, none repeated' : 'MISMATCH'}`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await double.stop();
  const errors = stderr.split('\n').filter((l) => !/^[+-] /.test(l) && l !== '');
  if (errors.length > 0) console.log(`kprod stderr:\n${errors.slice(-10).join('\n')}`);
}
