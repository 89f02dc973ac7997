/**
 * `kprod image build`: builds the project's image without a container engine and pushes it.
 * The implementation is loaded only when the command runs.
 */
import { join } from 'node:path';
import { EXIT, KprodError } from '../errors.js';
import { formatImageReference, parseImageReference } from '../kube/image-reference.js';
import {
  buildNumberFromEnv,
  commitFromEnv,
  imageTag,
  readGitShortHash,
} from '../ops/image/image-tag.js';
import { defineCommand } from './define-command.js';
import { dockerConfigPath } from './options/deploy-options.js';
import { parseOutputFormat } from './options/output-events.js';

/** Layers of earlier builds, beside npm's own caches (npm ci empties node_modules). */
const CACHE_DIR = 'node_modules/.cache/kprod-image';

/** Source repository URL from the CI environment (GitHub Actions, GitLab CI), if any. */
function sourceUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repository = env['GITHUB_REPOSITORY'];
  if (server !== undefined && repository !== undefined && server !== '' && repository !== '') {
    return `${server}/${repository}`;
  }
  const gitlab = env['CI_PROJECT_URL'];
  return gitlab === undefined || gitlab === '' ? undefined : gitlab;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** `kprod image build`. */
export const buildCommand = defineCommand({
  name: 'image build',
  summary:
    'Build the project image without a container engine and push it (prints REF@sha256:...).',
  usage: 'REF [options]',
  description: `Run in the built project (after \`npm ci\`): the image is the base image plus two layers,
the production packages of node_modules (what \`npm ci --omit=dev\` installs) and dist/ with
package.json, under /app. User 65532:65532, entrypoint \`node /app/<script>\` of the --program,
NODE_ENV=production, OCI labels (source, revision, version, created = the commit time).
Reproducible: file times, owners and order are fixed, so one commit gives one digest.
REF is registry/name[:tag]; without a tag the tag is \`kprod image tag\`'s <git hash>-<build>.
Blobs the registry has are not sent again; base layers are mounted when the base lives in the
same registry. Credentials as for \`kprod image resolve\`. The last line is REF@sha256:...`,
  options: {
    base: {
      type: 'string',
      valueName: 'REF',
      description: 'Base image (default: the pinned distroless Node.js image, see docs/image.md).',
    },
    platform: {
      type: 'string',
      default: 'linux/amd64',
      valueName: 'LIST',
      description: 'os/arch[/variant], comma-separated; more than one pushes an OCI index.',
    },
    program: {
      type: 'string',
      default: 'multiroute',
      valueName: 'NAME',
      description: 'The package.json "bin" program to run as entrypoint.',
    },
    source: {
      type: 'string',
      valueName: 'URL',
      description: 'Source repository URL label (default: from GitHub or GitLab CI variables).',
    },
    'build-number': {
      type: 'string',
      valueName: 'N',
      description: 'Build number of the default tag (default: from CI variables).',
    },
    'no-cache': {
      type: 'boolean',
      description: 'Write every layer anew instead of reusing node_modules/.cache/kprod-image.',
    },
    output: {
      type: 'string',
      short: 'o',
      default: 'human',
      valueName: 'FORMAT',
      description: 'human (progress, then REF@digest) or json (one object).',
    },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'kprod image build ghcr.io/acme/multiroute            # tag <git hash>-<build>',
    'kprod image build 127.0.0.1:5000/multiroute:dev --base 127.0.0.1:5000/base:1',
    'kprod image build ghcr.io/acme/multiroute:1.2.0 --platform linux/amd64,linux/arm64 -o json',
  ],
  async run({ options, positionals, io }) {
    // Complete and validate everything local before any registry is asked.
    const format = parseOutputFormat(options.output);
    const [{ buildImage }, { DEFAULT_BASE_IMAGE }, { parsePlatform }] = await Promise.all([
      import('../ops/image/build-image.js'),
      import('../ops/image/default-base.js'),
      import('../ops/image/oci-image.js'),
    ]);
    const platforms = options.platform.split(',').map((text) => {
      const platform = parsePlatform(text);
      if (platform === undefined) {
        throw new KprodError(
          'KPROD_USAGE',
          `--platform "${text}" is not os/arch[/variant] (e.g. linux/amd64)`,
        );
      }
      return platform;
    });
    const base = options.base ?? DEFAULT_BASE_IMAGE;
    parseImageReference(base);
    const written = positionals[0] ?? '';
    const target = parseImageReference(written);
    if (target.digest !== undefined) {
      throw new KprodError('KPROD_USAGE', `${written}: push to a tag, not a digest`);
    }
    // parseImageReference defaults a missing tag to "latest"; a build's default is its own tag.
    const hasTag = /:[^/]+$/.test(written);
    if (!hasTag) {
      const hash = (await readGitShortHash(io.cwd, 7)) ?? commitFromEnv(io.env, 7);
      const buildNumber = options['build-number'] ?? buildNumberFromEnv(io.env)?.value;
      if (hash === undefined || buildNumber === undefined) {
        throw new KprodError(
          'IMAGE_TAG_UNAVAILABLE',
          `${written} has no tag and ${hash === undefined ? 'no git commit' : 'no build number'} was found for <git hash>-<build>`,
          { hint: 'Give a tag (REF:TAG), or --build-number N inside a git checkout.' },
        );
      }
      target.tag = imageTag({ gitShortHash: hash, buildNumber });
    }
    const result = await buildImage({
      dir: io.cwd,
      target,
      base,
      platforms,
      program: options.program,
      sourceUrl: options.source ?? sourceUrlFromEnv(io.env),
      cacheDir: options['no-cache'] === true ? undefined : join(io.cwd, CACHE_DIR),
      dockerConfig: dockerConfigPath(io.env),
      env: io.env,
      signal: io.signal,
      onStep(step) {
        if (format === 'json') return;
        if (step.step === 'base') {
          io.stdout.write(`base ${step.name}@${step.digest} (${step.platforms.join(', ')})\n`);
        } else if (step.step === 'layer') {
          io.stdout.write(
            `layer ${step.layer.name} ${step.layer.digest} ${megabytes(step.layer.size)} (${step.files} files${step.fromCache ? ', cached' : ''})\n`,
          );
        } else {
          io.stdout.write(
            `blobs ${step.blobs.uploaded} uploaded, ${step.blobs.mounted} mounted, ${step.blobs.present} already there\n`,
          );
        }
      },
    });
    io.stdout.write(
      format === 'json'
        ? JSON.stringify(result) + '\n'
        : `${formatImageReference({ ...target, digest: result.digest })}\n`,
    );
    return EXIT.OK;
  },
});
