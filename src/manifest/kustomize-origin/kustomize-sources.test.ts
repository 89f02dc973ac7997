import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildKustomize } from '../kustomize.js';
import type { FieldPath, SourceObject } from '../source-object.js';
import { locateField } from '../source-object.js';
import { buildKustomizeSources, parseOrigin, stripOrigin } from './kustomize-sources.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = 'test/fixtures/kustomize-origin';

function byName(objects: readonly SourceObject[], kind: string, name: string): SourceObject {
  const found = objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

function at(source: SourceObject, path: FieldPath): string | undefined {
  const where = locateField(source, path);
  return where === undefined ? undefined : `${where.file}:${where.line}`;
}

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('buildKustomizeSources', () => {
  it('should point objects and fields at the files they are written in', async () => {
    const objects = await buildKustomizeSources(`${FIXTURE}/overlay`, { cwd: ROOT });
    expect(objects.map((o) => `${String(o.object.kind)} ${o.file}:${o.line}`)).toEqual([
      `ConfigMap ${FIXTURE}/base/kustomization.yaml:8`,
      `Secret ${FIXTURE}/overlay/kustomization.yaml:11`,
      `Service ${FIXTURE}/base/app.yaml:1`,
      `Service ${FIXTURE}/component/metrics-service.yaml:1`,
      `Deployment ${FIXTURE}/base/app.yaml:13`,
    ]);
    const web = byName(objects, 'Deployment', 'web');
    const containers = ['spec', 'template', 'spec', 'containers'];
    // The strategic-merge patch put "web" first; the base lists it second.
    expect(at(web, ['spec', 'replicas'])).toBe(`${FIXTURE}/base/app.yaml:18`);
    expect(at(web, [...containers, 0])).toBe(`${FIXTURE}/base/app.yaml:30`);
    expect(at(web, [...containers, 0, 'image'])).toBe(`${FIXTURE}/overlay/web-latest.yaml:11`);
    expect(at(web, [...containers, 0, 'ports', 0, 'containerPort'])).toBe(
      `${FIXTURE}/base/app.yaml:34`,
    );
    // Added by the component's inline JSON patch, at index 1 before the merge reordered the list.
    expect(at(web, [...containers, 0, 'env', 0, 'value'])).toBe(
      `${FIXTURE}/component/kustomization.yaml:15`,
    );
    expect(at(web, [...containers, 1, 'image'])).toBe(`${FIXTURE}/base/app.yaml:29`);
    expect(at(web, [...containers, 0, 'resources'])).toBeUndefined();
    expect(web.relatedFiles).toEqual([
      `${FIXTURE}/component/kustomization.yaml`,
      `${FIXTURE}/overlay/web-latest.yaml`,
    ]);
    const secret = byName(objects, 'Secret', 'web-db-t9bbhg2266');
    expect(at(secret, ['data', 'password'])).toBe(`${FIXTURE}/overlay/kustomization.yaml:14`);
    const config = byName(objects, 'ConfigMap', 'web-config-btf6f9dc9c');
    expect(at(config, ['data', 'MODE'])).toBe(`${FIXTURE}/base/kustomization.yaml:10`);
  });

  it('should give the same objects as kubectl kustomize, without origin annotations', async () => {
    // The fixture, an overlay with a Secret generator, a base reused under a nameSuffix, prod.
    const targets = [
      `${FIXTURE}/overlay`,
      'deploy/overlays/dev',
      'deploy/examples/dev-canary-ingress-nginx',
      'deploy/overlays/prod',
    ];
    for (const target of targets) {
      const dir = join(ROOT, target);
      const plain = await buildKustomize(dir);
      const mapped = await buildKustomizeSources(target, { cwd: ROOT });
      expect(mapped.map((o) => o.object)).toEqual(plain.map((o) => o.object));
      expect(mapped.filter((o) => o.file.startsWith('kustomize:'))).toEqual([]);
    }
    // Eight kubectl builds: a loaded machine needs more than the default 30 s.
  }, 120_000);

  it('should leave the user tree untouched and remove its build directory', async () => {
    const tempRoot = mkdtempSync(join(tmpdir(), 'kprod-origin-test-'));
    const before = listTree(join(ROOT, FIXTURE));
    await buildKustomizeSources(`${FIXTURE}/overlay`, { cwd: ROOT, tempRoot });
    expect(listTree(join(ROOT, FIXTURE))).toEqual(before);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('should name files by absolute path when the directory is given so', async () => {
    const objects = await buildKustomizeSources(join(ROOT, FIXTURE, 'overlay'), { cwd: '/' });
    expect(objects.map((o) => o.file)[2]).toBe(join(ROOT, FIXTURE, 'base/app.yaml'));
  });

  it('should keep the plain build output lines for an object it cannot trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-origin-test-'));
    // A JSON patch renames one of two ConfigMaps of a file, so the file has no object of that name.
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'resources: [cm.yaml]\npatches:\n  - target: { kind: ConfigMap, name: b }\n    patch: \'[{"op": "replace", "path": "/metadata/name", "value": "z"}]\'\n',
    );
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n',
    );
    const objects = await buildKustomizeSources(dir, { cwd: '/' });
    expect(objects.map((o) => [o.object.metadata?.name, o.file, o.line])).toEqual([
      ['a', join(dir, 'cm.yaml'), 1],
      ['z', `kustomize:${dir}`, 6],
    ]);
    expect(objects[1]?.object.metadata?.annotations).toBeUndefined();
  });

  it('should report a failing build as KUSTOMIZE_FAILED naming the directory given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kprod-origin-test-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [missing.yaml]\n');
    const error = await buildKustomizeSources(dir, { cwd: '/' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KUSTOMIZE_FAILED', exitCode: 2 });
    expect((error as Error).message).toMatch(
      new RegExp(`^kustomize ${dir}: .*missing\\.yaml`, 's'),
    );
  });
});

describe('stripOrigin', () => {
  it('should remove the origin annotation, and the annotations kustomize made only for it', () => {
    const alone = {
      metadata: { annotations: { 'config.kubernetes.io/origin': 'path: a.yaml\n' } },
    };
    expect(stripOrigin(alone)).toBe('path: a.yaml\n');
    expect(alone).toEqual({ metadata: {} });
    const shared = {
      metadata: { annotations: { 'config.kubernetes.io/origin': 'path: a.yaml\n', team: 'x' } },
    };
    stripOrigin(shared);
    expect(shared).toEqual({ metadata: { annotations: { team: 'x' } } });
    const none = { metadata: { annotations: { team: 'x' } } };
    expect(stripOrigin(none)).toBeUndefined();
    expect(none).toEqual({ metadata: { annotations: { team: 'x' } } });
  });
});

describe('parseOrigin', () => {
  it.each([
    ['path: ../base/app.yaml\n', { path: '../base/app.yaml' }],
    [
      'configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n',
      { configuredIn: 'kustomization.yaml' },
    ],
    [
      'path: app.yaml\nrepo: https://github.com/x/y\nref: v1\n',
      { path: 'app.yaml', repo: 'https://github.com/x/y' },
    ],
    ['[not, a, map]', undefined],
    [42, undefined],
  ])('should read %j', (text, expected) => {
    const origin = parseOrigin(text);
    expect(origin === undefined ? undefined : JSON.parse(JSON.stringify(origin))).toEqual(expected);
  });
});
