/**
 * `kprod image resolve` (a tag's digest through the OCI distribution API) and `kprod image tag`
 * (`<git short hash>-<build number>` from git and the CI environment); `kprod image build` lives
 * in image-build.ts.
 */
import { EXIT, KprodError } from '../errors.js';
import {
  buildNumberFromEnv,
  commitFromEnv,
  imageTag,
  readGitShortHash,
} from '../ops/image/image-tag.js';
import { resolveImageDigest } from '../ops/image/registry.js';
import { defineCommand, defineGroup } from './define-command.js';
import { buildCommand } from './image-build.js';
import { dockerConfigPath } from './options/deploy-options.js';
import { parseOutputFormat } from './options/output-events.js';

const OUTPUT = {
  type: 'string',
  short: 'o',
  default: 'human',
  valueName: 'FORMAT',
  description: 'human (the value alone) or json.',
} as const;

/** `kprod image resolve`. */
export const resolveCommand = defineCommand({
  name: 'image resolve',
  summary: 'Print the digest-pinned reference of an image tag (name:tag@sha256:...).',
  usage: 'REF [options]',
  description: `Asks the registry for the manifest digest (HEAD with the OCI and Docker manifest and index
types accepted); a multi-arch index resolves to the index digest. Credentials come from
~/.docker/config.json or $DOCKER_CONFIG/config.json (bearer token or basic auth). Loopback
registries are reached over plain HTTP.`,
  options: { output: OUTPUT },
  positionals: { min: 1, max: 1 },
  examples: [
    'kprod image resolve busybox:1.36.1',
    'kprod image resolve ghcr.io/acme/web:3f9c2ab-142 -o json',
  ],
  async run({ options, positionals, io }) {
    const format = parseOutputFormat(options.output);
    const resolved = await resolveImageDigest(positionals[0] ?? '', {
      dockerConfig: dockerConfigPath(io.env),
      env: io.env,
      signal: io.signal,
    });
    io.stdout.write(format === 'json' ? JSON.stringify(resolved) + '\n' : `${resolved.pinned}\n`);
    return EXIT.OK;
  },
});

/** `kprod image tag`. */
export const tagCommand = defineCommand({
  name: 'image tag',
  summary: 'Print the image tag <git short hash>-<build number> for this build.',
  usage: '[options]',
  description: `The hash is \`git rev-parse --short HEAD\` in the current directory (or the CI commit variable);
the build number comes from --build-number or the CI environment: GITHUB_RUN_NUMBER,
CI_PIPELINE_IID, BUILD_NUMBER, BUILDKITE_BUILD_NUMBER, CIRCLE_BUILD_NUM, DRONE_BUILD_NUMBER,
TRAVIS_BUILD_NUMBER, BITBUCKET_BUILD_NUMBER, BUILD_BUILDID (first one set).`,
  options: {
    'build-number': {
      type: 'string',
      valueName: 'N',
      description: 'Build number (default: from CI variables).',
    },
    length: {
      type: 'string',
      default: '7',
      valueName: 'N',
      description: 'Digits of the commit hash.',
    },
    output: OUTPUT,
  },
  positionals: { max: 0 },
  examples: ['docker build -t ghcr.io/acme/web:$(kprod image tag) .'],
  async run({ options, io }) {
    const format = parseOutputFormat(options.output);
    const length = Number(options.length);
    if (!Number.isInteger(length) || length < 4 || length > 40) {
      throw new KprodError('KPROD_USAGE', `--length must be 4 to 40, got "${options.length}"`);
    }
    const hash = (await readGitShortHash(io.cwd, length)) ?? commitFromEnv(io.env, length);
    if (hash === undefined) {
      throw new KprodError(
        'IMAGE_TAG_UNAVAILABLE',
        `${io.cwd} is not in a git checkout with a commit, and no CI commit variable is set`,
      );
    }
    const fromEnv = buildNumberFromEnv(io.env);
    const buildNumber = options['build-number'] ?? fromEnv?.value;
    if (buildNumber === undefined) {
      throw new KprodError(
        'IMAGE_TAG_UNAVAILABLE',
        'no build number: not in a known CI and --build-number not given',
        {
          hint: 'Pass --build-number N (e.g. your CI build counter).',
        },
      );
    }
    const tag = imageTag({ gitShortHash: hash, buildNumber });
    io.stdout.write(
      format === 'json'
        ? JSON.stringify({
            tag,
            gitShortHash: hash,
            buildNumber,
            buildNumberFrom:
              options['build-number'] === undefined ? fromEnv?.variable : '--build-number',
          }) + '\n'
        : `${tag}\n`,
    );
    return EXIT.OK;
  },
});

/** The `kprod image` group. */
export const imageGroup = defineGroup({
  name: 'image',
  summary: 'Container images: build and push, resolve a tag to its digest, make a build tag.',
  subcommands: {
    build: { summary: buildCommand.summary, load: () => Promise.resolve(buildCommand) },
    resolve: { summary: resolveCommand.summary, load: () => Promise.resolve(resolveCommand) },
    tag: { summary: tagCommand.summary, load: () => Promise.resolve(tagCommand) },
  },
});
