import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The local credential files of one user, in `<out>/<name>/`: the private key, the certificate
 * and the kubeconfig that embeds both. These three names are all kprod writes there, and all
 * `remove` deletes.
 */
export function userFiles(
  outRoot: string,
  name: string,
): {
  dir: string;
  key: string;
  cert: string;
  kubeconfig: string;
} {
  const dir = join(outRoot, name);
  return {
    dir,
    key: join(dir, `${name}.key`),
    cert: join(dir, `${name}.crt`),
    kubeconfig: join(dir, 'kubeconfig'),
  };
}

async function writePrivate(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  // Created 0600 so the secret is never readable by others, even for a moment; chmod covers a
  // temp file left by an interrupted run with wider rights. The rename makes the switch atomic.
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

/**
 * Writes key, certificate and kubeconfig with mode 0600 into a directory with mode 0700,
 * replacing earlier files atomically. Returns the paths written.
 */
export async function writeUserFiles(
  outRoot: string,
  name: string,
  content: { keyPem: string; certPem: string; kubeconfig: string },
): Promise<string[]> {
  const files = userFiles(outRoot, name);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await chmod(files.dir, 0o700);
  await writePrivate(files.key, content.keyPem);
  await writePrivate(files.cert, content.certPem);
  await writePrivate(files.kubeconfig, content.kubeconfig);
  return [files.key, files.cert, files.kubeconfig];
}

/** Deletes the files {@link writeUserFiles} writes (only those) and the directory if then empty. */
export async function removeUserFiles(outRoot: string, name: string): Promise<string[]> {
  const files = userFiles(outRoot, name);
  const removed: string[] = [];
  for (const path of [files.key, files.cert, files.kubeconfig]) {
    try {
      await rm(path);
      removed.push(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  await rmdir(files.dir).catch(() => undefined); // kept when other files live there
  return removed;
}

/** Which local files exist, for `remove` to list before asking. */
export async function existingUserFiles(outRoot: string, name: string): Promise<string[]> {
  const files = userFiles(outRoot, name);
  const present: string[] = [];
  for (const path of [files.key, files.cert, files.kubeconfig]) {
    if (
      await readFile(path).then(
        () => true,
        () => false,
      )
    )
      present.push(path);
  }
  return present;
}

/** The local certificate's end of validity, or null when there is no readable certificate. */
export async function localCertificateExpiry(outRoot: string, name: string): Promise<Date | null> {
  try {
    const pem = await readFile(userFiles(outRoot, name).cert, 'utf8');
    return new Date(new X509Certificate(pem).validTo);
  } catch {
    return null;
  }
}
