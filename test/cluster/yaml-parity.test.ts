import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KprodError } from '../../src/errors.js';
import { loadManifestText } from '../../src/manifest/load.js';
import { kprod, kubectl } from './cluster.js';

/**
 * YAML as kubectl reads it: each text is given to the real kubectl (`create --dry-run=client
 * -o json -f FILE`, its own parser) and to kprod's loader and `kprod check`. Both accept it with
 * the same object, or both refuse it.
 */

const dir = mkdtempSync(join(tmpdir(), 'kprod-yaml-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const configMap = (data: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n${data}\n`;

const CASES: readonly { name: string; text: string }[] = [
  { name: 'an escaped single quote in a double-quoted string', text: configMap(`  a: "it\\'s"`) },
  {
    name: 'an escaped single quote in a flow mapping',
    text: configMap(`  x: "1"`).replace('data:\n  x: "1"', `data: { a: "\\'q\\' \\\\'" }`),
  },
  { name: 'an escaped slash in a double-quoted string', text: configMap('  a: "a\\/b"') },
  { name: 'an unknown escape', text: configMap('  a: "a\\qb"') },
  { name: 'the escapes both know', text: configMap('  a: "\\x41\\e\\"\\t\\u00e9\\N\\_\\\\"') },
  { name: 'a backslash in single quotes', text: configMap("  a: 'it\\'") },
  { name: 'a backslash in a plain scalar', text: configMap("  a: it\\'s") },
  {
    name: 'a merge key',
    text: `apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: c\n  namespace: default\ndata:\n  <<: { a: "1", b: "2" }\n  b: "3"\n`,
  },
];

/** What kprod's loader makes of a text: the objects, or the refusal. */
function kprodRead(text: string): { objects: unknown[] } | { refused: string } {
  try {
    return { objects: loadManifestText(text, 'in.yaml').map((o) => o.object) };
  } catch (error) {
    if (error instanceof KprodError) return { refused: error.code };
    throw error;
  }
}

describe('YAML parity with kubectl', () => {
  it.each(CASES)('should read $name as kubectl does', async ({ name, text }) => {
    const file = join(dir, `${name.replace(/[^a-z]+/g, '-')}.yaml`);
    writeFileSync(file, text);
    const witness = await kubectl(['create', '--dry-run=client', '-o', 'json', '-f', file]);
    const ours = kprodRead(text);
    const check = await kprod(['check', file, '--fail-on', 'never', '-o', 'json']);
    if (witness.code === 0) {
      expect(ours).toEqual({ objects: [JSON.parse(witness.stdout) as unknown] });
      expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
    } else {
      expect(witness.stderr).toContain('error parsing');
      expect(ours).toEqual({ refused: 'MANIFEST_INVALID' });
      expect(check.code).toBe(2);
    }
  });
});

describe('numbers as kubectl reads them', () => {
  // File modes as manifests write them: kubectl's reader takes a leading zero as octal.
  const modes = ['0644', '0o600', '0x1ED', '0b110100100', '420', '0_644', '1_0', '08', '1e2'];
  const pod = (anchor: string): string =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: ${anchor}{ name: p, namespace: default }`,
      'spec:',
      '  containers: [{ name: a, image: "nginx:1.27", ports: [{ containerPort: 0x50 }] }]',
      '  volumes:',
      ...modes.map(
        (mode, i) => `    - { name: v${i}, configMap: { name: c, defaultMode: ${mode} } }`,
      ),
      '',
    ].join('\n');

  it.each([
    ['the fast reader', ''],
    ['the reader of documents with anchors', '&m '],
  ])('should read file modes and ports in %s as kubectl does', async (_name, anchor) => {
    const file = join(dir, `numbers-${anchor === '' ? 'plain' : 'anchored'}.yaml`);
    writeFileSync(file, pod(anchor));
    const witness = JSON.parse(
      (await kubectl(['create', '--dry-run=client', '-o', 'json', '-f', file])).stdout,
    ) as { spec: { volumes: { configMap: { defaultMode: number } }[]; containers: unknown[] } };
    const [ours] = loadManifestText(pod(anchor), file);
    const spec = ours?.object['spec'] as typeof witness.spec;
    const numbers = (s: typeof witness.spec) => [
      s.volumes.map((v) => v.configMap.defaultMode),
      (s.containers[0] as { ports: { containerPort: number }[] }).ports[0]?.containerPort,
    ];
    expect(numbers(spec)).toEqual(numbers(witness.spec));
    expect(numbers(spec)).toEqual([[420, 384, 493, 420, 420, 420, 10, 8, 100], 80]);
  });
});
