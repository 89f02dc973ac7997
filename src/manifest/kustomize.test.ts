import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKustomize } from './kustomize.js';

function kustomization(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-kustomize-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('buildKustomize', () => {
  it('should build with kubectl kustomize and give each object its line in the output', async () => {
    const dir = kustomization({
      'kustomization.yaml': 'namespace: shop\nresources: [cm.yaml]\n',
      'cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n',
    });
    const objects = await buildKustomize(dir);
    expect(
      objects.map((o) => [o.object.metadata?.name, o.object.metadata?.namespace, o.file, o.line]),
    ).toEqual([
      ['a', 'shop', `kustomize:${dir}`, 1],
      ['b', 'shop', `kustomize:${dir}`, 7],
    ]);
    expect(objects[1]!.lineOf(['metadata', 'name'])).toBe(10);
  });

  it('should report a failing build with kubectl message as KUSTOMIZE_FAILED', async () => {
    const dir = kustomization({ 'kustomization.yaml': 'resources: [missing.yaml]\n' });
    const error = await buildKustomize(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KUSTOMIZE_FAILED', exitCode: 2 });
    expect((error as Error).message).toMatch(
      new RegExp(`^kustomize ${dir}: .*missing\\.yaml`, 's'),
    );
  });

  it('should report a missing kubectl as KUSTOMIZE_FAILED', async () => {
    await expect(buildKustomize('.', { kubectl: 'kubectl-does-not-exist' })).rejects.toMatchObject({
      code: 'KUSTOMIZE_FAILED',
      message: 'kustomize .: kubectl-does-not-exist was not found on PATH',
    });
  });
});
