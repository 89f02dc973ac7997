import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../kube-api.js';
import {
  configBaseName,
  configMapHashSuffix,
  configMapReferences,
  selectConfigGarbage,
  versionedConfigMapName,
} from './config-version.js';

/** Runs the real `kubectl kustomize` on a configMapGenerator and returns the generated names. */
function kustomizeNames(generators: { name: string; files: Record<string, string> }[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kprod-kustomize-'));
  try {
    const lines = ['configMapGenerator:'];
    generators.forEach((generator, i) => {
      lines.push(`- name: ${generator.name}`);
      const entries = Object.entries(generator.files);
      if (entries.length > 0) lines.push('  files:');
      for (const [key, content] of entries) {
        const file = `g${i}-${key}`;
        writeFileSync(join(dir, file), content);
        lines.push(`  - ${key}=${file}`);
      }
    });
    writeFileSync(join(dir, 'kustomization.yaml'), lines.join('\n') + '\n');
    const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 20_000 });
    return parseAllDocuments(out).map(
      (doc) => (doc.toJSON() as { metadata: { name: string } }).metadata.name,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('versionedConfigMapName', () => {
  it('should give the names kubectl kustomize gives for the same data', () => {
    const generators = [
      {
        name: 'multiroute-config',
        files: { 'config.yml': 'routes:\n  /route1:\n    response: "a"\n' },
      },
      {
        name: 'html',
        files: { 'x.yaml': 'text: "<b>&amp;</b>"\ntab: "\t"\n', 'a.txt': 'é ☃ 😀\n' },
      },
      { name: 'empty', files: {} },
    ];
    const expected = kustomizeNames(generators).sort();
    const ours = generators.map((g) => versionedConfigMapName(g.name, g.files)).sort();
    expect(ours).toEqual(expected);
  });

  it('should depend only on the data, not on key order', () => {
    expect(versionedConfigMapName('cfg', { b: '2', a: '1' })).toBe(
      versionedConfigMapName('cfg', { a: '1', b: '2' }),
    );
    expect(versionedConfigMapName('cfg', { a: '1' })).not.toBe(
      versionedConfigMapName('cfg', { a: '2' }),
    );
  });
});

describe('configMapHashSuffix', () => {
  it('should map 0,1,3,a,e so the suffix has 10 characters from the safe alphabet', () => {
    expect(configMapHashSuffix({})).toBe('6ct58987ht');
    expect(configMapHashSuffix({ k: 'v' })).toMatch(/^[24-9bcdfghkmt]{10}$/);
  });
});

describe('configBaseName', () => {
  it('should strip a hash suffix and keep other names', () => {
    expect(configBaseName('multiroute-config-6ct58987ht')).toBe('multiroute-config');
    expect(configBaseName('multiroute-config-v1')).toBe('multiroute-config-v1');
    expect(configBaseName('app-config-1234567890')).toBe('app-config-1234567890');
  });
});

describe('configMapReferences', () => {
  it('should find volume, projected, envFrom and env references with their JSON pointers', () => {
    const podSpec = {
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg-aaa' } },
        { name: 'data', emptyDir: {} },
        {
          name: 'p',
          projected: { sources: [{ secret: { name: 's' } }, { configMap: { name: 'p-cm' } }] },
        },
      ],
      initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
      containers: [
        {
          name: 'app',
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', valueFrom: { configMapKeyRef: { name: 'keys', key: 'b' } } },
          ],
        },
      ],
    };
    expect(configMapReferences(podSpec, '/spec/template/spec')).toEqual([
      { pointer: '/spec/template/spec/volumes/0/configMap/name', name: 'cfg-aaa' },
      { pointer: '/spec/template/spec/volumes/2/projected/sources/1/configMap/name', name: 'p-cm' },
      {
        pointer: '/spec/template/spec/initContainers/0/envFrom/0/configMapRef/name',
        name: 'init-env',
      },
      {
        pointer: '/spec/template/spec/containers/0/env/1/valueFrom/configMapKeyRef/name',
        name: 'keys',
      },
    ]);
  });
});

describe('selectConfigGarbage', () => {
  const cm = (name: string, created: string, base = 'cfg', managed = 'kprod'): KubeObject => ({
    kind: 'ConfigMap',
    metadata: {
      name,
      creationTimestamp: created,
      labels: { 'kprod.io/config-base': base, 'app.kubernetes.io/managed-by': managed },
    },
  });
  const all = [
    cm('cfg-1', '2026-01-01T00:00:01Z'),
    cm('cfg-4', '2026-01-01T00:00:04Z'),
    cm('cfg-2', '2026-01-01T00:00:02Z'),
    cm('cfg-3', '2026-01-01T00:00:03Z'),
    cm('other-1', '2026-01-01T00:00:00Z', 'other'),
    cm('cfg-hand', '2026-01-01T00:00:00Z', 'cfg', 'someone-else'),
  ];

  it('should keep the current and N previous versions and delete older ones, oldest first', () => {
    expect(selectConfigGarbage(all, { base: 'cfg', keep: 1, referenced: new Set() })).toEqual([
      'cfg-1',
      'cfg-2',
    ]);
    expect(selectConfigGarbage(all, { base: 'cfg', keep: 3, referenced: new Set() })).toEqual([]);
    expect(selectConfigGarbage(all, { base: 'cfg', keep: 0, referenced: new Set() })).toEqual([
      'cfg-1',
      'cfg-2',
      'cfg-3',
    ]);
  });

  it('should never delete a version a kept ReplicaSet still refers to', () => {
    expect(
      selectConfigGarbage(all, { base: 'cfg', keep: 1, referenced: new Set(['cfg-1']) }),
    ).toEqual(['cfg-2']);
  });
});
