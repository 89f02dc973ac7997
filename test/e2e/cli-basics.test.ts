import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKprod } from '../support/run-kprod.js';

describe('kprod as a new user meets it', () => {
  it('should show a command help with kprod help COMMAND', async () => {
    const viaHelp = await runKprod(['help', 'rollout', 'status']);
    const viaFlag = await runKprod(['rollout', 'status', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout.split('\n')[0]).toBe(
      "Usage: kprod rollout status deploy/NAME | sts/NAME | ds/NAME (or kubectl's deploy NAME) [options]",
    );
    expect((await runKprod(['help', 'check'])).stdout.split('\n')[0]).toBe(
      'Usage: kprod check [PATHS...] [-k DIR] [-] [options]',
    );
  });

  it.each([['version'], ['--version'], ['-V'], ['-v']])(
    'should print the version for %s',
    async (arg) => {
      expect(await runKprod([arg])).toEqual({ code: 0, stdout: '0.0.0-test\n', stderr: '' });
    },
  );

  it('should list --version, --debug and --no-color in the top-level help', async () => {
    const { stdout } = await runKprod(['--help']);
    const options = stdout.slice(stdout.indexOf('\nOptions:\n'));
    expect(options).toBe(
      [
        '',
        'Options:',
        "  -h, --help         Show this help (`kprod help COMMAND` shows a command's).",
        '  -V, -v, --version  Print the version (also `kprod version`).',
        '      --debug        Show stack traces and internal details on errors (any command).',
        '      --no-color     No colours (also NO_COLOR=1; FORCE_COLOR=1 forces them).',
        '',
        "Run 'kprod <command> --help' for a command's options.",
        '',
      ].join('\n'),
    );
  });

  it('should name an unknown command once and suggest the closest', async () => {
    expect(await runKprod(['chekc'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "kprod: KPROD_USAGE: unknown command 'chekc' for 'kprod' (did you mean 'check'?)\n" +
        "  hint: Run 'kprod --help' to list the commands.\n",
    });
    expect((await runKprod(['rollout', 'stats'])).stderr).toBe(
      "kprod: KPROD_USAGE: unknown command 'stats' for 'kprod rollout' (did you mean 'status'?)\n" +
        "  hint: Run 'kprod rollout --help' to list the commands.\n",
    );
  });

  it('should word option errors plainly', async () => {
    expect((await runKprod(['check', '--bogus', 'x.yaml'])).stderr).toBe(
      'kprod: KPROD_USAGE: kprod check: unknown option --bogus (to pass an argument that starts with "-", put it after --)\n' +
        '  hint: Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)\n',
    );
    expect((await runKprod(['check', 'x.yaml', '--kube-version'])).stderr).toBe(
      'kprod: KPROD_USAGE: kprod check: option --kube-version needs a value\n' +
        '  hint: Usage: kprod check [PATHS...] [-k DIR] [-] [options] (see --help)\n',
    );
  });

  it("should take a bare --dry-run as server and kubectl's KIND NAME form", async () => {
    const home = mkdtempSync(join(tmpdir(), 'kprod-cli-'));
    // Both forms get past argument parsing to the kubeconfig lookup.
    for (const argv of [
      ['rollout', 'undo', 'deploy', 'web', '--dry-run'],
      ['rollout', 'undo', 'deploy/web', '--dry-run', 'server'],
      ['rollout', 'status', 'deploy', 'web'],
    ]) {
      const run = await runKprod(argv, { env: { HOME: home } });
      expect(run.stderr.split('\n')[0]).toBe(
        `kprod: KUBE_CONFIG_NOT_FOUND: no kubeconfig found: KUBECONFIG is not set and ${home}/.kube/config does not exist`,
      );
    }
    expect((await runKprod(['rollout', 'undo', 'deploy/web', '--dry-run', 'client'])).stderr).toBe(
      'kprod: KPROD_USAGE: --dry-run must be server or none, got "client"\n' +
        '  hint: kprod has no client-side dry run: the server validates and defaults with --dry-run=server.\n',
    );
  });

  it('should accept -o human for user list like every other command', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kprod-cli-'));
    const run = await runKprod(['user', 'list', '-o', 'human'], { env: { HOME: home } });
    expect(run.stderr.split('\n')[0]).toMatch(/^kprod: KUBE_CONFIG_NOT_FOUND: /);
  });

  it('should suggest the rule meant in .kprod.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-cli-'));
    writeFileSync(join(dir, '.kprod.yaml'), 'severity:\n  image-tag-latests: off\n');
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: x }\n',
    );
    const run = await runKprod(['check', 'cm.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'kprod: CHECK_CONFIG_INVALID: .kprod.yaml:2: unknown rule "image-tag-latests" (did you mean "image-tag-latest"?) (docs/rules.md lists the rules)',
    );
  });

  it('should colour check output with FORCE_COLOR and not with --no-color', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-cli-'));
    writeFileSync(
      join(dir, 'svc.yaml'),
      'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: x }\nspec:\n  ports: [{ port: "80" }]\n',
    );
    const forced = await runKprod(['check', 'svc.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const plain = await runKprod(['check', 'svc.yaml', '--no-color'], {
      cwd: dir,
      env: { FORCE_COLOR: '1' },
    });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toContain('schema-invalid');
  });

  it('should complete commands, subcommands and options in bash', async () => {
    const script = (await runKprod(['completion', 'bash'])).stdout;
    const dir = mkdtempSync(join(tmpdir(), 'kprod-cli-'));
    writeFileSync(join(dir, 'kprod.bash'), script);
    const complete = (...words: string[]): string =>
      execFileSync(
        'bash',
        [
          '-c',
          `source ${join(dir, 'kprod.bash')}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _kprod; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete('kprod', 'roll')).toBe('rollout');
    expect(complete('kprod', 'rollout', 'st')).toBe('status');
    expect(complete('kprod', 'check', 'deploy/base', '--kube-v')).toBe('--kube-version');
    expect(complete('kprod', 'comp')).toBe('completion');
  });

  it('should print zsh and fish completions and refuse other shells', async () => {
    const zsh = await runKprod(['completion', 'zsh']);
    expect(zsh.stdout.split('\n')[0]).toBe('autoload -U +X bashcompinit && bashcompinit');
    const fish = (await runKprod(['completion', 'fish'])).stdout.split('\n');
    expect(fish).toContain(
      "complete -c kprod -n '__fish_seen_subcommand_from rollout' -a 'status undo pause resume history'",
    );
    expect(fish).toContain(
      "complete -c kprod -n '__fish_seen_subcommand_from check' -l kube-version",
    );
    expect(await runKprod(['completion', 'tcsh'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kprod: KPROD_USAGE: kprod completion: unknown shell "tcsh"\n  hint: Use one of: bash, zsh, fish.\n',
    });
  });
});
