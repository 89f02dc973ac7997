/**
 * `npm run bench:check`: generates a 10,000-object manifest, then times `kprod check` on it:
 * loading (YAML parse with positions), the rule families, and the whole CLI as a user runs it.
 * The baseline, measured in the same run on the same text, is a bare YAML parse to plain
 * objects (what any YAML-reading checker pays at least), so the ratios hold on a noisy machine.
 * The in-process steps run on one CPU (the npm script pins the bench with taskset); the whole
 * CLI runs twice, pinned to one CPU and given every CPU, as a user runs it.
 * Target: the whole CLI under 2 s of wall time on this (2-CPU) machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { FAMILIES } from '../src/check/families.js';
import { runCheck } from '../src/check/run-check.js';
import { DEFAULT_KUBE_VERSION } from '../src/check/schema/schema-registry.js';
import { loadManifestPaths } from '../src/manifest/load-paths.js';

const OBJECTS = 10_000;

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 20}
  labels: { app: app-${i}, tier: web }
spec:
  replicas: 2
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i}, tier: web }
    spec:
      containers:
        - name: app
          image: registry.example.com/app-${i}:1.${i % 10}.0
          ports: [{ name: http, containerPort: 3000 }]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
          readinessProbe: { httpGet: { path: /ready, port: http } }
          livenessProbe: { httpGet: { path: /live, port: http }, periodSeconds: 20 }
          env:
            - name: MODE
              value: production
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 20}
spec:
  selector: { app: app-${i} }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-${i}-config
  namespace: team-${i % 20}
data:
  config.yml: |
    routes:
      /route1: { response: one, duration: 0 }
`;
}

function virtualService(i: number): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app-${i}
  namespace: team-${i % 20}
spec:
  hosts: [app-${i}]
  http:
    - route:
        - destination: { host: app-${i}, subset: v1 }
          weight: 90
        - destination: { host: app-${i}, subset: v2 }
          weight: 10
`;
}

const makers = [deployment, service, configMap, virtualService];
const docs: string[] = [];
for (let i = 0; i < OBJECTS; i += 1) docs.push(makers[i % makers.length]!(Math.floor(i / 4)));
const text = docs.join('---\n');
const dir = mkdtempSync(join(tmpdir(), 'kprod-bench-'));
const file = join(dir, 'objects.yaml');
writeFileSync(file, text);

// CPU time (user + system) rather than wall time: other work on the machine then inflates
// the figures far less; wall time is printed beside it.
interface Timing {
  readonly cpuMs: number;
  readonly wallMs: number;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function time<T>(fn: () => T): [Timing, T] {
  const wall = performance.now();
  const cpu = cpuNow();
  const value = fn();
  return [{ cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall }, value];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[Timing, T]> {
  const wall = performance.now();
  const cpu = cpuNow();
  const value = await fn();
  return [{ cpuMs: cpuNow() - cpu, wallMs: performance.now() - wall }, value];
}

/**
 * Runs the CLI under bash's `time`, which reports the child's CPU time (all its threads), on
 * the given CPUs; the median of `runs` runs by wall time.
 */
function timeCli(args: readonly string[], cpuList: string, runs = 3): Timing {
  const pin = hasTaskset ? `taskset -c ${cpuList} ` : '';
  const command = [process.execPath, 'dist/cli/main.js', ...args]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i += 1) {
    const wall = performance.now();
    const out = execFileSync(
      'bash',
      ['-c', `TIMEFORMAT='%U %S'; { time ${pin}${command} >/dev/null; } 2>&1`],
      { encoding: 'utf8' },
    );
    const wallMs = performance.now() - wall;
    const [user, sys] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
    timings.push({ cpuMs: (user! + sys!) * 1000, wallMs });
  }
  return timings.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs / 2)]!;
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

const [baseline] = time(() => parseAllDocuments(text).map((d) => d.toJS() as unknown));
const [load, objects] = await timeAsync(() => loadManifestPaths([file]));
const options = { kubeVersion: DEFAULT_KUBE_VERSION, profile: 'default' } as const;
const [checkCold, findings] = time(() => runCheck({ objects, options }));
const [checkWarm] = time(() => runCheck({ objects, options }));
const perFamily = FAMILIES.map((family) => {
  const [t, found] = time(() => family.check({ objects, options }));
  return [family.name, t, found.length] as const;
});
const cliArgs = ['check', file, '-o', 'json', '--fail-on', 'never'];
// One core: the in-process figures' conditions. All cores: how a user runs it here; V8 then
// collects garbage and compiles on the second core.
const cliOneCore = timeCli(cliArgs, '1');
const allCpus = `0-${cpus().length - 1}`;
const cli = timeCli(cliArgs, allCpus);

const mib = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
const row = (name: string, t: Timing) =>
  `${name.padEnd(42)}${t.cpuMs.toFixed(0).padStart(7)} ms${(t.cpuMs / baseline.cpuMs).toFixed(2).padStart(9)}x${t.wallMs.toFixed(0).padStart(10)} ms`;
process.stdout.write(
  [
    `kprod check bench: ${objects.length} objects, ${mib} MiB of YAML, ${findings.length} findings`,
    `${'step'.padEnd(42)}${'CPU'.padStart(10)}${'vs base'.padStart(10)}${'wall'.padStart(13)}`,
    row('baseline: yaml parse to plain objects', baseline),
    row('load (parse, positions, object checks)', load),
    row('check, first run (validators loaded)', checkCold),
    row('check, second run', checkWarm),
    ...perFamily.map(([name, t, count]) => row(`  family ${name} (${count} findings)`, t)),
    row('whole CLI, one CPU (median of 3)', cliOneCore),
    row(`whole CLI, CPUs ${allCpus} (median of 3)`, cli),
    `target: whole CLI <= 2000 ms wall on this machine: ${cli.wallMs <= 2000 ? 'met' : 'NOT met'} (${cli.wallMs.toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
  ].join('\n') + '\n',
);
