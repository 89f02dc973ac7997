import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KprodError } from '../../errors.js';
import type { CredentialOptions } from '../../ops/user/credentials.js';
import type { CliIO, OptionSpec } from '../define-command.js';
import { REQUEST_TIMEOUT_OPTION } from './deploy-options.js';

/** Options shared by every `kprod user` subcommand. */
export const CONNECTION_OPTIONS = {
  kubeconfig: {
    type: 'string',
    valueName: 'FILE',
    description: 'Kubeconfig of the admin (default: KUBECONFIG or ~/.kube/config).',
  },
  context: { type: 'string', valueName: 'NAME', description: 'Kubeconfig context to use.' },
  'request-timeout': REQUEST_TIMEOUT_OPTION,
  'namespace-prefix': {
    type: 'string',
    default: 'ns-',
    valueName: 'PREFIX',
    description: 'Tenant namespaces are PREFIX + NAME.',
  },
  out: {
    type: 'string',
    default: 'kprod-users',
    valueName: 'DIR',
    description: 'Local credentials live in DIR/NAME/ (key, certificate, kubeconfig).',
  },
} as const satisfies Record<string, OptionSpec>;

/** Options of the commands that issue a certificate and kubeconfig (`add`, `kubeconfig`). */
export const CREDENTIAL_OPTIONS = {
  group: {
    type: 'string',
    multiple: true,
    valueName: 'GROUP',
    description: 'Group written as O= into the certificate.',
  },
  'key-type': {
    type: 'string',
    default: 'ecdsa',
    valueName: 'TYPE',
    description: 'Private key type: ecdsa (P-256) or rsa.',
  },
  'rsa-bits': {
    type: 'string',
    default: '2048',
    valueName: 'N',
    description: 'RSA key size, at least 2048.',
  },
  ttl: {
    type: 'string',
    default: '7d',
    valueName: 'DURATION',
    description: 'Certificate lifetime (CSR expirationSeconds), e.g. 12h, 7d; at least 10m.',
  },
  timeout: {
    type: 'string',
    default: '2m',
    valueName: 'DURATION',
    description:
      'How long the whole command may take, waiting for the cluster to sign included (exit 4).',
  },
  'ca-cert': {
    type: 'string',
    valueName: 'FILE',
    description: 'Sign locally with this cluster CA certificate (needs --ca-key).',
  },
  'ca-key': { type: 'string', valueName: 'FILE', description: 'Private key of --ca-cert.' },
  server: {
    type: 'string',
    valueName: 'URL',
    description: 'API server URL for the kubeconfig (default: the admin context).',
  },
  ca: {
    type: 'string',
    valueName: 'FILE',
    description: 'Cluster CA certificate for the kubeconfig (default: the admin context).',
  },
} as const satisfies Record<string, OptionSpec>;

/** Reads a file named by a flag; an unreadable file is KPROD_INPUT_UNREADABLE (exit 2). */
export async function readFlagFile(io: CliIO, flag: string, path: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new KprodError(
      'KPROD_INPUT_UNREADABLE',
      `cannot read ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Checks a flag's value against a list; KPROD_USAGE otherwise. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new KprodError('KPROD_USAGE', `${flag} "${value}" is not one of ${allowed.join(', ')}`);
}

/** The user name positional, checked later by the plan. */
export function userName(positionals: readonly string[]): string {
  return positionals[0] ?? '';
}

/** Parsed values of {@link CREDENTIAL_OPTIONS}. */
export interface CredentialFlags {
  group?: string[] | undefined;
  'key-type': string;
  'rsa-bits': string;
  ttl: string;
  timeout: string;
  'ca-cert'?: string | undefined;
  'ca-key'?: string | undefined;
  server?: string | undefined;
  ca?: string | undefined;
}

/** Credential flags after checking: everything `issueAndWrite` needs but the cluster. */
export interface CheckedCredentialFlags {
  readonly keyType: 'ecdsa' | 'rsa';
  readonly rsaBits: number;
  readonly ttlSeconds: number;
  readonly timeoutMs: number;
  readonly localCa: { certPem: string; keyPem: string } | undefined;
  readonly server: string | undefined;
  /** PEM of --ca. */
  readonly caPem: string | undefined;
}

/** Validates the credential flags and reads the files they name. */
export async function checkCredentialFlags(
  io: CliIO,
  flags: CredentialFlags,
): Promise<CheckedCredentialFlags> {
  const { parseDuration, parseTtl } = await import('../../kube/duration.js');
  const keyType = oneOf('--key-type', flags['key-type'], ['ecdsa', 'rsa'] as const);
  const rsaBits = Number(flags['rsa-bits']);
  if (!Number.isInteger(rsaBits) || rsaBits < 2048 || rsaBits > 16384) {
    throw new KprodError(
      'KPROD_USAGE',
      `--rsa-bits "${flags['rsa-bits']}" must be a whole number from 2048 to 16384`,
      { hint: 'Keys below 2048 bits are breakable; 2048 or 3072 are the usual sizes.' },
    );
  }
  const ttlSeconds = parseTtl(flags.ttl);
  const timeoutMs = parseDuration(flags.timeout, '--timeout');
  const caCert = flags['ca-cert'];
  const caKey = flags['ca-key'];
  if ((caCert === undefined) !== (caKey === undefined)) {
    throw new KprodError('KPROD_USAGE', '--ca-cert and --ca-key go together', {
      hint: 'Give both to sign locally, or neither to use the CertificateSigningRequest API.',
    });
  }
  const localCa =
    caCert !== undefined && caKey !== undefined
      ? {
          certPem: await readFlagFile(io, '--ca-cert', caCert),
          keyPem: await readFlagFile(io, '--ca-key', caKey),
        }
      : undefined;
  if (localCa !== undefined) {
    const { checkLocalCa } = await import('../../ops/user/credentials.js');
    checkLocalCa(localCa, ttlSeconds, new Date());
  }
  const caPem = flags.ca === undefined ? undefined : await readFlagFile(io, '--ca', flags.ca);
  return {
    keyType,
    rsaBits,
    ttlSeconds,
    timeoutMs,
    localCa,
    server: flags.server,
    caPem,
  };
}

/** What to issue for `name` in `groups`, from the checked flags (`add` and `kubeconfig`). */
export function credentialOptions(
  name: string,
  groups: readonly string[],
  flags: CheckedCredentialFlags,
  signal: AbortSignal | undefined,
): CredentialOptions {
  return {
    name,
    groups,
    keyType: flags.keyType,
    rsaBits: flags.rsaBits,
    ttlSeconds: flags.ttlSeconds,
    ca: flags.localCa,
    timeoutMs: flags.timeoutMs,
    signal,
  };
}

/**
 * The kubeconfig endpoint overrides: `--server`, and as CA `--ca`, else the context's embedded CA,
 * else (signing locally) `--ca-cert`, which is then the cluster CA.
 */
export function endpointOverrides(
  flags: CheckedCredentialFlags,
  raw: CredentialFlags,
  contextHasCa: boolean,
): { server?: string; caPem?: string; caSource?: string } {
  const out: { server?: string; caPem?: string; caSource?: string } = {};
  if (flags.server !== undefined) out.server = flags.server;
  if (flags.caPem !== undefined) {
    out.caPem = flags.caPem;
    out.caSource = `--ca ${raw.ca ?? ''}`;
  } else if (!contextHasCa && flags.localCa !== undefined) {
    out.caPem = flags.localCa.certPem;
    out.caSource = `--ca-cert ${raw['ca-cert'] ?? ''}`;
  }
  return out;
}
