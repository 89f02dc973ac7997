import { spawn } from 'node:child_process';

/**
 * Docker credential helpers (`credHelpers` per registry, or `credsStore` for all): the programs
 * `docker-credential-NAME` that `docker login` stores secrets in (OS keychains, cloud
 * registries). kprod runs `docker-credential-NAME get` with the server URL on stdin, as docker
 * does.
 */

/** The helper name for `registry` in a parsed Docker config, or undefined. Pure. */
export function credentialHelperFor(config: unknown, registry: string): string | undefined {
  const c = (config ?? {}) as { credHelpers?: unknown; credsStore?: unknown };
  if (c.credHelpers !== null && typeof c.credHelpers === 'object') {
    for (const [key, value] of Object.entries(c.credHelpers as Record<string, unknown>)) {
      const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
      const same = host === registry || (registry === 'docker.io' && host === 'index.docker.io');
      if (same && typeof value === 'string' && value !== '') return value;
    }
  }
  return typeof c.credsStore === 'string' && c.credsStore !== '' ? c.credsStore : undefined;
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
    const parsed = JSON.parse(output) as { Username?: unknown; Secret?: unknown };
    if (typeof parsed.Username !== 'string' || typeof parsed.Secret !== 'string') return undefined;
    return { username: parsed.Username, password: parsed.Secret };
  } catch {
    // A helper that prints something else has nothing usable for us.
    return undefined;
  }
}
