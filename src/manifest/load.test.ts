import { getHeapSnapshot } from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { KprodError } from '../errors.js';
import { forEachManifestObject, loadManifestText } from './load.js';
import type { FieldPath, SourceObject } from './source-object.js';

function loadError(text: string): KprodError {
  try {
    loadManifestText(text, 'in.yaml');
  } catch (error) {
    if (error instanceof KprodError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('loadManifestText', () => {
  it('should read every document of a multi-document file with its own line', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
      '---',
      '# a comment',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: b',
      'spec:',
      '  ports:',
      '    - port: 80',
      '      name: http',
    ].join('\n');
    const objects = loadManifestText(text, 'm.yaml');
    expect(objects.map((o) => [o.object.kind, o.file, o.line, o.documentIndex])).toEqual([
      ['ConfigMap', 'm.yaml', 1, 0],
      ['Service', 'm.yaml', 7, 1],
    ]);
    expect(objects[1]!.lineOf(['spec', 'ports', 0, 'name'])).toBe(14);
    expect(objects[1]!.lineOf(['spec', 'ports', 0])).toBe(13);
    expect(objects[1]!.lineOf(['metadata', 'name'])).toBe(10);
    expect(objects[1]!.lineOf(['spec', 'selector'])).toBeUndefined();
  });

  it('should skip empty documents and keep lines of Helm-rendered output', () => {
    const text = [
      '---',
      '# Source: chart/templates/empty.yaml',
      '---',
      '# Source: chart/templates/svc.yaml',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      '---',
      '',
    ].join('\n');
    const objects = loadManifestText(text, 'helm.yaml');
    expect(objects.map((o) => [o.object.kind, o.line, o.documentIndex])).toEqual([
      ['Service', 5, 1],
    ]);
  });

  it('should expand List kinds, each item keeping its own line', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata: { name: one }',
      '  - apiVersion: v1',
      '    kind: Secret',
      '    metadata:',
      '      name: two',
    ].join('\n');
    const objects = loadManifestText(text, 'list.yaml');
    expect(objects.map((o) => [o.object.kind, o.object.metadata?.name, o.line])).toEqual([
      ['ConfigMap', 'one', 4],
      ['Secret', 'two', 7],
    ]);
    expect(objects[1]!.lineOf(['metadata', 'name'])).toBe(10);
  });

  it('should read JSON with field lines', () => {
    const text =
      '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {\n    "name": "x"\n  }\n}\n';
    const [ns] = loadManifestText(text, 'ns.json');
    expect(ns!.object).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
    expect(ns!.lineOf(['metadata', 'name'])).toBe(5);
  });

  it('should read yes/no as booleans and resolve merge keys, as kubectl does', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: c }',
      'base: &base { a: 1 }',
      'data:',
      '  <<: *base',
      '  flag: yes',
    ].join('\n');
    const [cm] = loadManifestText(text, 'c.yaml');
    expect(cm!.object['data']).toEqual({ a: 1, flag: true });
  });

  it('should read YAML 1.1 booleans and keep timestamps as strings, with or without anchors', () => {
    const plain =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  a: on\n  b: No\n  c: "yes"\n  d: 2024-01-01\n';
    const anchored = plain.replace('data:', 'data: &d');
    for (const text of [plain, anchored]) {
      const [cm] = loadManifestText(text, 'c.yaml');
      expect(cm!.object['data']).toEqual({ a: true, b: false, c: 'yes', d: '2024-01-01' });
      expect(cm!.lineOf(['data', 'd'])).toBe(8);
    }
  });

  it('should keep lines across CRLF files, content on a marker line and anchored documents', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: &m { name: a }',
      '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
      '---',
      '',
      '# comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: c',
    ].join('\r\n');
    const objects = loadManifestText(text, 'crlf.yaml');
    expect(objects.map((o) => [o.object.metadata?.name, o.line, o.documentIndex])).toEqual([
      ['a', 1, 0],
      ['b', 4, 1],
      ['c', 8, 2],
    ]);
    expect(objects[2]!.lineOf(['metadata', 'name'])).toBe(11);
    expect(objects[0]!.lineOf(['metadata', 'name'])).toBe(3);
  });

  it.each([
    [
      'malformed YAML',
      'apiVersion: v1\nkind: A\n  bad: indent\n',
      'in.yaml:2:7: Nested mappings are not allowed in compact mappings',
    ],
    ['an unclosed quote', 'apiVersion: v1\nkind: "A\n', 'in.yaml:3:1: Missing closing "quote'],
    [
      'a duplicate key',
      'apiVersion: v1\nkind: A\nkind: B\n',
      'in.yaml:3:1: Map keys must be unique',
    ],
    [
      'a duplicate key in a flow mapping',
      'apiVersion: v1\nkind: A\nmetadata: { name: a, name: b }\n',
      'in.yaml:3:22: Map keys must be unique',
    ],
    [
      'a scalar document',
      'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\njust text\n',
      'in.yaml:5: document 2 is a string ("just text"), expected a Kubernetes object (a mapping with apiVersion and kind)',
    ],
    [
      'a list document',
      '- a\n- b\n',
      'in.yaml:1: document 1 is a list, expected a Kubernetes object (a mapping with apiVersion and kind)',
    ],
    [
      'a missing kind',
      'apiVersion: v1\nmetadata:\n  name: a\n',
      'in.yaml:1: document 1 has no kind, so it is not a Kubernetes object',
    ],
    [
      'a scalar metadata',
      'apiVersion: v1\nkind: A\nmetadata: oops\n',
      'in.yaml:3: document 1: metadata is a string ("oops"), expected a mapping',
    ],
    [
      'scalar labels',
      'apiVersion: v1\nkind: A\nmetadata:\n  name: a\n  labels: [x]\n',
      'in.yaml:5: document 1: metadata.labels is a list, expected a mapping',
    ],
    [
      'a scalar List item',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: A\n  - 42\n',
      'in.yaml:6: document 1, items[1] is a number (42), expected a Kubernetes object (a mapping with apiVersion and kind)',
    ],
  ])('should refuse %s with MANIFEST_INVALID at file:line', (_name, text, message) => {
    const error = loadError(text);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(message);
  });

  it('should refuse an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    const error = loadError(['apiVersion: v1', 'kind: A', ...lines].join('\n'));
    expect(error.code).toBe('MANIFEST_INVALID');
  });
});

describe('loadManifestText as kubectl reads YAML', () => {
  it("should read \\' in a double-quoted string as a quote, and leave other scalars alone", () => {
    const plain = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: c }',
      'data:',
      `  a: "it\\'s"`,
      `  b: { c: "\\'q\\' \\\\'" }`,
      `  d: 'it\\''`,
      `  e: it\\'s`,
    ].join('\n');
    const anchored = plain.replace('data:', 'data: &d');
    for (const text of [plain, anchored]) {
      const [cm] = loadManifestText(text, 'q.yaml');
      expect(cm!.object['data']).toEqual({
        a: "it's",
        b: { c: "'q' \\'" },
        d: "it\\'",
        e: "it\\'s",
      });
      expect(cm!.lineOf(['data', 'e'])).toBe(8);
    }
  });

  it('should refuse the escapes kubectl refuses, at their line and column', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  a: "a\\/b"\n';
    const error = loadError(text);
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toBe(
      'in.yaml:5:8: unknown escape "\\/" in a double-quoted string: kubectl\'s YAML parser refuses it',
    );
    expect(error.hint).toBe('Write "/" without the backslash.');
  });

  it("should print none of the YAML library's warnings", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const text =
        'apiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: c }\ndata:\n  ? [a, b]\n  : c\n';
      const [cm] = loadManifestText(text, 'w.yaml');
      expect(cm!.object['data']).toEqual({ '[ a, b ]': 'c' });
      expect(warn).not.toHaveBeenCalled();
      expect(emit).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      emit.mockRestore();
    }
  });

  it('should point a field reached through a merge key at the line where it is written', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'x-defaults: &defaults',
      '  image: web:1',
      '  securityContext:',
      '    privileged: true',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - <<: *defaults',
      '          name: web',
      '        - <<: [{ ports: [] }, *defaults]',
      '          image: other',
      '          name: b',
    ].join('\n');
    const [deploy] = loadManifestText(text, 'm.yaml');
    const container = ['spec', 'template', 'spec', 'containers'];
    expect(deploy!.lineOf([...container, 0, 'securityContext', 'privileged'])).toBe(7);
    expect(deploy!.lineOf([...container, 0, 'image'])).toBe(5);
    expect(deploy!.lineOf([...container, 0, 'name'])).toBe(13);
    expect(deploy!.lineOf([...container, 1, 'image'])).toBe(15);
    expect(deploy!.lineOf([...container, 1, 'ports'])).toBe(14);
    expect(deploy!.lineOf([...container, 1, 'securityContext'])).toBe(6);
    const inline =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  <<: { a: "1" }\n  b: "2"\n';
    const [cm] = loadManifestText(inline, 'i.yaml');
    expect([cm!.lineOf(['data', 'a']), cm!.lineOf(['data', 'b'])]).toEqual([5, 6]);
  });
});

/** What a source answers: its file, line, document and the lines of `paths`. */
function answers(source: SourceObject, paths: readonly FieldPath[]): unknown[] {
  return [source.file, source.line, source.documentIndex, ...paths.map((p) => source.lineOf(p))];
}

/** Each object of `text` as read, and detached (with a one-field object, in reading order). */
/** A file's text read again from an offset on (in the text without its byte order mark). */
function textFrom(text: string): (start: number) => string {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return (start) => source.slice(start);
}

function readAndDetach(
  text: string,
  file: string,
  reread: ((start: number) => string) | undefined,
): { whole: SourceObject[]; detached: SourceObject[] } {
  const whole: SourceObject[] = [];
  const detached: SourceObject[] = [];
  forEachManifestObject(
    text,
    file,
    (source) => {
      whole.push(source);
      if (source.detach !== undefined) detached.push(source.detach({ kind: 'Compact' }));
    },
    reread,
  );
  return { whole, detached };
}

describe('forEachManifestObject detach', () => {
  const paths: FieldPath[] = [
    [],
    ['metadata'],
    ['metadata', 'name'],
    ['data', 'a'],
    ['data', 'b'],
    ['spec', 'ports', 0, 'port'],
    ['spec', 'ports', 1],
    ['spec', 'missing'],
  ];
  const documents = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: "1"\n',
    '--- # first\n\n# comment\napiVersion: v1\nkind: Service\nmetadata: { name: b }\nspec:\n  ports:\n    - port: 80\n    - port: 81\n',
    '---\n',
    '---\nnull\n',
    // Anchors take the thorough reader, whose documents find their lines in the document model
    // again once detached; a List's items are read one by one, and detached.
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: c }\n',
    '---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: d } }\n',
    '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: e}, data: {a: x}}\n',
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: f }\ndata:\n  <<: { a: "1" }\n  b: "2"\n',
    '---\t\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: g\n',
  ];
  const text = documents.join('');

  it.each([
    ['LF', text],
    ['CRLF', text.replaceAll('\n', '\r\n')],
    ['a byte order mark', `\uFEFF${text}`],
    ['no final newline', text.trimEnd()],
  ])('should answer as the object read, from text with %s', (_name, input) => {
    for (const reread of [textFrom(input), undefined]) {
      const { whole, detached } = readAndDetach(input, 'f.yaml', reread);
      const readFast = whole.filter((source) => source.detach !== undefined);
      expect(detached.map((source) => source.object)).toEqual(
        readFast.map(() => ({ kind: 'Compact' })),
      );
      expect(detached.map((source) => answers(source, paths))).toEqual(
        readFast.map((source) => answers(source, paths)),
      );
    }
  });

  it('should answer as read when detached out of order, twice, or after other files', () => {
    const { whole } = readAndDetach(text, 'f.yaml', textFrom(text));
    expect(
      whole.map((source) => [source.object.metadata?.name, ...answers(source, paths)]),
    ).toEqual([
      ['a', 'f.yaml', 1, 0, 1, 3, 4, 6, undefined, undefined, undefined, undefined],
      ['b', 'f.yaml', 10, 1, 10, 12, 12, undefined, undefined, 15, 16, undefined],
      ['c', 'f.yaml', 21, 4, 21, 23, 23, undefined, undefined, undefined, undefined, undefined],
      ['d', 'f.yaml', 28, 5, 28, 28, 28, undefined, undefined, undefined, undefined, undefined],
      ['e', 'f.yaml', 29, 6, 29, 29, 29, 29, undefined, undefined, undefined, undefined],
      ['f', 'f.yaml', 31, 7, 31, 33, 33, 35, 36, undefined, undefined, undefined],
      ['g', 'f.yaml', 40, 9, 40, 42, 43, undefined, undefined, undefined, undefined, undefined],
    ]);
    const fast = whole.filter((source) => source.detach !== undefined);
    const expected = fast.map((source) => answers(source, paths));
    const other = readAndDetach(documents[1]!, 'g.yaml', textFrom(documents[1]!)).whole;
    const order = [4, 0, 0, 3, 1, 2, 4, 1];
    const again = order.map((i) => fast[i]!.detach!({}));
    const otherAgain = other.map((source) => source.detach!({}));
    expect(again.map((source) => answers(source, paths))).toEqual(order.map((i) => expected[i]));
    expect(otherAgain.map((source) => answers(source, paths))).toEqual([
      ['g.yaml', 4, 0, 4, 6, 6, undefined, undefined, 9, 10, undefined],
    ]);
  });

  it('should answer as read for many objects, and for files detached in turn', () => {
    // More objects than one page of numbers holds: the numbers go on in another page.
    const many = Array.from(
      { length: 9000 },
      (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
    ).join('');
    const { whole, detached } = readAndDetach(many, 'many.yaml', textFrom(many));
    const name: FieldPath[] = [['metadata', 'name']];
    expect(detached.map((source) => answers(source, name))).toEqual(
      whole.map((_, i) => ['many.yaml', 2 + 5 * i, i, 5 + 5 * i]),
    );
    const a = readAndDetach(text, 'a.yaml', textFrom(text)).whole;
    const b = readAndDetach(many, 'b.yaml', () => many).whole;
    const turns = a.flatMap((source, i) => (source.detach ? [source, b[i]!] : [b[i]!]));
    expect(turns.map((source) => answers(source.detach!({}), paths))).toEqual(
      turns.map((source) => answers(source, paths)),
    );
  });

  it('should find the lines of a document with anchors again once detached', () => {
    const anchored = [
      '# leading comment',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: &labels',
      '    app: web',
      '  annotations:',
      '    note: "it\\\'s"',
      'spec:',
      '  selector:',
      '    matchLabels: *labels',
      '  template:',
      '    metadata:',
      '      labels:',
      '        <<: *labels',
      '        tier: front',
      '',
    ].join('\n');
    const input = `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: first }\n---\n${anchored}`;
    const { whole } = readAndDetach(input, 'f.yaml', textFrom(input));
    const paths: FieldPath[] = [
      ['metadata', 'labels', 'app'],
      ['metadata', 'annotations', 'note'],
      ['spec', 'selector', 'matchLabels', 'app'],
      ['spec', 'template', 'metadata', 'labels', 'app'],
      ['spec', 'template', 'metadata', 'labels', 'tier'],
    ];
    const read = whole[1]!;
    expect(read.object.metadata?.annotations).toEqual({ note: "it's" });
    expect(answers(read, paths)).toEqual(['f.yaml', 7, 1, 12, 14, 12, 12, 22]);
    expect(answers(read.detach!({}), paths)).toEqual(answers(read, paths));
  });

  it('should say no line of a field when the file reread is gone', () => {
    const { detached } = readAndDetach(text, 'f.yaml', () => '');
    expect(detached.map((source) => answers(source, [[], ['metadata', 'name']]))).toEqual([
      ['f.yaml', 1, 0, 1, undefined],
      ['f.yaml', 10, 1, 10, undefined],
      ['f.yaml', 21, 4, 21, undefined],
      ['f.yaml', 28, 5, 28, undefined],
      ['f.yaml', 29, 6, 29, undefined],
      ['f.yaml', 31, 7, 31, undefined],
      ['f.yaml', 40, 9, 40, undefined],
    ]);
  });
});

describe('forEachManifestObject memory', () => {
  /** Names of the live strings of the heap that start with `prefix`. */
  async function liveStringsStartingWith(prefix: string): Promise<string[]> {
    let json = '';
    for await (const chunk of getHeapSnapshot()) json += String(chunk);
    const snapshot = JSON.parse(json) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
      nodes: number[];
      strings: string[];
    };
    const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
    const typeAt = fields.indexOf('type');
    const nameAt = fields.indexOf('name');
    const stringTypes = new Set(
      ['string', 'concatenated string', 'sliced string'].map((t) => types[0].indexOf(t)),
    );
    const found: string[] = [];
    for (let at = 0; at < snapshot.nodes.length; at += fields.length) {
      const name = snapshot.strings[snapshot.nodes[at + nameAt]!] ?? '';
      if (stringTypes.has(snapshot.nodes[at + typeAt]!) && name.startsWith(prefix)) {
        found.push(name.slice(0, prefix.length + 20));
      }
    }
    return found;
  }

  it("should not keep the file's text alive through a string of one of its objects", async () => {
    // Made at run time, so that no constant of the test holds it.
    const head = `# file ${Math.random()}`;
    const kept: unknown[] = [];
    (() => {
      const documents = Array.from(
        { length: 2000 },
        (_, i) =>
          `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a-long-object-name-${i}\n`,
      );
      const text = `${head}\n${documents.join('')}`;
      forEachManifestObject(text, 'f.yaml', (source) => {
        if (kept.length === 0) kept.push(source.object.metadata?.name);
      });
    })();
    expect(kept).toEqual(['a-long-object-name-0']);
    expect(await liveStringsStartingWith(`${head}\n---`)).toEqual([]);
  });

  it("should not keep a file's text read anew alive once its reader lets it go", async () => {
    const head = `# file ${Math.random()}`;
    const documents = Array.from(
      { length: 200 },
      (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c-${i}\n`,
    );
    // A reader that keeps the whole text read anew until it reads another file, as load-paths'
    // does; the file is read from `disk`.
    const disk = { text: `${head}\n${documents.join('')}` };
    const reread = { text: '' };
    const detached: SourceObject[] = [];
    forEachManifestObject(
      disk.text,
      'f.yaml',
      (source) => detached.push(source.detach!({})),
      (start) => {
        reread.text = `${disk.text} `.slice(0, -1);
        return reread.text.slice(start);
      },
    );
    expect(detached[7]!.lineOf(['metadata', 'name'])).toBe(2 + 5 * 7 + 4);
    disk.text = '';
    reread.text = '';
    expect(await liveStringsStartingWith(`${head}\n---`)).toEqual([]);
  });
});
