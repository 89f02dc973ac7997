import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndlessOutcome, sendEndlessBody } from '../../../test/support/endless-body.js';
import { type LoopbackServer, startLoopbackServer } from '../../../test/support/loopback-server.js';
import { putManifest } from './push-blobs.js';
import { openRegistry } from './registry-client.js';

describe('putManifest', () => {
  // A registry that refuses the manifest with an error page that never ends: a real registry
  // sends a short JSON error, so a loopback server plays this one.
  let server: LoopbackServer;
  let ended: Promise<EndlessOutcome> | undefined;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/v2/') res.writeHead(200).end();
      else ended = sendEndlessBody(res, 500, { 'content-type': 'text/plain' }, 0x78);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('should quote the start of an endless error body and close the connection', async () => {
    const client = await openRegistry(server.host, [], { requestTimeoutMs: 5000 });
    const manifest = Buffer.from('{}');
    await expect(
      putManifest(client, 'team/app', 'v1', 'application/vnd.oci.image.manifest.v1+json', manifest),
    ).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: `${server.host} answered 500 for the manifest team/app:v1: ${'x'.repeat(200)}…`,
    });
    expect(await ended).toMatchObject({ clientLeft: true });
  });
});
