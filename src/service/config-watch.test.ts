import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startInProcessService,
  waitFor,
  type InProcessService,
} from '../../test/support/service-in-process.js';
import { hashConfig } from './routes-config.js';
import { watchConfigFile, type ConfigWatch } from './config-watch.js';

let stamp = 0;

/**
 * Lays out a directory the way kubelet mounts a ConfigMap: `..<timestamp>/config.yml`, a `..data`
 * symlink to it and `config.yml -> ..data/config.yml`.
 */
function kubeletVolume(text: string): { dir: string; path: string; update(next: string): void } {
  const dir = mkdtempSync(join(tmpdir(), 'multiroute-volume-'));
  const writeVersion = (content: string): string => {
    stamp += 1;
    const name = `..2026_11_26_10_00_00.${String(stamp).padStart(9, '0')}`;
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'config.yml'), content);
    return name;
  };
  symlinkSync(writeVersion(text), join(dir, '..data'));
  symlinkSync('..data/config.yml', join(dir, 'config.yml'));
  return {
    dir,
    path: join(dir, 'config.yml'),
    // kubelet's atomic update: new timestamped dir, `..data_tmp` symlink, rename over `..data`.
    update(next) {
      symlinkSync(writeVersion(next), join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    },
  };
}

const V1 = 'routes:\n  /route1:\n    response: one\n';
const V2 = 'routes:\n  /route1:\n    response: two\n  /new:\n    response: added\n';
const BROKEN = 'routes:\n  /route1:\n    response: three\n    duration: 900\n';

describe('watchConfigFile', () => {
  let watch: ConfigWatch | undefined;
  afterEach(() => {
    watch?.close();
  });

  it('should report the new content after a ..data symlink swap, and not a no-op swap', async () => {
    const volume = kubeletVolume(V1);
    const changes: string[] = [];
    watch = watchConfigFile({
      path: volume.path,
      initialHash: hashConfig(V1),
      onChange: (text) => {
        changes.push(text);
      },
      onError: (error) => {
        throw error;
      },
      debounceMs: 10,
      pollMs: 100,
    });
    volume.update(V1);
    await watch.check();
    expect(changes).toEqual([]);
    volume.update(V2);
    await waitFor(() => changes.length === 1, 'the swap to be noticed');
    expect(changes).toEqual([V2]);
  });

  it('should notice the swap by polling alone', async () => {
    const volume = kubeletVolume(V1);
    const changes: string[] = [];
    watch = watchConfigFile({
      path: join(volume.dir, 'config.yml'),
      initialHash: hashConfig(V1),
      onChange: (text) => {
        changes.push(text);
      },
      onError: () => undefined,
      events: false,
      debounceMs: 10,
      pollMs: 50,
    });
    volume.update(V2);
    await waitFor(() => changes.length === 1, 'the poll to notice the swap');
    expect(changes).toEqual([V2]);
  });
});

describe('startService hot reload', () => {
  let svc: InProcessService | undefined;
  afterEach(async () => {
    await svc?.close();
  });

  const body = async (path: string): Promise<string> => (await fetch(`${svc!.url}${path}`)).text();
  const metric = async (line: string): Promise<boolean> =>
    (await body('/metrics')).split('\n').includes(line);

  it('should swap routes on a valid change and keep them on an invalid one', async () => {
    const volume = kubeletVolume(V1);
    svc = await startInProcessService({ configPath: volume.path });
    expect(await body('/route1')).toBe('[v1] Hello, You are at /route1, Got: one');
    expect(await metric(`multiroute_config_info{hash="${hashConfig(V1)}"} 1`)).toBe(true);

    volume.update(V2);
    await waitFor(
      async () => (await body('/route1')) === '[v1] Hello, You are at /route1, Got: two',
      'the new routes',
    );
    expect(await body('/new')).toBe('[v1] Hello, You are at /new, Got: added');
    expect(await metric('multiroute_config_reloads_total{result="success"} 1')).toBe(true);
    expect(await metric(`multiroute_config_info{hash="${hashConfig(V2)}"} 1`)).toBe(true);

    volume.update(BROKEN);
    await waitFor(
      () => metric('multiroute_config_reloads_total{result="failure"} 1'),
      'the failed reload to be counted',
    );
    expect(await body('/route1')).toBe('[v1] Hello, You are at /route1, Got: two');
    expect(await metric(`multiroute_config_info{hash="${hashConfig(V2)}"} 1`)).toBe(true);
    const failure = svc
      .records()
      .find((r) => r['msg'] === 'config reload failed: keeping the routes in service');
    expect(failure?.['problems']).toEqual([
      `${volume.path}:4: routes./route1.duration: must be at most 300 seconds`,
    ]);
  });
});
