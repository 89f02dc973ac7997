import { describe, expect, it } from 'vitest';
import { join, relative, resolve } from 'node:path';
import { patchesFor, readKustomizationTree } from './kustomization-tree.js';

const ROOT = resolve(import.meta.dirname, '../../..');

async function patchFiles(dir: string, file: string, name: string, built: string) {
  const tree = await readKustomizationTree(join(ROOT, dir));
  if (tree === undefined) throw new Error(`no kustomization in ${dir}`);
  return patchesFor(tree, join(ROOT, file), name, built).map((p) => [
    relative(ROOT, p.patch.file),
    p.names,
  ]);
}

describe('patchesFor', () => {
  it('should list the patches of the path in the order kustomize applies them', async () => {
    const fixture = 'test/fixtures/kustomize-origin';
    expect(
      await patchFiles(`${fixture}/overlay`, `${fixture}/base/app.yaml`, 'web', 'web'),
    ).toEqual([
      [`${fixture}/component/kustomization.yaml`, ['web']],
      [`${fixture}/overlay/web-latest.yaml`, ['web']],
    ]);
  });

  it('should follow the path whose name suffix leads to the built name', async () => {
    const dir = 'deploy/examples/dev-canary-ingress-nginx';
    const file = 'deploy/base/workload/deployment.yaml';
    const v2 = await patchFiles(dir, file, 'multiroute', 'multiroute-v2');
    expect(v2[0]).toEqual([
      'deploy/components/canary/v2/track.yaml',
      ['multiroute', 'multiroute-v2'],
    ]);
    expect(v2.map(([f]) => f)).not.toContain('deploy/overlays/dev/dev-settings.yaml');
    const stable = await patchFiles(dir, file, 'multiroute', 'multiroute');
    expect(stable.map(([f]) => f)).toContain('deploy/overlays/dev/dev-settings.yaml');
    expect(stable.map(([f]) => f)).not.toContain('deploy/components/canary/v2/track.yaml');
  });

  it('should give nothing for a file the build does not read', async () => {
    expect(
      await patchFiles('deploy/overlays/dev', 'deploy/overlays/prod/capacity.yaml', 'x', 'x'),
    ).toEqual([]);
  });
});
