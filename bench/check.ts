/**
 * `npm run bench:check`: generates a 10,000-object manifest, then times `kprod check` on it:
 * loading (YAML parse with positions), the rule families, and the whole CLI as a user runs it.
 * The baseline, measured in the same run on the same text, is a bare YAML parse to plain
 * objects (what any YAML-reading checker pays at least), so the ratios hold on a noisy machine.
 * The in-process steps run on one CPU (the npm script pins the bench with taskset); the whole
 * CLI runs twice, pinned to one CPU and given every CPU, as a user runs it.
 * Targets: the whole CLI under 2 s of wall time on this (2-CPU) machine; at scale, peak RSS under
 * 512 MiB at 200 MiB and CPU time linear in the size; side by side, faster than kubeconform. The
 * last lines say which were met.
 *
 * Then, at scale: the whole CLI on about 50, 100 and 200 MiB of the same objects (directories of
 * 24 MiB files), with wall time and peak RSS (GNU time), and their ratios: time should grow with
 * the size, memory should not (target: under 512 MiB at 200 MiB); and on the 200 MiB again as
 * Lists (each file one List, as `kubectl get -o yaml` writes it), beside the documents' run.
 *
 * Last, side by side with kubeconform (built from its Go module in test/tools/kubeconform, its
 * strict schemas converted from the OpenAPI document of Kubernetes 1.36.3 by
 * test/tools/kubeconform/openapi-to-json-schema.mjs, read from a local directory): both on the
 * 10,000-object file, pinned to the same CPU, alternating, medians of 5 runs.
 * `KPROD_BENCH_SCALE=0` skips the scale runs, `KPROD_BENCH_PEER=0` kubeconform.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  const [t, found] = time(() => runCheck({ objects, options }, undefined, [family]));
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
    row('check, first run (catalogs loaded)', checkCold),
    row('check, second run', checkWarm),
    ...perFamily.map(([name, t, count]) => row(`  family ${name} (${count} findings)`, t)),
    row('whole CLI, one CPU (median of 3)', cliOneCore),
    row(`whole CLI, CPUs ${allCpus} (median of 3)`, cli),
    `target: whole CLI <= 2000 ms wall on this machine: ${cli.wallMs <= 2000 ? 'met' : 'NOT met'} (${cli.wallMs.toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`,
  ].join('\n') + '\n',
);

// ---- At scale: flat memory, linear time ----------------------------------------------------

const FILE_BYTES = 24 * 1024 * 1024;

/**
 * One object as an item of a List written as `kubectl get -o yaml` writes one: a dash at the
 * margin, the object's other lines indented by two.
 */
function asItem(doc: string): string {
  return `- ${doc.replace(/\n(?=.)/g, '\n  ')}`;
}

const LIST_HEAD = 'apiVersion: v1\nitems:\n';
const LIST_TAIL = 'kind: List\nmetadata:\n  resourceVersion: ""\n';

/**
 * Writes about `mib` MiB of the bench's objects into files of at most 24 MiB under `dir`: as
 * YAML documents, or (`lists`) each file one List of them.
 */
function generateInput(
  dir: string,
  mib: number,
  lists = false,
): { objects: number; bytes: number } {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let objects = 0;
  let fileIndex = 0;
  let fileBytes = FILE_BYTES;
  let path = '';
  const batch: string[] = [];
  let batchBytes = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    appendFileSync(path, batch.join(''));
    batch.length = 0;
    batchBytes = 0;
  };
  while (bytes < mib * 1024 * 1024) {
    const doc = makers[objects % makers.length]!(Math.floor(objects / 4));
    const piece = lists ? asItem(doc) : fileBytes === 0 ? doc : `---\n${doc}`;
    const size = Buffer.byteLength(piece);
    if (fileBytes + size + LIST_TAIL.length > FILE_BYTES) {
      flush();
      if (lists && path !== '') appendFileSync(path, LIST_TAIL);
      fileIndex += 1;
      path = join(dir, `objects-${String(fileIndex).padStart(3, '0')}.yaml`);
      writeFileSync(path, lists ? LIST_HEAD : '');
      fileBytes = lists ? LIST_HEAD.length : 0;
      continue;
    }
    batch.push(piece);
    batchBytes += size;
    fileBytes += size;
    bytes += size;
    objects += 1;
    if (batchBytes > 1024 * 1024) flush();
  }
  flush();
  if (lists) appendFileSync(path, LIST_TAIL);
  return { objects, bytes };
}

interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMib: number;
}

/** Runs a command under GNU time on the given CPUs: wall, CPU and peak RSS of the child. */
function measure(command: string, cpuList: string): Measured {
  const pin = hasTaskset ? `taskset -c ${cpuList} ` : '';
  const out = execFileSync(
    'bash',
    [
      '-c',
      `/usr/bin/time -f '%e %U %S %M' ${pin}${command} >/dev/null 2>/tmp/kprod-bench-time.$$; tail -n 1 /tmp/kprod-bench-time.$$; rm -f /tmp/kprod-bench-time.$$`,
    ],
    { encoding: 'utf8' },
  );
  const [wall, user, sys, rssKib] = out.trim().split(' ').map(Number);
  return { wallMs: wall! * 1000, cpuMs: (user! + sys!) * 1000, maxRssMib: rssKib! / 1024 };
}

const quote = (args: readonly string[]): string =>
  args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
const kprodCommand = (target: string): string =>
  quote([
    process.execPath,
    'dist/cli/main.js',
    'check',
    target,
    '-o',
    'json',
    '--fail-on',
    'never',
  ]);

const lines: string[] = [];
/** The two targets of this bench, with whether this run met them (undefined: not measured). */
const targets: { scale?: string; peer?: string } = {};
if (process.env['KPROD_BENCH_SCALE'] !== '0' && existsSync('/usr/bin/time')) {
  const results: { mib: number; objects: number; m: Measured }[] = [];
  for (const target of [50, 100, 200]) {
    const scaleDir = join(dir, `scale-${target}`);
    const { objects: count, bytes } = generateInput(scaleDir, target);
    const m = measure(kprodCommand(scaleDir), '1');
    rmSync(scaleDir, { recursive: true, force: true });
    results.push({ mib: bytes / 1024 / 1024, objects: count, m });
    // Printed as soon as measured: the 200 MiB run takes minutes on a busy machine.
    process.stdout.write(
      `measured ${(bytes / 1024 / 1024).toFixed(0)} MiB: ${(m.wallMs / 1000).toFixed(1)} s wall, ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${m.maxRssMib.toFixed(0)} MiB peak RSS\n`,
    );
  }
  const first = results[0]!;
  lines.push(
    '',
    `at scale: whole CLI on one CPU, directories of 24 MiB files (load average ${loadavg()[0]!.toFixed(1)})`,
    `${'input'.padEnd(30)}${'wall'.padStart(10)}${'CPU'.padStart(10)}${'peak RSS'.padStart(12)}${'time/size vs 50'.padStart(17)}${'RSS vs 50'.padStart(11)}`,
    ...results.map(({ mib, objects: count, m }) => {
      const timeRatio = m.cpuMs / first.m.cpuMs / (mib / first.mib);
      return `${`${mib.toFixed(0)} MiB, ${count} objects`.padEnd(30)}${`${(m.wallMs / 1000).toFixed(1)} s`.padStart(10)}${`${(m.cpuMs / 1000).toFixed(1)} s`.padStart(10)}${`${m.maxRssMib.toFixed(0)} MiB`.padStart(12)}${`${timeRatio.toFixed(2)}x`.padStart(17)}${`${(m.maxRssMib / first.m.maxRssMib).toFixed(2)}x`.padStart(11)}`;
    }),
  );
  // The same 200 MiB of objects as Lists (kubectl get -o yaml), which are read an item at a time.
  const listDir = join(dir, 'scale-lists');
  const listInput = generateInput(listDir, 200, true);
  const lists = measure(kprodCommand(listDir), '1');
  rmSync(listDir, { recursive: true, force: true });
  const documents = results[2]!;
  lines.push(
    `${`${(listInput.bytes / 1024 / 1024).toFixed(0)} MiB as Lists`.padEnd(30)}${`${(lists.wallMs / 1000).toFixed(1)} s`.padStart(10)}${`${(lists.cpuMs / 1000).toFixed(1)} s`.padStart(10)}${`${lists.maxRssMib.toFixed(0)} MiB`.padStart(12)}   CPU ${(lists.cpuMs / documents.m.cpuMs).toFixed(2)}x and RSS ${(lists.maxRssMib / documents.m.maxRssMib).toFixed(2)}x the documents'`,
  );
  const rssMet = documents.m.maxRssMib < 512 && lists.maxRssMib < 512;
  const linearMet = results.every((r) => r.m.cpuMs / r.mib <= 1.25 * (first.m.cpuMs / first.mib));
  targets.scale = `peak RSS under 512 MiB at 200 MiB: ${rssMet ? 'met' : 'NOT met'} (${documents.m.maxRssMib.toFixed(0)} MiB, ${lists.maxRssMib.toFixed(0)} MiB as Lists); linear time, CPU per MiB within 1.25x of the 50 MiB run's at every size: ${linearMet ? 'met' : 'NOT met'} (${results.map((r) => `${(r.m.cpuMs / r.mib / (first.m.cpuMs / first.mib)).toFixed(2)}x`).join(', ')})`;
  lines.push(`target: ${targets.scale}`);
}

// ---- Side by side with kubeconform ---------------------------------------------------------

const KUBECONFORM_DIR = 'test/tools/kubeconform';
const KUBECONFORM = join(KUBECONFORM_DIR, 'kubeconform');
// Outside the repository: 311 generated JSON files are no project files (lint, formatting).
const SCHEMAS = join(tmpdir(), 'kprod-kubeconform-schemas-1.36.3');
/** The Kubernetes release whose OpenAPI document kubeconform's schemas are converted from. */
const KUBERNETES_MODULE = 'k8s.io/kubernetes@v1.36.3';

/** Builds kubeconform and converts its schemas when missing; answers why not when it cannot. */
function preparePeer(): string | undefined {
  try {
    if (!existsSync(KUBECONFORM)) {
      execFileSync(
        'go',
        ['build', '-o', 'kubeconform', 'github.com/yannh/kubeconform/cmd/kubeconform'],
        {
          cwd: KUBECONFORM_DIR,
          stdio: 'inherit',
        },
      );
    }
    if (!existsSync(join(SCHEMAS, 'deployment-apps-v1.json'))) {
      const module = JSON.parse(
        execFileSync('go', ['mod', 'download', '-json', KUBERNETES_MODULE], {
          cwd: KUBECONFORM_DIR,
          encoding: 'utf8',
        }),
      ) as { Dir?: string };
      if (module.Dir === undefined) return `go mod download ${KUBERNETES_MODULE} gave no directory`;
      execFileSync(
        process.execPath,
        [
          join(KUBECONFORM_DIR, 'openapi-to-json-schema.mjs'),
          join(module.Dir, 'api/openapi-spec/swagger.json'),
          SCHEMAS,
        ],
        { stdio: 'inherit' },
      );
    }
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

if (process.env['KPROD_BENCH_PEER'] !== '0') {
  const problem = preparePeer();
  if (problem !== undefined) {
    lines.push('', `kubeconform: not run (${problem})`);
  } else {
    const version = execFileSync(KUBECONFORM, ['-v'], { encoding: 'utf8' }).trim();
    const peer = `${quote([
      KUBECONFORM,
      '-strict',
      '-summary',
      '-ignore-missing-schemas',
      '-schema-location',
      `${SCHEMAS}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
      file,
    ])} || true`;
    const ours: Measured[] = [];
    const theirs: Measured[] = [];
    for (let i = 0; i < 5; i += 1) {
      ours.push(measure(kprodCommand(file), '1'));
      theirs.push(measure(`bash -c ${quote([peer])}`, '1'));
    }
    const median = (list: Measured[]): Measured =>
      [...list].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(list.length / 2)]!;
    const a = median(ours);
    const b = median(theirs);
    lines.push(
      '',
      `side by side on ${objects.length} objects, CPU 1, median of 5 (kubeconform ${version}, -strict, schemas of Kubernetes 1.36.3; it has no schema for the ${objects.length / 4} Istio VirtualServices and skips them)`,
      `${'kprod check'.padEnd(30)}${`${a.wallMs.toFixed(0)} ms`.padStart(10)} wall${`${a.cpuMs.toFixed(0)} ms`.padStart(10)} CPU${`${a.maxRssMib.toFixed(0)} MiB`.padStart(10)} peak RSS`,
      `${'kubeconform'.padEnd(30)}${`${b.wallMs.toFixed(0)} ms`.padStart(10)} wall${`${b.cpuMs.toFixed(0)} ms`.padStart(10)} CPU${`${b.maxRssMib.toFixed(0)} MiB`.padStart(10)} peak RSS`,
      `ratio kprod / kubeconform: wall ${(a.wallMs / b.wallMs).toFixed(2)}x, CPU ${(a.cpuMs / b.cpuMs).toFixed(2)}x (target: below 1)`,
    );
    const peerMet = a.wallMs < b.wallMs && a.cpuMs < b.cpuMs;
    targets.peer = `faster than kubeconform on ${objects.length} objects, wall and CPU: ${peerMet ? 'met' : 'NOT met'} (${(a.wallMs / b.wallMs).toFixed(2)}x wall, ${(a.cpuMs / b.cpuMs).toFixed(2)}x CPU)`;
  }
}
lines.push(
  '',
  'targets (issue 14, items 5 and 6):',
  `- scale: ${targets.scale ?? 'not measured (KPROD_BENCH_SCALE=0, or no GNU time)'}`,
  `- side by side: ${targets.peer ?? 'not measured (KPROD_BENCH_PEER=0, or kubeconform not built)'}`,
);
process.stdout.write(lines.join('\n') + '\n');
