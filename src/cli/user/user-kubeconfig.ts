import { relative, resolve } from 'node:path';
import { EXIT, KprodError } from '../../errors.js';
import { connectKube } from '../../ops/kube.js';
import { issueAndWrite, resolveClusterEndpoint } from '../../ops/user/add.js';
import { prepareUserDir, userFiles } from '../../ops/user/files.js';
import {
  GROUPS_ANNOTATION,
  TENANT_LABEL,
  userNamespace,
  validateUser,
} from '../../ops/user/plan.js';
import { defineCommand } from '../define-command.js';
import { requestLimits } from '../options/deploy-options.js';
import {
  CONNECTION_OPTIONS,
  CREDENTIAL_OPTIONS,
  checkCredentialFlags,
  credentialOptions,
  endpointOverrides,
  userName,
} from '../options/user-options.js';

/** `kprod user kubeconfig NAME`: renew a developer's certificate and kubeconfig. */
export const userKubeconfigCommand = defineCommand({
  name: 'user kubeconfig',
  summary: 'Issue a fresh key, certificate and kubeconfig for an existing user (renewal).',
  usage: 'NAME [options]',
  description: `Checks that the tenant namespace exists, then issues a new key and certificate and
rewrites the kubeconfig in --out DIR/NAME/. Groups default to those recorded at \`add\` time.
The previous certificate stays valid until it expires: Kubernetes cannot revoke it.`,
  positionals: { min: 1, max: 1 },
  options: { ...CONNECTION_OPTIONS, ...CREDENTIAL_OPTIONS },
  examples: ['kprod user kubeconfig alice', 'kprod user kubeconfig alice --ttl 24h'],
  async run({ options, positionals, io }) {
    const name = userName(positionals);
    const prefix = options['namespace-prefix'];
    validateUser(name, prefix, options.group ?? []);
    const flags = await checkCredentialFlags(io, options);
    const outRoot = resolve(io.cwd, options.out);
    await prepareUserDir(outRoot, name, (path) => relative(io.cwd, path) || '.');
    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      ...requestLimits(options['request-timeout'], flags.timeoutMs),
      env: io.env,
    });
    const namespace = userNamespace(name, prefix);
    const ns = await kube.getOrNull(`/api/v1/namespaces/${namespace}`, io.signal);
    if (ns?.metadata?.labels?.[TENANT_LABEL] !== name) {
      throw new KprodError(
        'USER_NOT_FOUND',
        `"${name}" has no tenant namespace ${namespace} (with label ${TENANT_LABEL}=${name})`,
      );
    }
    const recorded = ns.metadata.annotations?.[GROUPS_ANNOTATION] ?? '';
    const groups = options.group ?? recorded.split(',').filter((g) => g !== '');
    validateUser(name, prefix, groups);
    const endpoint = resolveClusterEndpoint(
      kube.cluster,
      endpointOverrides(flags, options, kube.cluster.caData !== undefined),
    );
    const result = await issueAndWrite(kube, {
      plan: { name, namespace },
      credentials: credentialOptions(name, groups, flags, io.signal),
      endpoint,
      outRoot,
      onProgress: (line) => io.stdout.write(`${line}\n`),
      signal: io.signal,
    });
    io.stdout.write(
      `kubeconfig written to ${relative(io.cwd, userFiles(outRoot, name).kubeconfig)} (context ${result.context}, namespace ${namespace})\n` +
        `certificate valid until ${result.notAfter.toISOString()}\n`,
    );
    return EXIT.OK;
  },
});
