import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  adminKubeconfig,
  createNamespace,
  deleteNamespaces,
  eventually,
  getJson,
  kprod,
  kubectlApply,
  kubectlOk,
  kubectlPath,
} from './cluster.js';

/**
 * `kprod logs` through the real API server's pods/log proxy to kwok's kubelet server, which
 * serves each container's log from a file (a ClusterLogs object points the namespace's pods at
 * it), side by side with stern built from its Go module.
 */

interface JsonLine {
  pod: string;
  container: string;
  message: unknown;
}

/** A container runtime (CRI) log line, the format kubelets and kwok read. */
function criLine(message: string, at = new Date()): string {
  return `${at.toISOString().replace('Z', '000000Z')} stdout F ${message}\n`;
}

function deployment(image: string): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}

async function runningPods(ns: string, app = 'web'): Promise<string[]> {
  const pods = (await getJson(['pods', '-n', ns, '-l', `app=${app}`])) as {
    items: { metadata: { name: string; deletionTimestamp?: string }; status: { phase: string } }[];
  };
  return pods.items
    .filter((p) => p.status.phase === 'Running' && p.metadata.deletionTimestamp === undefined)
    .map((p) => p.metadata.name)
    .sort();
}

describe('kprod logs on the real control plane', () => {
  let ns: string;
  let logFile: string;

  beforeAll(async () => {
    ns = await createNamespace('logs');
    logFile = join(mkdtempSync(join(tmpdir(), 'kprod-kwok-logs-')), 'app.log');
    writeFileSync(
      logFile,
      criLine('plain line one') +
        criLine('{"level":30,"msg":"listening","port":3000}') +
        criLine('plain line three'),
    );
    await kubectlApply({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: ns },
      spec: {
        selector: { matchNamespaces: [ns] },
        logs: [{ containers: ['app'], logsFile: logFile, follow: true }],
      },
    });
    await kubectlApply(deployment('registry.local/web:1'), ns);
    await eventually('two running pods', 60, async () =>
      (await runningPods(ns)).length === 2 ? true : undefined,
    );
  });
  afterAll(async () => {
    await kubectlOk(['delete', 'clusterlogs', ns, '--ignore-not-found']);
    await deleteNamespaces(ns);
  });

  it('should print every line of every pod once, as stern does', async () => {
    const pods = await runningPods(ns);
    const ours = await kprod(['logs', 'deploy/web', '-n', ns, '--no-follow', '-o', 'json']);
    expect([ours.code, ours.stderr]).toEqual([0, '']);
    const lines = ours.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonLine);
    const expected = pods.flatMap((pod) => [
      { pod, container: 'app', message: 'plain line one' },
      { pod, container: 'app', message: { level: 30, msg: 'listening', port: 3000 } },
      { pod, container: 'app', message: 'plain line three' },
    ]);
    const key = (l: { pod: string; message: unknown }): string =>
      `${l.pod} ${JSON.stringify(l.message)}`;
    expect(
      lines
        .map((l) => ({ pod: l.pod, container: l.container, message: l.message }))
        .sort((a, b) => key(a).localeCompare(key(b))),
    ).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));

    const stern = await new Promise<string>((done, fail) => {
      const child = spawn(
        join(kubectlPath(), '..', 'stern'),
        [
          '--kubeconfig',
          adminKubeconfig(),
          '-n',
          ns,
          '--selector',
          'app=web',
          '--no-follow',
          '--output',
          'json',
          '--color',
          'never',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => {
        if (code === 0) done(out);
        else fail(new Error(`stern exited ${code}: ${err}`));
      });
    });
    const theirs = stern
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { podName: string; containerName: string; message: string })
      .map((l) => `${l.podName} ${l.containerName} ${l.message}`)
      .sort();
    const oursFlat = lines
      .map(
        (l) =>
          `${l.pod} ${l.container} ${typeof l.message === 'string' ? l.message : JSON.stringify(l.message)}`,
      )
      .sort();
    expect(oursFlat).toEqual(theirs);
  });

  it('should follow a rollout: new pods join with their lines, appended lines appear once per pod', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'dist/cli/main.js'), 'logs', 'deploy/web', '-n', ns, '-o', 'json'],
      {
        cwd: ROOT,
        env: { PATH: process.env['PATH'] ?? '', KUBECONFIG: adminKubeconfig() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    try {
      const parsed = (): JsonLine[] =>
        out
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as JsonLine);
      const before = await runningPods(ns);
      await eventually('the first pods lines', 60, () =>
        Promise.resolve(parsed().length >= 6 ? true : undefined),
      );
      await kubectlOk(['set', 'image', 'deploy/web', 'app=registry.local/web:2', '-n', ns]);
      await kubectlOk(['rollout', 'status', 'deploy/web', '-n', ns, '--timeout=90s']);
      const after = await eventually('the old pods to be gone', 60, async () => {
        const now = await runningPods(ns);
        const all = (await getJson(['pods', '-n', ns, '-l', 'app=web'])) as {
          items: { metadata: { name: string } }[];
        };
        return all.items.length === 2 && now.length === 2 && now.every((p) => !before.includes(p))
          ? now
          : undefined;
      });
      await eventually('the new pods lines', 60, () =>
        Promise.resolve(
          after.every((pod) => parsed().filter((l) => l.pod === pod).length === 3)
            ? true
            : undefined,
        ),
      );
      appendFileSync(logFile, criLine('appended after the rollout'));
      await eventually('the appended line from both new pods', 60, () =>
        Promise.resolve(
          after.every((pod) =>
            parsed().some((l) => l.pod === pod && l.message === 'appended after the rollout'),
          )
            ? true
            : undefined,
        ),
      );
      const appended = parsed().filter((l) => l.message === 'appended after the rollout');
      expect(appended.map((l) => l.pod).sort()).toEqual(after);
      // Every pod's lines, old and new, were printed exactly once.
      for (const pod of [...before, ...after]) {
        const mine = parsed()
          .filter((l) => l.pod === pod)
          .map((l) => JSON.stringify(l.message));
        expect([pod, mine.length]).toEqual([pod, new Set(mine).size]);
      }
    } finally {
      child.kill('SIGINT');
    }
  });
});

/** A process that follows logs until stopped; its output so far, as text. */
interface Follower {
  stdout: () => string;
  stderr: () => string;
  stop: () => Promise<void>;
}

function follow(file: string, args: readonly string[], env: Record<string, string>): Follower {
  const child = spawn(file, [...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const closed = new Promise<void>((done) => {
    child.on('close', () => {
      done();
    });
  });
  return {
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      child.kill('SIGINT');
      await closed;
    },
  };
}

function followKprod(args: readonly string[], kubeconfig = adminKubeconfig()): Follower {
  return follow(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'logs', ...args], {
    KUBECONFIG: kubeconfig,
  });
}

function jsonLines(text: string): JsonLine[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonLine);
}

/** The messages of one pod, in the order printed. */
function messagesOf(lines: readonly JsonLine[], pod: string): unknown[] {
  return lines.filter((l) => l.pod === pod).map((l) => l.message);
}

/** The messages of one pod in kprod's human output (`POD CONTAINER MESSAGE`, NO_COLOR). */
function humanMessagesOf(text: string, pod: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${pod} app `))
    .map((l) => l.slice(`${pod} app `.length));
}

async function containerState(
  ns: string,
  pod: string,
): Promise<{ restartCount: number; containerID: string; running: boolean }> {
  const got = (await getJson(['pod', pod, '-n', ns])) as {
    status: {
      containerStatuses?: {
        restartCount: number;
        containerID?: string;
        state: { running?: unknown };
      }[];
    };
  };
  const status = got.status.containerStatuses?.[0];
  return {
    restartCount: status?.restartCount ?? -1,
    containerID: status?.containerID ?? '',
    running: status?.state.running !== undefined,
  };
}

describe('kprod logs through a container restart', () => {
  let ns: string;
  let dir: string;

  beforeAll(async () => {
    ns = await createNamespace('logs-restart');
    dir = mkdtempSync(join(tmpdir(), 'kprod-kwok-restart-'));
    writeFileSync(join(dir, 'shared.log'), criLine('shared line'));
    await kubectlApply({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: ns },
      spec: {
        selector: { matchNamespaces: [ns] },
        logs: [{ containers: ['app'], logsFile: join(dir, 'shared.log'), follow: true }],
      },
    });
    const app = deployment('registry.local/api:1') as {
      metadata: { name: string };
      spec: { selector: unknown; template: { metadata: unknown } };
    };
    app.metadata.name = 'api';
    app.spec.selector = { matchLabels: { app: 'api' } };
    app.spec.template.metadata = { labels: { app: 'api' } };
    await kubectlApply(app, ns);
    await eventually('two running pods', 60, async () =>
      (await runningPods(ns, 'api')).length === 2 ? true : undefined,
    );
  });
  afterAll(async () => {
    await kubectlOk(['delete', 'clusterlogs', ns, '--ignore-not-found']);
    await deleteNamespaces(ns);
  });

  it('should re-attach to the restarted container: its lines once, the old lines not again, as stern', async () => {
    const [restarting, steady] = (await runningPods(ns, 'api')) as [string, string];
    // The restarting pod's first container logs to first.log; a Logs object (one pod) wins
    // over the namespace's ClusterLogs.
    const first = join(dir, 'first.log');
    const second = join(dir, 'second.log');
    writeFileSync(first, criLine('first container one') + criLine('first container two'));
    const podLogs = (logsFile: string, previousLogsFile?: string): unknown => ({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'Logs',
      metadata: { name: restarting, namespace: ns },
      spec: {
        logs: [
          {
            containers: ['app'],
            logsFile,
            follow: true,
            ...(previousLogsFile === undefined ? {} : { previousLogsFile }),
          },
        ],
      },
    });
    await kubectlApply(podLogs(first), ns);
    await eventually('kwok to serve first.log', 60, async () =>
      (await kubectlOk(['logs', restarting, '-n', ns])) ===
      'first container one\nfirst container two\n'
        ? true
        : undefined,
    );
    const before = await containerState(ns, restarting);

    const json = followKprod(['deploy/api', '-n', ns, '-o', 'json']);
    const human = followKprod(['deploy/api', '-n', ns]);
    const stern = follow(
      join(kubectlPath(), '..', 'stern'),
      [
        '--kubeconfig',
        adminKubeconfig(),
        '-n',
        ns,
        '--selector',
        'app=api',
        '--output',
        'json',
        '--color',
        'never',
      ],
      {},
    );
    const sternLines = (): JsonLine[] =>
      stern
        .stdout()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { podName: string; containerName: string; message: string })
        .map((l) => ({ pod: l.podName, container: l.containerName, message: l.message }));
    try {
      await eventually('the first container lines from all three', 60, () =>
        Promise.resolve(
          messagesOf(jsonLines(json.stdout()), restarting).length === 2 &&
            humanMessagesOf(human.stdout(), restarting).length === 2 &&
            messagesOf(sternLines(), restarting).length === 2
            ? true
            : undefined,
        ),
      );

      // The new container logs to second.log: kwok serves it from now on, first.log as the
      // previous instance, before the container restarts.
      writeFileSync(second, criLine('second container one') + criLine('second container two'));
      await kubectlApply(podLogs(second, first), ns);
      await eventually('kwok to serve second.log', 60, async () =>
        (await kubectlOk(['logs', restarting, '-n', ns])).startsWith('second container one\n')
          ? true
          : undefined,
      );
      await kubectlOk(['annotate', 'pod', restarting, '-n', ns, 'sim.kprod.dev/restarts=1']);
      const after = await eventually('the container to restart', 60, async () => {
        const state = await containerState(ns, restarting);
        return state.restartCount === 1 && state.running ? state : undefined;
      });
      expect(after.containerID).not.toBe(before.containerID);

      appendFileSync(second, criLine('second container three'));
      const expected = [
        'first container one',
        'first container two',
        'second container one',
        'second container two',
        'second container three',
      ];
      await eventually('the new container lines from kprod', 60, () =>
        Promise.resolve(
          messagesOf(jsonLines(json.stdout()), restarting).length >= 5 &&
            humanMessagesOf(human.stdout(), restarting).length >= 5
            ? true
            : undefined,
        ),
      );
      await eventually('the new container lines from stern', 60, () =>
        Promise.resolve(messagesOf(sternLines(), restarting).length >= 5 ? true : undefined),
      );
      // A marker line in the steady pod, read after everything above: kprod printed all it
      // had of the restarting pod before it (one process, lines in order per stream).
      appendFileSync(join(dir, 'shared.log'), criLine('marker'));
      await eventually('the marker', 60, () =>
        Promise.resolve(
          messagesOf(jsonLines(json.stdout()), steady).includes('marker') &&
            humanMessagesOf(human.stdout(), steady).includes('marker') &&
            messagesOf(sternLines(), steady).includes('marker')
            ? true
            : undefined,
        ),
      );

      expect(messagesOf(jsonLines(json.stdout()), restarting)).toEqual(expected);
      expect(humanMessagesOf(human.stdout(), restarting)).toEqual(expected);
      expect(messagesOf(jsonLines(json.stdout()), steady)).toEqual(['shared line', 'marker']);
      expect(json.stderr()).toContain(`+ ${restarting} app (restarted)\n`);
      // stern prints the same lines of both pods.
      expect(messagesOf(sternLines(), restarting)).toEqual(expected);
      expect(messagesOf(sternLines(), steady)).toEqual(['shared line', 'marker']);
    } finally {
      await Promise.all([json.stop(), human.stop(), stern.stop()]);
    }
  });
});

/**
 * A TCP proxy of this test between kprod and the API server (TLS passes through it untouched),
 * so the test can cut every connection and refuse new ones for a while: a dropped stream.
 */
interface CuttingProxy {
  port: number;
  /** Connections refused since the outage began. */
  refused: () => number;
  /** Destroys every open connection and refuses new ones until `restore`. */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}

async function startCuttingProxy(target: URL): Promise<CuttingProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let refused = 0;
  const server: Server = createServer((client) => {
    if (refusing) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    port: address.port,
    refused: () => refused,
    cut: () => {
      refusing = true;
      refused = 0;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => {
      refusing = false;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => {
          done();
        });
      }),
  };
}

describe('kprod logs through a dropped stream', () => {
  let ns: string;
  let logFile: string;
  let proxy: CuttingProxy;
  let kubeconfig: string;

  beforeAll(async () => {
    ns = await createNamespace('logs-drop');
    const dir = mkdtempSync(join(tmpdir(), 'kprod-kwok-drop-'));
    logFile = join(dir, 'app.log');
    writeFileSync(logFile, criLine('started'));
    await kubectlApply({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: ns },
      spec: {
        selector: { matchNamespaces: [ns] },
        logs: [{ containers: ['app'], logsFile: logFile, follow: true }],
      },
    });
    const app = deployment('registry.local/web:1') as { spec: { replicas: number } };
    app.spec.replicas = 1;
    await kubectlApply(app, ns);
    await eventually('a running pod', 60, async () =>
      (await runningPods(ns)).length === 1 ? true : undefined,
    );
    // The admin kubeconfig with the proxy as server: the API server's certificate names
    // 127.0.0.1, so TLS verifies through the proxy as it does directly.
    const admin = readFileSync(adminKubeconfig(), 'utf8');
    const server = /server: (https:\/\/127\.0\.0\.1:\d+)/.exec(admin)?.[1];
    if (server === undefined) throw new Error('no server in the admin kubeconfig');
    proxy = await startCuttingProxy(new URL(server));
    kubeconfig = join(dir, 'proxied.kubeconfig');
    writeFileSync(kubeconfig, admin.replace(server, `https://127.0.0.1:${proxy.port}`), {
      mode: 0o600,
    });
  });
  afterAll(async () => {
    await proxy.close();
    await kubectlOk(['delete', 'clusterlogs', ns, '--ignore-not-found']);
    await deleteNamespaces(ns);
  });

  it('should reconnect with backoff and resume after the last line, none lost or repeated', async () => {
    const [pod] = (await runningPods(ns)) as [string];
    const kprodJson = followKprod(['deploy/web', '-n', ns, '-o', 'json'], kubeconfig);
    try {
      const messages = (): unknown[] => messagesOf(jsonLines(kprodJson.stdout()), pod);
      await eventually('the first line', 60, () =>
        Promise.resolve(messages().length === 1 ? true : undefined),
      );
      // Two lines at exactly the same time, printed before the cut, and a third at that time
      // written during the outage: the resume must skip two lines of that time, not one or all.
      const same = new Date();
      appendFileSync(
        logFile,
        criLine('before the cut a', same) + criLine('before the cut b', same),
      );
      await eventually('the lines before the cut', 60, () =>
        Promise.resolve(messages().length === 3 ? true : undefined),
      );

      proxy.cut();
      appendFileSync(
        logFile,
        criLine('during the outage, same time', same) + criLine('during the outage, later'),
      );
      // kprod reconnects after 250 ms, then (saying so) 500 ms, 1 s, ...: three refused
      // connections or more, and its notices name the growing delays.
      await eventually('three retries of the log stream', 60, () =>
        Promise.resolve(
          (kprodJson.stderr().match(new RegExp(`^! ${pod}/app: .*; reconnecting in`, 'gm')) ?? [])
            .length >= 2 && proxy.refused() >= 3
            ? true
            : undefined,
        ),
      );
      proxy.restore();
      appendFileSync(logFile, criLine('after the reconnect'));
      await eventually('the line after the reconnect', 60, () =>
        Promise.resolve(messages().includes('after the reconnect') ? true : undefined),
      );
      // A marker written last: everything before it was printed when it shows.
      appendFileSync(logFile, criLine('marker'));
      await eventually('the marker', 60, () =>
        Promise.resolve(messages().includes('marker') ? true : undefined),
      );
      expect(messages()).toEqual([
        'started',
        'before the cut a',
        'before the cut b',
        'during the outage, same time',
        'during the outage, later',
        'after the reconnect',
        'marker',
      ]);
      const delays = [
        ...kprodJson
          .stderr()
          .matchAll(new RegExp(`^! ${pod}/app: .*; reconnecting in (\\S+ m?s)$`, 'gm')),
      ].map((m) => m[1]);
      expect(delays.slice(0, 2)).toEqual(['500 ms', '1 s']);
    } finally {
      await kprodJson.stop();
    }
  });
});
