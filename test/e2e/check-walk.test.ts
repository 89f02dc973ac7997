import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKprod } from '../support/run-kprod.js';

const CONFIG_MAP =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: x }\ndata: { a: b }\n';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-walk-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('kprod check DIR', () => {
  it('should skip JSON files that are not Kubernetes objects, with a note', async () => {
    const dir = tree({
      'cm.yaml': CONFIG_MAP,
      'package.json': '{ "name": "web", "version": "1.0.0" }\n',
      // kprod check's own report from an earlier run names kinds, but in findings.
      'report.json': JSON.stringify({
        kubeVersion: '1.36',
        findings: [{ rule: 'x', resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'a' } }],
      }),
    });
    const run = await runKprod(['check', '.'], { cwd: dir });
    expect(run).toEqual({
      code: 0,
      stdout: 'No findings in 1 object.\n',
      stderr:
        'kprod: note: skipped package.json: no Kubernetes objects\n' +
        'kprod: note: skipped report.json: not a Kubernetes manifest (no document has apiVersion or kind)\n',
    });
  });

  it('should still refuse a file named on the command line that is not a manifest', async () => {
    const dir = tree({ 'report.json': '{ "findings": [], "kind": "report" }\n' });
    const run = await runKprod(['check', 'report.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'kprod: MANIFEST_INVALID: report.json:1: document 1 has no apiVersion, so it is not a Kubernetes object\n' +
        '  hint: Add "apiVersion:" to the object, or remove the document if it is not meant for Kubernetes.\n',
    );
  });

  it('should list every file read and skipped with --verbose', async () => {
    const dir = tree({ 'cm.yaml': CONFIG_MAP, 'notes.yaml': 'title: notes\n' });
    const run = await runKprod(['check', '.', '--verbose'], { cwd: dir });
    expect(run.stderr).toBe(
      'kprod: read cm.yaml: 1 object\n' +
        'kprod: note: skipped notes.yaml: no Kubernetes objects\n',
    );
    expect(run.code).toBe(0);
  });

  it("should skip a kustomization's patches and say to build it with -k", async () => {
    const dir = tree({
      'base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'base/cm.yaml': CONFIG_MAP,
      'overlay/kustomization.yaml':
        'resources: [../base]\npatches:\n  - path: hpa-patch.yaml\npatchesStrategicMerge:\n  - cm-patch.yaml\n',
      'overlay/hpa-patch.yaml':
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec: { minReplicas: 3 }\n',
      'overlay/cm-patch.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: x }\ndata: { a: c }\n',
    });
    const run = await runKprod(['check', '.'], { cwd: dir });
    expect(run).toEqual({
      code: 0,
      stdout: 'No findings in 1 object.\n',
      stderr:
        'kprod: note: skipped overlay/cm-patch.yaml: a patch of the kustomization in overlay (check the build with -k overlay)\n' +
        'kprod: note: skipped overlay/hpa-patch.yaml: a patch of the kustomization in overlay (check the build with -k overlay)\n',
    });
  });
});
