import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeDouble, startKubeDouble } from '../support/kube-double.js';
import { LogDouble, podObject, type PodSpec } from '../support/kube-double-logs.js';
import { PassThrough, Writable } from 'node:stream';
import { kprod } from '../../src/cli/commands.js';
import { runCli } from '../../src/cli/run-cli.js';
import { podColour } from '../../src/ops/logs/format.js';
import { type KprodRun, runKprod } from '../support/run-kprod.js';
import { waitFor } from '../support/service-in-process.js';

/**
 * `kprod logs` end to end, in-process, against the TEST DOUBLE of the API server with its pods/log
 * extension: targets, formats, errors, and the follow loop through a rollout, a container restart
 * and dropped connections.
 */

const POD = (name: string): string => `/api/v1/namespaces/shop/pods/${name}`;

/**
 * Starts kprod in-process with output readable while it runs; `stop` aborts and awaits it,
 * `done` only awaits it.
 */
function startKprod(
  argv: string[],
  options: { tty?: boolean; env?: Record<string, string> } = {},
): {
  out: () => string;
  err: () => string;
  stop: () => Promise<KprodRun>;
  done: () => Promise<KprodRun>;
} {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  const controller = new AbortController();
  const out: Writable & { isTTY?: boolean } = sink((t) => (stdout += t));
  if (options.tty === true) out.isTTY = true;
  const code = runCli(
    kprod,
    argv,
    {
      stdout: out,
      stderr: sink((t) => (stderr += t)),
      stdin: new PassThrough(),
      env: options.env ?? {},
      cwd: process.cwd(),
      signal: controller.signal,
    },
    '0.0.0-test',
  );
  return {
    out: () => stdout,
    err: () => stderr,
    stop: async () => {
      controller.abort();
      return { code: await code, stdout, stderr };
    },
    done: async () => ({ code: await code, stdout, stderr }),
  };
}

describe('kprod logs', () => {
  let double: KubeDouble;
  let logs: LogDouble;
  const args = (...argv: string[]): string[] => [
    'logs',
    ...argv,
    '--kubeconfig',
    double.kubeconfigPath,
  ];
  const run = (...argv: string[]): Promise<KprodRun> => runKprod(args(...argv));
  const addPod = (spec: PodSpec): void => {
    double.put(POD(spec.name), podObject(spec));
  };
  const sortedLines = (text: string): string[] =>
    text
      .split('\n')
      .filter((l) => l !== '')
      .sort();

  beforeEach(async () => {
    double = await startKubeDouble();
    logs = new LogDouble(double);
    logs.clock = () => new Date('2026-12-01T00:00:00Z');
    double.put('/apis/apps/v1/namespaces/shop/deployments/web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { selector: { matchLabels: { app: 'web' } } },
    });
    addPod({ name: 'web-a', node: 'node-1' });
    addPod({ name: 'web-b', node: 'node-2' });
    addPod({ name: 'db-0', labels: { app: 'db' }, node: 'node-2' });
    logs.append('shop', 'web-a', 'app', ['a1', 'a2']);
    logs.append('shop', 'web-b', 'app', ['b1']);
    logs.append('shop', 'db-0', 'app', ['d1']);
  });
  afterEach(async () => {
    await double.stop();
  });

  it('should print every pod of a Deployment with pod and container, and exit 0', async () => {
    const result = await run('deploy/web', '-n', 'shop', '--no-follow');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sortedLines(result.stdout)).toEqual(['web-a app a1', 'web-a app a2', 'web-b app b1']);
    expect(double.requests.find((r) => r.path === '/api/v1/namespaces/shop/pods')?.query).toEqual({
      labelSelector: 'app=web',
    });
    expect(logs.requests.map((r) => r.query).at(0)).toEqual({
      container: 'app',
      timestamps: 'true',
    });
  });

  it('should select pods by Service, Ingress, node, pod name and -l', async () => {
    double.put('/api/v1/namespaces/shop/services/db', {
      apiVersion: 'v1',
      kind: 'Service',
      spec: { selector: { app: 'db' } },
    });
    double.put('/apis/networking.k8s.io/v1/namespaces/shop/ingresses/front', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      spec: {
        rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'db' } } }] } }],
      },
    });
    double.put('/api/v1/nodes/node-2', { apiVersion: 'v1', kind: 'Node' });
    const cases: [string[], string[]][] = [
      [['svc/db', '-n', 'shop'], ['db-0 app d1']],
      [['ing/front', '-n', 'shop'], ['db-0 app d1']],
      [['pod/web-b', '-n', 'shop'], ['web-b app b1']],
      [['web-b', '-n', 'shop'], ['web-b app b1']],
      [['-l', 'app=db', '-n', 'shop'], ['db-0 app d1']],
      [['node/node-2'], ['shop/db-0 app d1', 'shop/web-b app b1']],
      [
        ['-l', 'app=web', '-A', '--tail', '1'],
        ['shop/web-a app a2', 'shop/web-b app b1'],
      ],
    ];
    for (const [argv, expected] of cases) {
      const result = await run(...argv, '--no-follow');
      expect({ argv, code: result.code, lines: sortedLines(result.stdout) }).toEqual({
        argv,
        code: 0,
        lines: expected,
      });
    }
    const nodeList = double.requests.find(
      (r) => r.query['fieldSelector']?.startsWith('spec.') === true,
    );
    expect(nodeList).toMatchObject({
      path: '/api/v1/pods',
      query: { fieldSelector: 'spec.nodeName=node-2' },
    });
  });

  it('should read the pods of a node that the user may not get', async () => {
    double.failOnce('GET', '/api/v1/nodes/node-2', 403, 'Forbidden', 'nodes "node-2" is forbidden');
    const result = await run('node/node-2', '-n', 'shop', '--no-follow');
    expect([result.code, sortedLines(result.stdout)]).toEqual([0, ['db-0 app d1', 'web-b app b1']]);
  });

  it('should print one JSON object per line, with JSON log lines as objects', async () => {
    logs.append(
      'shop',
      'web-a',
      'app',
      ['{"level":30,"msg":"GET /"}'],
      '2026-01-02T03:04:05.000000001Z',
    );
    const result = await run('pod/web-a', '-n', 'shop', '--no-follow', '-o', 'json', '--tail', '2');
    expect(result.code).toBe(0);
    const objects = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o['message'])).toEqual(['a2', { level: 30, msg: 'GET /' }]);
    expect(objects[1]).toEqual({
      namespace: 'shop',
      pod: 'web-a',
      container: 'app',
      node: 'node-1',
      timestamp: '2026-01-02T03:04:05.000000001Z',
      message: { level: 30, msg: 'GET /' },
    });
  });

  it('should filter containers and lines, and show timestamps', async () => {
    addPod({
      name: 'two',
      labels: { app: 'two' },
      containers: [
        { name: 'app', id: 'containerd://two-app' },
        { name: 'istio-proxy', id: 'containerd://two-proxy' },
      ],
    });
    logs.append('shop', 'two', 'app', ['GET /a 200', 'GET /b 500'], '2026-01-02T03:04:05.5Z');
    logs.append('shop', 'two', 'istio-proxy', ['envoy GET /a 200']);
    const result = await run(
      '-l',
      'app=two',
      '-n',
      'shop',
      '--no-follow',
      '-c',
      '^app$',
      '--include',
      'GET',
      '--exclude',
      ' 500$',
      '--timestamps',
    );
    expect(result.stdout).toBe('two app 2026-01-02T03:04:05.5Z GET /a 200\n');
  });

  it('should escape control characters and colour pods only on a terminal without NO_COLOR', async () => {
    logs.append('shop', 'web-a', 'app', ['evil \u001b[2J\r done']);
    const argv = args('pod/web-a', '-n', 'shop', '--no-follow', '--tail', '1');
    const plain = await startKprod(argv).done();
    expect(plain.stdout).toBe('web-a app evil \\x1b[2J\\x0d done\n');
    const tty = await startKprod(argv, { tty: true }).done();
    expect(tty.stdout).toBe(
      `\u001b[${podColour('web-a')}mweb-a\u001b[0m \u001b[2mapp\u001b[0m evil \\x1b[2J\\x0d done\n`,
    );
    const noColour = await startKprod(argv, { tty: true, env: { NO_COLOR: '1' } }).done();
    expect(noColour.stdout).toBe(plain.stdout);
  });

  it('should fail with a documented code for each bad target or flag', async () => {
    double.failOnce(
      'GET',
      '/api/v1/namespaces/shop/pods/web-a/log',
      403,
      'Forbidden',
      'pods "web-a" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop"',
    );
    const forbidden = await run('pod/web-a', '-n', 'shop', '--no-follow');
    expect([forbidden.code, forbidden.stderr.split('\n')[0]]).toEqual([
      3,
      'kprod: LOGS_FORBIDDEN: GET /api/v1/namespaces/shop/pods/web-a/log: 403 pods "web-a" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop"',
    ]);
    const cases: [string[], number, string][] = [
      [
        ['cm/web'],
        2,
        'kprod: LOGS_TARGET_INVALID: "cm" in "cm/web" is not a kind kprod logs reads',
      ],
      [
        ['deploy/nope', '-n', 'shop'],
        1,
        'kprod: LOGS_TARGET_NOT_FOUND: deploy/nope not found in namespace shop',
      ],
      [
        ['-l', 'app=none', '-n', 'shop', '--no-follow'],
        1,
        'kprod: LOGS_NO_PODS: -l app=none in shop: no pod with a started container to read',
      ],
      [
        ['deploy/web', '-n', 'shop', '--max-streams', '1'],
        2,
        'kprod: LOGS_TOO_MANY_STREAMS: deploy/web in shop has 2 containers to read, more than --max-streams 1',
      ],
      [['deploy/web', '-A'], 2, 'kprod: KPROD_USAGE: -A works with -l SELECTOR and node/NAME only'],
      [
        ['deploy/web', '-c', '('],
        2,
        'kprod: KPROD_USAGE: --container "(" is not a regular expression',
      ],
      [
        ['deploy/web', '--since', 'soon'],
        2,
        'kprod: KPROD_USAGE: --since "soon" is not a duration',
      ],
    ];
    for (const [argv, code, start] of cases) {
      const result = await run(...argv);
      expect({ argv, code: result.code, head: result.stderr.slice(0, start.length) }).toEqual({
        argv,
        code,
        head: start,
      });
    }
  });

  it('should print the other pods and exit 3 when a node cannot be reached', async () => {
    double.failOnce(
      'GET',
      '/api/v1/namespaces/shop/pods/web-b/log',
      500,
      'InternalError',
      'Get "https://10.0.0.2:10250/containerLogs/shop/web-b/app": dial tcp 10.0.0.2:10250: connect: no route to host',
    );
    const result = await run('deploy/web', '-n', 'shop', '--no-follow');
    expect(result.code).toBe(3);
    expect(sortedLines(result.stdout)).toEqual(['web-a app a1', 'web-a app a2']);
    expect(result.stderr).toContain(
      'kprod: LOGS_NODE_UNREACHABLE: web-b/app: node node-2 is not reachable:',
    );
  });

  it('should follow a rollout, a restart and dropped connections without repeating a line', async () => {
    const live = startKprod(args('deploy/web', '-n', 'shop'));
    const printed = (line: string) => () => live.out().split('\n').includes(line);
    await waitFor(() => logs.followers() === 2, 'two follow streams');
    // The double does not replay events from a resourceVersion: wait for the watch to be open.
    await waitFor(() => double.requests.some((r) => r.query['watch'] === 'true'), 'the watch');
    // A rollout: a new pod joins, an old one leaves.
    addPod({ name: 'web-c', node: 'node-1', containers: [{ name: 'app', id: 'containerd://c1' }] });
    await waitFor(() => logs.followers() === 3, 'the new pod to join');
    logs.append('shop', 'web-c', 'app', ['c1']);
    double.remove(POD('web-b'));
    await waitFor(() => logs.followers() === 2, 'the old pod to leave');
    // A restart: the stream ends with the old container and re-attaches to the new one.
    logs.append('shop', 'web-a', 'app', ['a3']);
    logs.restart('shop', 'web-a', 'app', 'containerd://web-a-app-2');
    logs.append('shop', 'web-a', 'app', ['a-new-1']);
    await waitFor(printed('web-a app a-new-1'), 'the restarted container');
    // Dropped connections: reconnect from the last line; lines of the same instant stay unique.
    const same = '2026-12-01T00:00:01.000000000Z';
    logs.append('shop', 'web-c', 'app', ['c2', 'c3'], same);
    await waitFor(printed('web-c app c3'), 'c3');
    const before = logs.requests.length;
    expect(logs.dropConnections()).toBe(2);
    logs.append('shop', 'web-c', 'app', ['c4'], same);
    logs.append('shop', 'web-a', 'app', ['a-new-2']);
    await waitFor(printed('web-c app c4'), 'c4 after the reconnect');
    await waitFor(printed('web-a app a-new-2'), 'a-new-2 after the reconnect');
    const result = await live.stop();
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l !== '')).toHaveLength(10);
    expect(sortedLines(result.stdout)).toEqual(
      [
        'web-a app a1',
        'web-a app a2',
        'web-a app a3',
        'web-a app a-new-1',
        'web-a app a-new-2',
        'web-b app b1',
        'web-c app c1',
        'web-c app c2',
        'web-c app c3',
        'web-c app c4',
      ].sort(),
    );
    expect(sortedLines(result.stderr)).toEqual(
      [
        '+ web-a app',
        '+ web-b app',
        '+ web-c app',
        '- web-b app',
        '+ web-a app (restarted)',
      ].sort(),
    );
    const resumed = logs.requests.slice(before).filter((r) => r.pod === 'web-c');
    expect(resumed.map((r) => r.query)).toEqual([
      { container: 'app', timestamps: 'true', follow: 'true', sinceTime: '2026-12-01T00:00:01Z' },
    ]);
  });

  it('should say a node is unreachable and retry while following', async () => {
    double.failOnce(
      'GET',
      '/api/v1/namespaces/shop/pods/web-b/log',
      500,
      'InternalError',
      'Get "https://10.0.0.2:10250/containerLogs/shop/web-b/app": dial tcp 10.0.0.2:10250: connect: no route to host',
    );
    const live = startKprod(args('deploy/web', '-n', 'shop'));
    await waitFor(() => live.out().includes('web-b app b1'), 'web-b after the retry');
    const result = await live.stop();
    expect(result.code).toBe(0);
    expect(sortedLines(result.stdout)).toEqual(['web-a app a1', 'web-a app a2', 'web-b app b1']);
    expect(sortedLines(result.stderr)).toEqual([
      '! web-b/app: node node-2 is not reachable: GET /api/v1/namespaces/shop/pods/web-b/log: 500 Get "https://10.0.0.2:10250/containerLogs/shop/web-b/app": dial tcp 10.0.0.2:10250: connect: no route to host (retrying)',
      '+ web-a app',
      '+ web-b app',
    ]);
  });

  it('should wait for pods when following and none match yet', async () => {
    const running = startKprod(args('-l', 'app=late', '-n', 'shop'));
    await waitFor(() => double.requests.some((r) => r.query['watch'] === 'true'), 'the pod watch');
    addPod({ name: 'late-0', labels: { app: 'late' } });
    logs.append('shop', 'late-0', 'app', ['hello']);
    await waitFor(() => logs.followers() === 1, 'the late pod');
    // The stream is open once the double counts its follower; its line may still be on its way.
    await waitFor(() => running.out().includes('hello'), 'the late pod line');
    const result = await running.stop();
    expect(result).toEqual({
      code: 0,
      stdout: 'late-0 app hello\n',
      stderr: 'waiting for pods of -l app=late in shop ...\n+ late-0 app\n',
    });
  });
});
