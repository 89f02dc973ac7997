import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A real OCI registry for tests: the Debian `docker-registry` (distribution 2.x) started on
 * 127.0.0.1 with a temporary config and storage directory, optionally behind htpasswd basic auth
 * or bearer-token auth (with an in-process token service signing JWTs for it). Helpers push a
 * small image through the registry API (blobs, then manifest) and a two-platform OCI index.
 */

/** The one user of the protected variants. */
export const REGISTRY_USER = { username: 'kprod', password: 's3cret-pass' } as const;
/** bcrypt (cost 5) of REGISTRY_USER.password: the registry accepts only bcrypt in htpasswd. */
const HTPASSWD = `kprod:$2b$05$abcdefghijklmnopqrstuuV7fpPozvyqJfnY19y0802WTlXUm6Rjy\n`;

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:PORT`, the registry part of image references. */
  readonly host: string;
  readonly url: string;
  /** Path of a Docker config.json holding REGISTRY_USER for this host. */
  readonly dockerConfig: string;
  /** Authorization header value for pushes (basic, or a bearer token with push rights). */
  adminAuthorization(repository: string): string | undefined;
  /** Requests the token service received (bearer variant), for assertions. */
  readonly tokenRequests: {
    authorization: string | undefined;
    scope: string | null;
    service: string | null;
  }[];
  stop(): Promise<void>;
}

function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/**
 * Starts the registry; `auth` picks the variant. The token service grants pull only (a read-only
 * robot account) unless `grant` is `requested`, which grants every scope asked for, several
 * `scope` parameters included (pushes with cross-repository mounts). Stop it in afterAll.
 */
export async function startRegistry(
  auth: 'none' | 'basic' | 'bearer' = 'none',
  grant: 'pull' | 'requested' = 'pull',
): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const tokenRequests: TestRegistry['tokenRequests'] = [];
  let tokenServer: http.Server | undefined;
  let signToken: ((...scopes: string[]) => string) | undefined;
  const authLines: string[] = [];

  if (auth === 'basic') {
    writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
    authLines.push(
      'auth:',
      '  htpasswd:',
      '    realm: kprod-test',
      `    path: ${join(dir, 'htpasswd')}`,
    );
  }
  if (auth === 'bearer') {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=kprod-test-token',
        '-keyout',
        join(dir, 'token.key'),
        '-out',
        join(dir, 'token.crt'),
      ],
      { stdio: 'ignore', timeout: 20_000 },
    );
    const key = createPrivateKey(readFileSync(join(dir, 'token.key')));
    const der = Buffer.from(
      readFileSync(join(dir, 'token.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    signToken = (...scopes: string[]): string => {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', x5c: [der.toString('base64')] };
      const claims = {
        iss: 'kprod-test-issuer',
        sub: REGISTRY_USER.username,
        aud: 'kprod-test-registry',
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access: scopes
          .filter((scope) => scope !== '')
          .map((scope) => {
            const [type = '', name = '', actions = ''] = scope.split(':');
            return { type, name, actions: actions.split(',') };
          }),
      };
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
      return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
    };
    const expected = `Basic ${Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString('base64')}`;
    const mint = signToken;
    tokenServer = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      tokenRequests.push({
        authorization: req.headers.authorization,
        scope: url.searchParams.get('scope'),
        service: url.searchParams.get('service'),
      });
      if (req.headers.authorization !== expected) {
        res
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end('{"details":"bad credentials"}');
        return;
      }
      const asked = url.searchParams.getAll('scope');
      const scopes =
        grant === 'requested'
          ? asked
          : // Grant pull only, as a read-only robot account would have.
            asked.map((scope) => scope.replace(/:[^:]*$/, ':pull'));
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ token: mint(...(scopes.length === 0 ? [''] : scopes)) }));
    });
    await new Promise<void>((resolve) => tokenServer!.listen(0, '127.0.0.1', resolve));
    const tokenPort = (tokenServer.address() as AddressInfo).port;
    authLines.push(
      'auth:',
      '  token:',
      `    realm: http://127.0.0.1:${tokenPort}/token`,
      '    service: kprod-test-registry',
      '    issuer: kprod-test-issuer',
      `    rootcertbundle: ${join(dir, 'token.crt')}`,
    );
  }

  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      '  secret: kprod-test-secret',
      ...authLines,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'docker-config.json'),
    JSON.stringify({
      auths: {
        [host]: {
          auth: Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString(
            'base64',
          ),
        },
      },
    }),
  );

  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    if (tokenServer !== undefined) {
      const server = tokenServer;
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Wait until /v2/ answers (200, or 401 behind auth), with a deadline.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`docker-registry exited with ${child.exitCode}: ${output}`);
    }
    const status = await fetch(`http://${host}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 401) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${host} within 15 s: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const basicAuth = `Basic ${Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString('base64')}`;
  return {
    host,
    url: `http://${host}`,
    dockerConfig: join(dir, 'docker-config.json'),
    tokenRequests,
    adminAuthorization(repository: string): string | undefined {
      if (auth === 'basic') return basicAuth;
      if (signToken !== undefined)
        return `Bearer ${signToken(`repository:${repository}:pull,push`)}`;
      return undefined;
    },
    stop,
  };
}

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${res.status}: ${await res.text()}`);
  }
  return res;
}

/** Uploads one blob (monolithic: POST then PUT with the digest) and returns its digest. */
export async function pushBlob(
  registry: TestRegistry,
  repository: string,
  bytes: Buffer,
): Promise<string> {
  const digest = sha256(bytes);
  const authorization = registry.adminAuthorization(repository);
  const headers: Record<string, string> =
    authorization === undefined ? {} : { Authorization: authorization };
  const start = await expectStatus(
    await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers }),
    202,
    `start upload to ${repository}`,
  );
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  await expectStatus(
    await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: bytes,
    }),
    201,
    `finish upload of ${digest}`,
  );
  return digest;
}

/** Puts a manifest or index under `reference` (a tag or digest) and returns its digest. */
export async function pushManifest(
  registry: TestRegistry,
  repository: string,
  reference: string,
  mediaType: string,
  manifest: unknown,
): Promise<string> {
  const body = Buffer.from(JSON.stringify(manifest));
  const authorization = registry.adminAuthorization(repository);
  const res = await expectStatus(
    await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: {
        'Content-Type': mediaType,
        ...(authorization === undefined ? {} : { Authorization: authorization }),
      },
      body,
    }),
    201,
    `put manifest ${repository}:${reference}`,
  );
  const digest = sha256(body);
  if (res.headers.get('docker-content-digest') !== digest) {
    throw new Error(
      `registry digest ${res.headers.get('docker-content-digest') ?? '?'} differs from ${digest}`,
    );
  }
  return digest;
}

/** Pushes a one-layer OCI image (an empty tar) for one platform; returns the manifest digest. */
export async function pushImage(
  registry: TestRegistry,
  repository: string,
  tag: string,
  architecture = 'amd64',
): Promise<{ digest: string; size: number }> {
  const tar = Buffer.alloc(1024);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture,
      os: 'linux',
      config: { Cmd: ['/app'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );
  const layerDigest = await pushBlob(registry, repository, layer);
  const configDigest = await pushBlob(registry, repository, config);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configDigest, size: config.length },
    layers: [{ mediaType: OCI_LAYER, digest: layerDigest, size: layer.length }],
  };
  const digest = await pushManifest(registry, repository, tag, OCI_MANIFEST, manifest);
  return { digest, size: Buffer.byteLength(JSON.stringify(manifest)) };
}

/** Pushes an amd64 and an arm64 image and an OCI index over both under `tag`. */
export async function pushIndex(
  registry: TestRegistry,
  repository: string,
  tag: string,
): Promise<{ digest: string; platforms: string[] }> {
  const platforms: { digest: string; size: number; architecture: string }[] = [];
  for (const architecture of ['amd64', 'arm64']) {
    const image = await pushImage(registry, repository, `${tag}-${architecture}`, architecture);
    platforms.push({ ...image, architecture });
  }
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: platforms.map((p) => ({
      mediaType: OCI_MANIFEST,
      digest: p.digest,
      size: p.size,
      platform: { architecture: p.architecture, os: 'linux' },
    })),
  };
  const digest = await pushManifest(registry, repository, tag, OCI_INDEX, index);
  return { digest, platforms: platforms.map((p) => p.digest) };
}
