import { spawn } from 'node:child_process';
import { stringAt, stringMapAt } from '../../kube/field-access.js';

/**
 * Docker credential helpers (`credHelpers` per registry, or `credsStore` for all): the programs
 * `docker-credential-NAME` that `docker login` stores secrets in (OS keychains, cloud
 * registries). kprod runs `docker-credential-NAME get` with the server URL on stdin, as docker
 * does.
 */

/** The helper name for `registry` in a parsed Docker config, or undefined. Pure. */
export function credentialHelperFor(config: unknown, registry: string): string | undefined {
  for (const [key, value] of Object.entries(stringMapAt(config, 'credHelpers'))) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    const same = host === registry || (registry === 'docker.io' && host === 'index.docker.io');
    if (same && value !== '') return value;
  }
  const store = stringAt(config, 'credsStore');
  return store === '' ? undefined : store;
}

/** The server URL a helper knows a registry by: Docker Hub keeps its historical URL. */
export function helperServerUrl(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/**
 * Runs `docker-credential-HELPER get` and returns the stored user and secret, or undefined when
 * the helper has none for this server (or is not installed, or fails): anonymous access is then
 * tried, and the registry's refusal names what to do. `env` is the environment (PATH) to run it in.
 */
export async function runCredentialHelper(
  helper: string,
  registry: string,
  env: Readonly<Record<string, string | undefined>> | undefined,
  signal?: AbortSignal | null,
): Promise<{ username: string; password: string } | undefined> {
  const output = await new Promise<string | undefined>((resolve) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], {
      ...(env === undefined ? {} : { env: { ...env } }),
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: 20_000,
      ...(signal === null || signal === undefined ? {} : { signal }),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', () => {
      resolve(undefined);
    });
    child.on('close', (code) => {
      resolve(code === 0 ? out : undefined);
    });
    child.stdin.end(helperServerUrl(registry));
  });
  if (output === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(output);
    const username = stringAt(parsed, 'Username');
    const password = stringAt(parsed, 'Secret');
    return username === undefined || password === undefined ? undefined : { username, password };
  } catch {
    // A helper that prints something else has nothing usable for us.
    return undefined;
  }
}
