import { relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { EXIT } from '../../errors.js';
import { connectKube } from '../../ops/kube.js';
import { addUser, resolveClusterEndpoint } from '../../ops/user/add.js';
import { formatDuration } from '../../kube/duration.js';
import { prepareUserDir, userFiles } from '../../ops/user/files.js';
import { CLIENT_SIGNER, POD_SECURITY_LEVELS, csrName, planUser } from '../../ops/user/plan.js';
import { parseQuotaFile, quotaPreset } from '../../ops/user/quota.js';
import { defineCommand } from '../define-command.js';
import { requestLimits } from '../options/deploy-options.js';
import {
  CONNECTION_OPTIONS,
  CREDENTIAL_OPTIONS,
  checkCredentialFlags,
  credentialOptions,
  endpointOverrides,
  oneOf,
  readFlagFile,
  userName,
} from '../options/user-options.js';

/** `kprod user add NAME`: onboard a developer. */
export const userAddCommand = defineCommand({
  name: 'user add',
  summary: 'Onboard a developer: namespace, RBAC, quota, network policy, certificate, kubeconfig.',
  usage: 'NAME [options]',
  description: `Creates (or converges) namespace PREFIX+NAME labelled as a tenant with Pod Security
labels, the Role kprod-developer and its RoleBinding to user NAME, ResourceQuota kprod-quota,
LimitRange kprod-defaults and NetworkPolicy kprod-isolate; then a new private key, a client
certificate (CN=NAME, O=each --group) signed through the CertificateSigningRequest API or locally
with --ca-cert/--ca-key, and a kubeconfig in --out DIR/NAME/ (mode 0600).
Every step is idempotent: run it again to converge or to finish after a failure.`,
  positionals: { min: 1, max: 1 },
  options: {
    ...CONNECTION_OPTIONS,
    ...CREDENTIAL_OPTIONS,
    'bind-groups': {
      type: 'boolean',
      description: 'Also bind the --group groups in the RoleBinding (every member gets access).',
    },
    'quota-preset': {
      type: 'string',
      default: 'guide',
      valueName: 'NAME',
      description: 'ResourceQuota preset: guide, small or large.',
    },
    'quota-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'ResourceQuota hard limits from a YAML map (overrides --quota-preset).',
    },
    'no-network-policy': {
      type: 'boolean',
      description: 'Do not isolate the namespace (deletes kprod-isolate if present).',
    },
    'pss-level': {
      type: 'string',
      default: 'restricted',
      valueName: 'LEVEL',
      description: 'Pod Security level enforced: restricted, baseline or privileged.',
    },
    'dry-run': {
      type: 'boolean',
      description: 'Print the objects and steps without contacting the cluster.',
    },
  },
  examples: [
    'kprod user add alice --group dev',
    'kprod user add bob --ttl 24h --quota-preset small',
    'kprod user add carol --ca-cert ca.crt --ca-key ca.key --server https://10.0.0.1:6443',
    'kprod user add dave --dry-run',
  ],
  async run({ options, positionals, io }) {
    const name = userName(positionals);
    const groups = options.group ?? [];
    const quota =
      options['quota-file'] === undefined
        ? quotaPreset(options['quota-preset'])
        : parseQuotaFile(
            await readFlagFile(io, '--quota-file', options['quota-file']),
            options['quota-file'],
          );
    const plan = planUser({
      name,
      namespacePrefix: options['namespace-prefix'],
      groups,
      bindGroups: options['bind-groups'] === true,
      quota,
      networkPolicy: options['no-network-policy'] !== true,
      podSecurity: oneOf('--pss-level', options['pss-level'], POD_SECURITY_LEVELS),
    });
    const flags = await checkCredentialFlags(io, options);
    const outRoot = resolve(io.cwd, options.out);
    const files = userFiles(outRoot, name);
    const shown = (path: string): string => relative(io.cwd, path) || '.';
    if (options['dry-run'] === true) {
      io.stdout.write(`# kprod user add ${name} --dry-run: nothing is changed\n`);
      for (const planned of plan.objects) io.stdout.write(`---\n${stringify(planned.object)}`);
      for (const ref of plan.absent) {
        io.stdout.write(`# delete if present: ${ref.plural}/${ref.name} -n ${plan.namespace}\n`);
      }
      const key = flags.keyType === 'ecdsa' ? 'ECDSA P-256' : `RSA ${flags.rsaBits}`;
      const subject = [`CN=${name}`, ...groups.map((g) => `O=${g}`)].join(', ');
      const signer =
        flags.localCa === undefined
          ? `certificatesigningrequest/${csrName(name)} (signer ${CLIENT_SIGNER}), approved by kprod`
          : 'the CA of --ca-cert, locally';
      io.stdout.write(
        `# new ${key} key; certificate ${subject} valid ${formatDuration(flags.ttlSeconds * 1000)}, signed by ${signer}\n` +
          `# files (mode 0600): ${shown(files.key)}, ${shown(files.cert)}, ${shown(files.kubeconfig)}\n`,
      );
      return EXIT.OK;
    }
    await prepareUserDir(outRoot, name, shown);
    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      ...requestLimits(options['request-timeout'], flags.timeoutMs),
      env: io.env,
    });
    const endpoint = resolveClusterEndpoint(
      kube.cluster,
      endpointOverrides(flags, options, kube.cluster.caData !== undefined),
    );
    const result = await addUser(
      kube,
      {
        plan,
        credentials: credentialOptions(name, groups, flags, io.signal),
        endpoint,
        outRoot,
        onProgress: (line) => io.stdout.write(`${line}\n`),
        signal: io.signal,
      },
      `kprod user add ${name}`,
    );
    io.stdout.write(
      `kubeconfig written to ${shown(files.kubeconfig)} (context ${result.context}, namespace ${plan.namespace})\n` +
        `certificate valid until ${result.notAfter.toISOString()}; renew with: kprod user kubeconfig ${name}\n` +
        `give ${name} only that kubeconfig: it holds their private key\n`,
    );
    return EXIT.OK;
  },
});
