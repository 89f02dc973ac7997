import { resolve } from 'node:path';
import { EXIT } from '../../errors.js';
import { connectKube } from '../../ops/kube.js';
import { listTenants, renderTenantTable } from '../../ops/user/list.js';
import { defineCommand } from '../define-command.js';
import { requestLimits } from '../options/deploy-options.js';
import { CONNECTION_OPTIONS, oneOf } from '../options/user-options.js';

/** `kprod user list`: tenants, quota usage and certificate expiry. */
export const userListCommand = defineCommand({
  name: 'user list',
  summary: 'List tenants with their quota usage and local certificate expiry.',
  usage: '[options]',
  description: `Tenants are namespaces labelled kprod.dev/tenant. Quota columns show used/hard from
ResourceQuota kprod-quota; the expiry comes from --out DIR/NAME/NAME.crt when present.`,
  positionals: { max: 0 },
  options: {
    kubeconfig: CONNECTION_OPTIONS.kubeconfig,
    context: CONNECTION_OPTIONS.context,
    'request-timeout': CONNECTION_OPTIONS['request-timeout'],
    out: CONNECTION_OPTIONS.out,
    output: {
      type: 'string',
      short: 'o',
      default: 'human',
      valueName: 'FORMAT',
      description: 'human (a table; `table` is the same) or json, as every kprod command says.',
    },
  },
  examples: ['kprod user list', 'kprod user list -o json'],
  async run({ options, io }) {
    const format = oneOf('--output', options.output, ['human', 'table', 'json'] as const);
    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      ...requestLimits(options['request-timeout']),
      env: io.env,
    });
    const rows = await listTenants(kube, resolve(io.cwd, options.out), io.signal);
    if (format === 'json') io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (rows.length === 0)
      io.stdout.write('no tenants (no namespace labelled kprod.dev/tenant)\n');
    else io.stdout.write(renderTenantTable(rows, new Date()));
    return EXIT.OK;
  },
});
