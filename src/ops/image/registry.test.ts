import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REGISTRY_USER,
  type TestRegistry,
  pushImage,
  pushIndex,
  startRegistry,
} from '../../../test/support/registry.js';
import { type LoopbackServer, startLoopbackServer } from '../../../test/support/loopback-server.js';
import { NOT_YET, sendEndlessBody } from '../../../test/support/endless-body.js';
import { credentialHelperFor } from './credential-helper.js';
import { openRegistry } from './registry-client.js';
import { credentialsFor, parseAuthChallenge, resolveImageDigest } from './registry.js';

describe('parseAuthChallenge', () => {
  it('should parse a bearer challenge with quoted parameters', () => {
    expect(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/busybox:pull',
      },
    });
  });

  it('should parse a basic challenge', () => {
    expect(parseAuthChallenge('Basic realm="kprod-test"')).toEqual({
      scheme: 'basic',
      params: { realm: 'kprod-test' },
    });
  });
});

describe('credentialsFor', () => {
  const auth = (s: string): string => Buffer.from(s).toString('base64');
  it('should find credentials by host, URL key and Docker Hub legacy key', () => {
    const config = {
      auths: {
        'ghcr.io': { auth: auth('me:tok:en') },
        'https://registry.example.com:8443': { username: 'u', password: 'p' },
        'https://index.docker.io/v1/': { auth: auth('hub:pw') },
      },
    };
    expect(credentialsFor(config, 'ghcr.io')).toEqual({ username: 'me', password: 'tok:en' });
    expect(credentialsFor(config, 'registry.example.com:8443')).toEqual({
      username: 'u',
      password: 'p',
    });
    expect(credentialsFor(config, 'docker.io')).toEqual({ username: 'hub', password: 'pw' });
    expect(credentialsFor(config, 'quay.io')).toBeUndefined();
    expect(credentialsFor({}, 'quay.io')).toBeUndefined();
  });
});

describe('resolveImageDigest', () => {
  describe('against a real registry without auth', () => {
    let registry: TestRegistry;
    let image: { digest: string };
    let index: { digest: string; platforms: string[] };
    beforeAll(async () => {
      registry = await startRegistry('none');
      image = await pushImage(registry, 'team/app', 'v1');
      index = await pushIndex(registry, 'team/multi', '2.0');
    });
    afterAll(async () => {
      await registry.stop();
    });

    it('should resolve a plain tag to its manifest digest', async () => {
      const resolved = await resolveImageDigest(`${registry.host}/team/app:v1`);
      expect(resolved).toEqual({
        name: `${registry.host}/team/app`,
        tag: 'v1',
        digest: image.digest,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        pinned: `${registry.host}/team/app:v1@${image.digest}`,
      });
    });

    it('should keep a multi-arch index as the index digest', async () => {
      const resolved = await resolveImageDigest(`${registry.host}/team/multi:2.0`);
      expect(resolved.digest).toBe(index.digest);
      expect(index.platforms).not.toContain(resolved.digest);
      expect(resolved.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    });

    it('should confirm a reference given by digest', async () => {
      const resolved = await resolveImageDigest(`${registry.host}/team/app@${image.digest}`);
      expect(resolved.digest).toBe(image.digest);
      expect(resolved.pinned).toBe(`${registry.host}/team/app@${image.digest}`);
    });

    it('should report a missing tag with IMAGE_NOT_FOUND', async () => {
      await expect(resolveImageDigest(`${registry.host}/team/app:nope`)).rejects.toMatchObject({
        code: 'IMAGE_NOT_FOUND',
        exitCode: 2,
        message: `${registry.host} has no manifest nope in team/app`,
      });
    });
  });

  describe('against a real registry behind basic auth', () => {
    let registry: TestRegistry;
    let image: { digest: string };
    beforeAll(async () => {
      registry = await startRegistry('basic');
      image = await pushImage(registry, 'private/app', 'v2');
    });
    afterAll(async () => {
      await registry.stop();
    });

    it('should use the credentials from the Docker config', async () => {
      const resolved = await resolveImageDigest(`${registry.host}/private/app:v2`, {
        dockerConfig: registry.dockerConfig,
      });
      expect(resolved.digest).toBe(image.digest);
    });

    it('should report missing credentials with REGISTRY_UNAUTHORIZED', async () => {
      await expect(resolveImageDigest(`${registry.host}/private/app:v2`)).rejects.toMatchObject({
        code: 'REGISTRY_UNAUTHORIZED',
        exitCode: 3,
        message: `${registry.host} needs credentials for ${registry.host}/private/app and none were found`,
      });
    });

    it('should report wrong credentials with REGISTRY_UNAUTHORIZED', async () => {
      const wrong = join(registry.dockerConfig, '..', 'wrong.json');
      writeFileSync(
        wrong,
        JSON.stringify({
          auths: { [registry.host]: { username: REGISTRY_USER.username, password: 'x' } },
        }),
      );
      await expect(
        resolveImageDigest(`${registry.host}/private/app:v2`, { dockerConfig: wrong }),
      ).rejects.toMatchObject({
        code: 'REGISTRY_UNAUTHORIZED',
        message: `${registry.host} refused user "kprod" to ${registry.host}/private/app (401)`,
      });
    });
  });

  describe('against a real registry behind bearer tokens', () => {
    let registry: TestRegistry;
    let index: { digest: string };
    beforeAll(async () => {
      registry = await startRegistry('bearer');
      index = await pushIndex(registry, 'org/svc', 'v3');
    });
    afterAll(async () => {
      await registry.stop();
    });

    it('should fetch a pull token with the stored credentials and resolve the tag', async () => {
      const resolved = await resolveImageDigest(`${registry.host}/org/svc:v3`, {
        dockerConfig: registry.dockerConfig,
      });
      expect(resolved.digest).toBe(index.digest);
      expect(registry.tokenRequests.at(-1)).toEqual({
        authorization: `Basic ${Buffer.from('kprod:s3cret-pass').toString('base64')}`,
        scope: 'repository:org/svc:pull',
        service: 'kprod-test-registry',
      });
    });

    it('should report a refused token request with REGISTRY_UNAUTHORIZED', async () => {
      await expect(resolveImageDigest(`${registry.host}/org/svc:v3`)).rejects.toMatchObject({
        code: 'REGISTRY_UNAUTHORIZED',
        message: expect.stringContaining('refused anonymous access (401)') as string,
      });
    });
  });

  it('should report an unreachable registry with REGISTRY_UNREACHABLE', async () => {
    await expect(resolveImageDigest('127.0.0.1:1/app:v1')).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      exitCode: 3,
    });
  });
});

describe('resolveImageDigest with Docker credential helpers', () => {
  let registry: TestRegistry;
  let image: { digest: string };
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    registry = await startRegistry('basic');
    image = await pushImage(registry, 'helped/app', 'v1');
    dir = mkdtempSync(join(tmpdir(), 'kprod-helper-'));
    // A credential helper as docker runs it: server URL on stdin, JSON on stdout, exit 1 if unknown.
    writeFileSync(
      join(dir, 'docker-credential-fake'),
      [
        '#!/bin/sh',
        'read -r server',
        `if [ "$server" = "${registry.host}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${REGISTRY_USER.username}","Secret":"${REGISTRY_USER.password}"}' "$server"`,
        'else echo "credentials not found in native keychain"; exit 1; fi',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    env = { PATH: `${dir}:/usr/bin:/bin` };
  });
  afterAll(async () => {
    await registry.stop();
  });

  it.each([
    ['credsStore', { credsStore: 'fake' }],
    ['credHelpers', { credHelpers: { 'ghcr.io': 'other', HOST: 'fake' } }],
  ])('should get the credentials from the helper named by %s', async (_, config) => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(config).replace('HOST', registry.host));
    const resolved = await resolveImageDigest(`${registry.host}/helped/app:v1`, {
      dockerConfig: file,
      env,
    });
    expect(resolved.digest).toBe(image.digest);
  });

  it('should fall back to inline auths when the helper has nothing', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        credsStore: 'missing-helper',
        auths: { [registry.host]: { auth: Buffer.from('kprod:s3cret-pass').toString('base64') } },
      }),
    );
    expect(
      (await resolveImageDigest(`${registry.host}/helped/app:v1`, { dockerConfig: file, env }))
        .digest,
    ).toBe(image.digest);
  });
});

describe('credentialHelperFor', () => {
  it('should prefer the per-registry helper over the default store', () => {
    const config = {
      credsStore: 'desktop',
      credHelpers: { 'https://index.docker.io/v1/': 'hub', 'gcr.io': 'gcloud' },
    };
    expect(credentialHelperFor(config, 'gcr.io')).toBe('gcloud');
    expect(credentialHelperFor(config, 'docker.io')).toBe('hub');
    expect(credentialHelperFor(config, 'quay.io')).toBe('desktop');
    expect(credentialHelperFor({}, 'quay.io')).toBeUndefined();
  });
});

describe('token answers that are not a token', () => {
  // A registry that asks for a bearer token and a token service that sends `answer`: what a
  // real registry and token service never do, so a small loopback server plays both.
  let server: LoopbackServer;
  let host = '';
  let answer = '';
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url?.startsWith('/token') === true) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
        return;
      }
      res
        .writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="t"` })
        .end();
    });
    host = server.host;
  });
  afterAll(async () => {
    await server.close();
  });

  const rows: [string, string][] = [
    ['null', 'answered without a token'],
    ['[1]', 'answered without a token'],
    ['{"token": 7}', 'answered without a token'],
    ['<html>', 'sent no JSON'],
  ];
  it.each(rows)('should refuse %s as the token service’s error', async (body, message) => {
    answer = body;
    const expected = {
      code: 'REGISTRY_UNREACHABLE',
      message: `the token service ${host} ${message}`,
    };
    await expect(resolveImageDigest(`${host}/team/app:v1`)).rejects.toMatchObject(expected);
    await expect(
      openRegistry(host, ['repository:team/app:pull'], { requestTimeoutMs: 5000 }),
    ).rejects.toMatchObject(expected);
  });
});

describe('answers larger than their bound', () => {
  // A registry whose token service, or whose manifest GET, never stops sending: a real registry
  // never does, so a loopback server plays it. The reader must give up at its bound and close
  // the connection (the server sees its client leave long before its own cap).
  let server: LoopbackServer;
  let host = '';
  let mode: 'token' | 'manifest' = 'token';
  let ended = NOT_YET;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url?.startsWith('/token') === true) {
        ended = sendEndlessBody(res, 200, { 'content-type': 'application/json' });
        return;
      }
      if (mode === 'token') {
        res
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="t"` })
          .end();
        return;
      }
      // No Docker-Content-Digest on HEAD: the client must GET the manifest and hash it.
      const type = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' };
      if (req.method === 'HEAD') res.writeHead(200, type).end();
      else ended = sendEndlessBody(res, 200, type);
    });
    host = server.host;
  });
  afterAll(async () => {
    await server.close();
  });

  it('should refuse a token answer over 64 KiB and close the connection', async () => {
    mode = 'token';
    const expected = {
      code: 'REGISTRY_UNREACHABLE',
      message: `the answer of the token service ${host} is larger than 64 KiB`,
    };
    ended = NOT_YET;
    await expect(resolveImageDigest(`${host}/team/app:v1`)).rejects.toMatchObject(expected);
    expect(await ended).toMatchObject({ clientLeft: true });
    ended = NOT_YET;
    await expect(
      openRegistry(host, ['repository:team/app:pull'], { requestTimeoutMs: 5000 }),
    ).rejects.toMatchObject(expected);
    expect(await ended).toMatchObject({ clientLeft: true });
  });

  it('should refuse a manifest over 4 MiB and close the connection', async () => {
    mode = 'manifest';
    ended = NOT_YET;
    await expect(resolveImageDigest(`${host}/team/app:v1`)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: `the answer of ${host} for the manifest of ${host}/team/app:v1 is larger than 4 MiB`,
    });
    expect(await ended).toMatchObject({ clientLeft: true });
  });
});
