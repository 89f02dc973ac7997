import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, openssl } from '../support/kube-double-openssl.js';
import {
  type HostileMode,
  type HostileServer,
  startHostileServer,
} from '../support/hostile-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** Runs the built CLI; the hostile server answers from this process, so the spawn is async. */
function kprod(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end();
    child.on('error', fail);
    child.on('close', (code) => {
      done({ code, stdout, stderr });
    });
  });
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: registry.example/web:1
`;

/** The first stderr line, which names the code and what happened. */
function firstLine(stderr: string): string {
  return stderr.split('\n')[0] ?? '';
}

/** No raw control character but newline reaches the terminal. */
function expectNoRawControl(text: string): void {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

describe('kprod against a hostile API server (built CLI)', { timeout: 60_000 }, () => {
  let cwd: string;
  let server: HostileServer | undefined;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'kprod-hostile-e2e-'));
    writeFileSync(join(cwd, 'web.yaml'), DEPLOYMENT);
    writeFileSync(join(cwd, 'ca.crt'), createTestCa('ec').certPem);
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const start = async (mode: HostileMode): Promise<string[]> => {
    server = await startHostileServer(mode);
    return ['--kubeconfig', server.kubeconfigPath];
  };

  it('should end rollout status at its --timeout with exit 4 when the server never answers', async () => {
    const k = await start('hang');
    const result = await kprod(['rollout', 'status', 'deploy/web', '--timeout', '1s', ...k], cwd);
    expect(firstLine(result.stderr)).toBe(
      "kprod: KPROD_TIMEOUT: GET /apis/apps/v1/namespaces/default/deployments/web: the command's --timeout ran out before the API server answered",
    );
    expect(result.code).toBe(4);
  });

  it('should end apply at its --timeout with exit 4 when the server never answers', async () => {
    const k = await start('hang');
    const result = await kprod(['apply', '-f', 'web.yaml', '--timeout', '1s', ...k], cwd);
    expect(firstLine(result.stderr)).toMatch(/^kprod: KPROD_TIMEOUT: GET \/apis\/apps\/v1\//);
    expect(result.code).toBe(4);
  });

  it('should end user add at its --timeout with exit 4 when the server never answers', async () => {
    const k = await start('hang');
    const result = await kprod(
      ['user', 'add', 'alice', '--ca', 'ca.crt', '--timeout', '1s', ...k],
      cwd,
    );
    expect(firstLine(result.stderr)).toBe(
      "kprod: KPROD_TIMEOUT: POST /api/v1/namespaces: the command's --timeout ran out before the API server answered",
    );
    expect(result.code).toBe(4);
  });

  it('should give up on one request after --request-timeout with exit 3', async () => {
    const k = await start('hang');
    const result = await kprod(['user', 'list', '--request-timeout', '1s', ...k], cwd);
    expect(firstLine(result.stderr)).toBe(
      'kprod: KUBE_REQUEST_TIMEOUT: GET /api/v1/namespaces: no complete answer from the API server within 1s',
    );
    expect(result.code).toBe(3);
  });

  it('should give release one request timeout too (--request-timeout, exit 3)', async () => {
    const k = await start('hang');
    const result = await kprod(
      ['release', 'status', 'deploy/web', '--request-timeout', '1s', ...k],
      cwd,
    );
    expect(firstLine(result.stderr)).toBe(
      'kprod: KUBE_REQUEST_TIMEOUT: GET /apis/apps/v1/namespaces/default/deployments/web: no complete answer from the API server within 1s',
    );
    expect(result.code).toBe(3);
  });

  it('should call a 200 HTML page the server’s fault (exit 3), naming it and escaping its bytes', async () => {
    const k = await start('garbage');
    const result = await kprod(['user', 'list', ...k], cwd);
    expect(firstLine(result.stderr)).toBe(
      `kprod: KUBE_BAD_RESPONSE: GET /api/v1/namespaces: the API server at ${server?.url} answered 200 ` +
        '(text/html, 54 bytes) that is not understood: it is not JSON; ' +
        'it begins "<html>\\\\x1b]0;pwned\\\\x07<body>Sign in\\\\r\\\\nkprod: OK</body></html>"',
    );
    expectNoRawControl(result.stderr);
    expect(result.stderr).not.toContain('    at ');
    expect(result.code).toBe(3);
  });

  it('should refuse an answer larger than 64 MiB instead of applying on it (exit 3)', async () => {
    const k = await start('huge');
    const result = await kprod(['apply', '-f', 'web.yaml', ...k], cwd);
    expect(firstLine(result.stderr)).toMatch(
      /^kprod: KUBE_BAD_RESPONSE: GET \/apis\/apps\/v1\/namespaces\/default\/deployments\/web: the API server at http:\/\/127\.0\.0\.1:\d+ answered 200 \(application\/json, \d+ bytes\) that is not understood: the body is larger than 64 MiB; it begins "\{\\"kind\\":\\"List\\",\\"items\\":\[\] {55}…"$/,
    );
    expect(result.stdout).not.toContain('deployment');
    expect(result.code).toBe(3);
  });

  it('should call a connection closed mid-body the server’s fault (exit 3)', async () => {
    const k = await start('close');
    const result = await kprod(['user', 'list', ...k], cwd);
    expect(firstLine(result.stderr)).toMatch(
      /^kprod: KUBE_BAD_RESPONSE: GET \/api\/v1\/namespaces: the API server at http:\/\/127\.0\.0\.1:\d+ answered 200 \(application\/json, (40|0) bytes\) that is not understood: /,
    );
    expect(result.stderr).toMatch(/the connection closed mid-body|the body broke off/);
    expect(result.code).toBe(3);
  });

  it('should not count an answer of another kind and name as an applied Deployment (exit 3)', async () => {
    const k = await start('wrong-kind');
    const result = await kprod(['apply', '-f', 'web.yaml', '-o', 'json', ...k], cwd);
    expect(firstLine(result.stderr)).toMatch(
      /^kprod: KUBE_BAD_RESPONSE: GET \/apis\/apps\/v1\/namespaces\/default\/deployments\/web: .* answered 200 \(application\/json, 98 bytes\) that is not understood: object "web" was asked for and "other" came back; /,
    );
    // No apply.object event: the only JSON line is the closing error event of -o json.
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => [e['event'], e['code'], e['exitCode']])).toEqual([
      ['error', 'KUBE_BAD_RESPONSE', 3],
    ]);
    expect(result.code).toBe(3);
  });

  it('should not list tenants from an answer that is not a list (exit 3)', async () => {
    const k = await start('wrong-kind');
    const result = await kprod(['user', 'list', ...k], cwd);
    expect(firstLine(result.stderr)).toMatch(
      /that is not understood: a list was asked for and it has no items array; /,
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(3);
  });

  it('should treat garbage over TLS the same way (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-hostile-tls-'));
    openssl(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ]),
    );
    server = await startHostileServer('garbage', {
      certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
    });
    const result = await kprod(['user', 'list', '--kubeconfig', server.kubeconfigPath], cwd);
    expect(firstLine(result.stderr)).toMatch(
      /^kprod: KUBE_BAD_RESPONSE: GET \/api\/v1\/namespaces: the API server at https:\/\/127\.0\.0\.1:\d+ answered 200 \(text\/html, 54 bytes\)/,
    );
    expect(result.code).toBe(3);
  });
});
