import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/service-in-process.js';
import {
  buildServiceForTest,
  removeServiceBuild,
  spawnProgram,
  type SpawnedProgram,
} from '../support/service-process.js';

let build: string;
let main: string;
const spawned: SpawnedProgram[] = [];
const dir = mkdtempSync(join(tmpdir(), 'multiroute-e2e-'));

beforeAll(() => {
  build = buildServiceForTest();
  main = join(build, 'service/main.js');
}, 180_000);
afterAll(() => {
  removeServiceBuild(build);
});
afterEach(() => {
  for (const program of spawned.splice(0)) program.child.kill('SIGKILL');
});

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function start(env: Record<string, string>, args: string[] = []): SpawnedProgram {
  const program = spawnProgram(main, args, {
    PORT: '0',
    ADMIN_PORT: '0',
    HOST: '127.0.0.1',
    VERSION: 'v1',
    ...env,
  });
  spawned.push(program);
  return program;
}

async function portOf(program: SpawnedProgram): Promise<number> {
  let port: number | undefined;
  await waitFor(
    () => {
      port = program.records().find((r) => r['msg'] === 'multiroute listening')?.['port'] as
        number | undefined;
      return port !== undefined;
    },
    'multiroute to listen',
    20_000,
  );
  return port!;
}

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
}

function get(port: number, path: string, agent: Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('multiroute graceful shutdown', () => {
  it('should turn unready, finish every in-flight request, refuse new connections and exit 0', async () => {
    const config = writeConfig(
      'slow.yml',
      'routes:\n  /slow:\n    response: done\n    duration: 2\n',
    );
    const program = start({
      MULTIROUTE_CONFIG: config,
      SHUTDOWN_DELAY_SECONDS: '0.5',
      SHUTDOWN_TIMEOUT_SECONDS: '15',
    });
    const port = await portOf(program);
    const agent = new Agent({ keepAlive: true });
    const inFlight = Array.from({ length: 5 }, () => get(port, '/slow', agent));
    await waitFor(
      async () => (await get(port, '/metrics')).body.includes('\nhttp_requests_in_flight 5\n'),
      'five requests in flight',
    );
    program.child.kill('SIGTERM');
    await waitFor(async () => (await get(port, '/readyz')).status === 503, 'readiness to be 503');
    const unready = await get(port, '/readyz', agent);
    expect(unready).toEqual({ status: 503, body: 'draining', connection: 'close' });
    await waitFor(
      () =>
        get(port, '/livez').then(
          () => false,
          (error: unknown) => (error as NodeJS.ErrnoException).code === 'ECONNREFUSED',
        ),
      'the listener to close',
    );
    expect(await Promise.all(inFlight)).toEqual(
      Array.from({ length: 5 }, () => ({
        status: 200,
        body: '[v1] Hello, You are at /slow, Got: done',
        connection: 'close',
      })),
    );
    expect(await program.exited).toBe(0);
    agent.destroy();
    expect(program.records().map((r) => r['msg'])).toContain('shutdown complete');
  });

  it('should exit at once with 130 on a second signal', async () => {
    const config = writeConfig(
      'forever.yml',
      'routes:\n  /forever:\n    response: x\n    duration: 300\n',
    );
    const program = start({ MULTIROUTE_CONFIG: config, SHUTDOWN_DELAY_SECONDS: '60' });
    const port = await portOf(program);
    const pending = get(port, '/forever').catch((error: unknown) => (error as Error).message);
    await waitFor(
      async () => (await get(port, '/metrics')).body.includes('\nhttp_requests_in_flight 1\n'),
      'the request in flight',
    );
    program.child.kill('SIGTERM');
    await waitFor(
      () => program.records().some((r) => r['msg'] === 'shutting down'),
      'the first signal to be handled',
    );
    program.child.kill('SIGTERM');
    expect(await program.exited).toBe(130);
    expect(await pending).toBe('socket hang up');
  });
});

describe('multiroute start-up', () => {
  it('should exit 2 listing every config problem with file:line: field, and no stack trace', async () => {
    const config = writeConfig(
      'bad.yml',
      'routes:\n  /a:\n    response: x\n    duration: 1000\n  b:\n    response: y\n',
    );
    const program = start({ MULTIROUTE_CONFIG: config });
    expect(await program.exited).toBe(2);
    expect(program.stderr()).toBe(
      `multiroute: MULTIROUTE_CONFIG_INVALID: ${config} has 2 problems:\n` +
        `  ${config}:4: routes./a.duration: must be at most 300 seconds\n` +
        `  ${config}:5: routes.b: route path must start with /\n` +
        'hint: Fix every problem listed (file:line and field are given) and start again.\n',
    );
  });

  it.each([
    [
      { MULTIROUTE_CONFIG: '/nonexistent/config.yml' },
      [],
      "multiroute: MULTIROUTE_CONFIG_UNREADABLE: cannot read config file '/nonexistent/config.yml': ENOENT\nhint: Check the path; in Kubernetes, check the ConfigMap volume mount.\n",
    ],
    [
      { PORT: 'abc' },
      [],
      "multiroute: MULTIROUTE_SETTINGS_INVALID: PORT must be an integer from 0 to 65535, got 'abc'\nhint: Correct the named flag or environment variable; `multiroute --help` lists them.\n",
    ],
    [
      {},
      ['--bogus'],
      "multiroute: MULTIROUTE_SETTINGS_INVALID: Unknown option '--bogus'\nhint: Correct the named flag or environment variable; `multiroute --help` lists them.\n",
    ],
  ])('should exit 2 with a clear message for %j %j', async (env, args, stderr) => {
    const program = start(env, args);
    expect(await program.exited).toBe(2);
    expect(program.stderr()).toBe(stderr);
  });

  it('should print its usage with --help and exit 0', async () => {
    const program = start({}, ['--help']);
    expect(await program.exited).toBe(0);
    expect(program.stdout().split('\n')[0]).toBe(
      'Usage: multiroute [--config PATH] [--access-log] [--admin-port PORT]',
    );
  });

  it('should serve the built-in routes without a config, and say so in the log', async () => {
    const program = start({});
    const port = await portOf(program);
    expect(await get(port, '/test_limiter')).toEqual({
      status: 200,
      body: "[v1] Hello, You are at /test_limiter, Got: test_limiter's content\n",
      connection: 'close',
    });
    expect(program.records().find((r) => r['config'] === '<built-in>')?.['msg']).toBe(
      'no config file given: serving the built-in routes',
    );
  });
});

describe('multiroute secrets', () => {
  it('should match a mounted password with a trailing newline and never log it', async () => {
    const secret = 'Zq9-secret-Xv2';
    const passFile = writeConfig('db-password', `${secret}\n`);
    const right = start({
      DB_PASS_FILE: passFile,
      DB_EXPECTED_PASS: secret,
      ACCESS_LOG: 'true',
      LOG_LEVEL: 'trace',
    });
    const wrong = start(
      { DB_PASS: `${secret}-nope`, DB_EXPECTED_PASS_FILE: passFile, LOG_LEVEL: 'trace' },
      ['--access-log'],
    );
    const [rightPort, wrongPort] = await Promise.all([portOf(right), portOf(wrong)]);
    expect((await get(rightPort, '/connect_db')).body).toBe(
      'Hello, You are connected database successfully!',
    );
    expect((await get(wrongPort, '/connect_db')).body).toBe('Sorry, wrong db password provided!');
    await waitFor(
      () => [right, wrong].every((p) => p.records().some((r) => r['msg'] === 'request')),
      'the access log lines',
    );
    right.child.kill('SIGINT');
    wrong.child.kill('SIGINT');
    await Promise.all([right.exited, wrong.exited]);
    for (const program of [right, wrong]) {
      expect(program.stdout() + program.stderr()).not.toContain(secret);
    }
  });
});

describe('multiroute-two-port and multiroute-probe', () => {
  it('should answer on two ports, and the probe should print the original line then a tally', async () => {
    const twoPort = spawnProgram(join(build, 'clients/two-port-server.js'), [], {
      SERVER1_PORT: '0',
      SERVER2_PORT: '0',
    });
    spawned.push(twoPort);
    let ports: string[] = [];
    await waitFor(() => {
      ports = /listening on (\d+) and (\d+)/.exec(twoPort.stdout())?.slice(1) ?? [];
      return ports.length === 2;
    }, 'the two-port server to listen');
    const probe = spawnProgram(join(build, 'clients/probe-client.js'), ['--interval', '0.05'], {
      PROBE_URL: `http://127.0.0.1:${ports[1]!}/anything`,
    });
    spawned.push(probe);
    await waitFor(() => probe.stdout().split('\n').length > 4, 'two probe answers');
    expect(probe.stdout().split('\n').slice(0, 4)).toEqual([
      'status:200 text: server2: Hello, World!',
      'tally: other=1 (100%) total=1',
      'status:200 text: server2: Hello, World!',
      'tally: other=2 (100%) total=2',
    ]);
    probe.child.kill('SIGTERM');
    twoPort.child.kill('SIGTERM');
    expect(await Promise.all([probe.exited, twoPort.exited])).toEqual([0, 0]);
  });
});
