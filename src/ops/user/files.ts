import { X509Certificate, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import {
  access,
  chmod,
  lstat,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
} from 'node:fs/promises';
import { join } from 'node:path';
import { KprodError } from '../../errors.js';
import { escapeControl } from '../../kube/escape-control.js';

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

/**
 * Writes a secret file: a temporary name nobody can guess, created exclusively (an existing file
 * or a planted symlink there is an error, never followed) with mode 0600 from the first byte,
 * then renamed over the final name, which replaces a link there instead of following it.
 */
async function writePrivate(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(12).toString('hex')}.tmp`;
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(temp, flags, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

/** The --out problems a user can fix, as USER_OUT_INVALID (exit 2). */
function outInvalid(message: string): KprodError {
  return new KprodError('USER_OUT_INVALID', escapeControl(message));
}

/**
 * Checks and creates `<out>/<name>/` (mode 0700) before anything is written on the cluster:
 * `--out` and the user directory must be real directories (a symlink at the user directory could
 * send the private key elsewhere), writable, and the file names free of directories. `shown`
 * renders a path for messages.
 */
export async function prepareUserDir(
  outRoot: string,
  name: string,
  shown: (path: string) => string,
): Promise<void> {
  const files = userFiles(outRoot, name);
  const kindOf = async (path: string): Promise<'missing' | 'dir' | 'link' | 'other'> => {
    try {
      const stat = await lstat(path);
      return stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'other';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return 'missing';
      if (code === 'ENOTDIR') return 'other';
      throw outInvalid(`cannot inspect ${shown(path)}: ${code ?? (error as Error).message}`);
    }
  };
  // --out itself may be a symlink the user made on purpose; it must lead to a directory.
  const root = await stat(outRoot).then(
    (found) => (found.isDirectory() ? 'dir' : 'other'),
    (error: unknown) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'other'),
  );
  if (root === 'other') throw outInvalid(`--out ${shown(outRoot)} is not a directory`);
  const dir = await kindOf(files.dir);
  if (dir === 'link') {
    throw outInvalid(
      `${shown(files.dir)} is a symbolic link; kprod writes private keys only into a real directory of its own`,
    );
  }
  if (dir === 'other') throw outInvalid(`${shown(files.dir)} is not a directory`);
  for (const path of [files.key, files.cert, files.kubeconfig]) {
    if ((await kindOf(path)) === 'dir') throw outInvalid(`${shown(path)} is a directory`);
  }
  try {
    await mkdir(files.dir, { recursive: true, mode: 0o700 });
    await chmod(files.dir, 0o700);
    await access(files.dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw outInvalid(`cannot create ${shown(files.dir)} (mode 0700): ${code}`);
  }
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
  await prepareUserDir(outRoot, name, (path) => path);
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
