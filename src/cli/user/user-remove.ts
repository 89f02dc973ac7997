import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EXIT, KprodError } from '../../errors.js';
import { connectKube } from '../../ops/kube.js';
import { validateUser } from '../../ops/user/plan.js';
import {
  REVOCATION_NOTE,
  describeRemoval,
  executeRemoval,
  observeRemoval,
} from '../../ops/user/remove.js';
import { type CliIO, defineCommand } from '../define-command.js';
import { requestLimits } from '../options/deploy-options.js';
import { CONNECTION_OPTIONS, userName } from '../options/user-options.js';

/** Reads one answer line from a terminal; an empty answer or end of input means no. */
async function confirm(io: CliIO, question: string): Promise<boolean> {
  io.stderr.write(question);
  const rl = createInterface({ input: io.stdin, terminal: false });
  const answer = await new Promise<string>((done) => {
    rl.once('line', done);
    rl.once('close', () => {
      done('');
    });
  });
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

/** `kprod user remove NAME`: offboard a developer. */
export const userRemoveCommand = defineCommand({
  name: 'user remove',
  summary: "Delete a user's bindings, namespace and local credential files, after confirmation.",
  usage: 'NAME [--yes] [options]',
  description: `Lists what will be deleted and asks on a terminal; without a terminal it needs --yes.
Deletes the RoleBinding first (access ends at once), then the CertificateSigningRequest, the
namespace with everything in it, and the key, certificate and kubeconfig kprod wrote in
--out DIR/NAME/. Certificates cannot be revoked in Kubernetes: keep --ttl short.`,
  positionals: { min: 1, max: 1 },
  options: {
    ...CONNECTION_OPTIONS,
    yes: { type: 'boolean', short: 'y', description: 'Delete without asking.' },
  },
  examples: ['kprod user remove alice', 'kprod user remove alice --yes'],
  async run({ options, positionals, io }) {
    const name = userName(positionals);
    validateUser(name, options['namespace-prefix'], []);
    const kube = connectKube({
      kubeconfig: options.kubeconfig,
      context: options.context,
      ...requestLimits(options['request-timeout']),
      env: io.env,
    });
    const outRoot = resolve(io.cwd, options.out);
    const plan = await observeRemoval(kube, name, options['namespace-prefix'], outRoot, io.signal);
    io.stdout.write(`${describeRemoval(plan).join('\n')}\n`);
    if (options.yes !== true) {
      if ((io.stdin as { isTTY?: boolean }).isTTY !== true) {
        throw new KprodError(
          'USER_CONFIRMATION_REQUIRED',
          `kprod user remove ${name}: refusing to delete without confirmation (stdin is not a terminal)`,
          { hint: `Check the list above, then run: kprod user remove ${name} --yes` },
        );
      }
      if (!(await confirm(io, `Delete all of this for ${name}? [y/N] `))) {
        io.stdout.write('nothing deleted\n');
        return EXIT.FAILED;
      }
    }
    await executeRemoval(kube, plan, outRoot, (line) => io.stdout.write(`${line}\n`), io.signal);
    io.stdout.write(`${REVOCATION_NOTE}\n`);
    return EXIT.OK;
  },
});
