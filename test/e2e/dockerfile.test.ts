import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (continuations joined, comments dropped). */
function parseDockerfile(text: string): { globalArgs: Map<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      const from = image.replace(/\$\{(\w+)\}/g, (_m, arg: string) => globalArgs.get(arg) ?? '');
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [name = '', value = ''] = args.split('=');
      globalArgs.set(name, value);
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return { globalArgs, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1)!;
const builders = dockerfile.stages.slice(0, -1);
const of = (stage: Stage, keyword: string): string[] =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Dockerfile', () => {
  it('should build in a full Node.js image with npm ci and tsc', () => {
    expect(builders.map((stage) => stage.from)).toEqual(['node:24-bookworm', 'node:24-bookworm']);
    const build = dockerfile.stages.find((stage) => stage.name === 'build')!;
    expect(of(build, 'RUN')).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund',
      'npm run build',
    ]);
    const deps = dockerfile.stages.find((stage) => stage.name === 'deps')!;
    expect(of(deps, 'RUN')).toEqual(['npm ci --omit=dev --ignore-scripts --no-audit --no-fund']);
  });

  it('should run on a minimal image of the same Node.js LTS major, with no RUN, npm or sources', () => {
    expect(runtime.from).toBe('gcr.io/distroless/nodejs24-debian12:nonroot');
    expect(of(runtime, 'RUN')).toEqual([]);
    expect(of(runtime, 'COPY')).toEqual([
      '--from=deps /src/package.json ./package.json',
      '--from=deps /src/node_modules ./node_modules',
      '--from=build /src/dist ./dist',
    ]);
  });

  it('should run as the numeric non-root user 65532', () => {
    expect(of(runtime, 'USER')).toEqual(['65532:65532']);
  });

  it('should label the source and the git revision from build arguments', () => {
    const labels = of(runtime, 'LABEL').join(' ');
    expect(of(runtime, 'ARG')).toEqual([
      'GIT_COMMIT=unknown',
      'SOURCE_URL=https://github.com/kprod-dev/kprod',
    ]);
    expect(labels).toContain('org.opencontainers.image.source="${SOURCE_URL}"');
    expect(labels).toContain('org.opencontainers.image.revision="${GIT_COMMIT}"');
    expect(of(runtime, 'ENV').join(' ')).toContain('GIT_COMMIT=${GIT_COMMIT}');
  });

  it('should start multiroute, with every program of the image present as a bin', () => {
    expect(of(runtime, 'ENTRYPOINT')).toEqual(['["node", "/app/dist/service/main.js"]']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin).toMatchObject({
      multiroute: 'dist/service/main.js',
      'multiroute-probe': 'dist/clients/probe-client.js',
      'multiroute-two-port': 'dist/clients/two-port-server.js',
    });
    for (const file of [
      'service/main.ts',
      'clients/probe-client.ts',
      'clients/two-port-server.ts',
    ]) {
      expect(readdirSync(join(ROOT, 'src', file, '..'))).toContain(file.split('/')[1]);
    }
  });

  it('should work on a read-only root file system: the programs write no files', () => {
    const sources = ['service', 'clients'].flatMap((dir) =>
      readdirSync(join(ROOT, 'src', dir))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => readFileSync(join(ROOT, 'src', dir, name), 'utf8')),
    );
    const writes = /\b(writeFile|appendFile|mkdir|createWriteStream|mkdtemp|rename|unlink)\w*\(/;
    expect(sources.filter((text) => writes.test(text))).toEqual([]);
    expect(of(runtime, 'VOLUME')).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('should keep local builds, dependencies and git history out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', '.kprod-tmp']));
  });
});
