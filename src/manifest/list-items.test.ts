import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KprodError } from '../errors.js';
import { documentTexts } from './document-split.js';
import { itemEnd, itemText, jsonListLayout, listLayout, objectTextAt } from './list-items.js';
import { forEachManifestObject, loadManifestText } from './load.js';
import type { FieldPath, SourceObject } from './source-object.js';

describe('listLayout', () => {
  it('should cut the items of a List and leave the rest as its header', () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '# first',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '',
      '-',
      '  # second',
      '  kind: Secret',
      'kind: List',
      '',
    ].join('\n');
    const layout = listLayout(text);
    expect(layout?.header).toBe('apiVersion: v1\nitems:\n# first\nkind: List\n');
    const places = layout?.items.map((p) => [p.line, text.slice(p.start, p.end)]);
    expect(places).toEqual([
      [3, '- apiVersion: v1\n  kind: ConfigMap\n\n'],
      [6, '-\n  # second\n  kind: Secret\n'],
    ]);
  });

  it.each([
    ['a tab anywhere', 'kind: List\nitems:\n- a: 1\n  b:\t2\n'],
    ['items written in flow style', 'kind: List\nitems: [{a: 1}]\n'],
    ['no items', 'kind: List\nitems:\nmetadata: {}\n'],
    ['items twice', 'kind: List\nitems:\n- a: 1\nitems:\n- a: 2\n'],
    ['items not at the margin', 'kind: List\nspec:\n  items:\n  - a: 1\n'],
    ['a block scalar as items', 'kind: List\nitems: |\n  - a: 1\n'],
  ])('should cut nothing of a document with %s', (_name, text) => {
    expect(listLayout(text)).toBeUndefined();
  });
});

describe('itemText', () => {
  it.each([
    ['a dash at the margin', '- a: 1\n  b:\n    c: x\n', 'a: 1\nb:\n  c: x\n'],
    ['a wide dash', '  -   a: 1\n      b: |\n        line\n', 'a: 1\nb: |\n  line\n'],
    ['a dash alone on its line', '-\n  # c\n  a: 1\n', '\n# c\na: 1\n'],
    ['a comment left of the item', '  - a: 1\n# c\n    b: 2\n', 'a: 1\n# c\nb: 2\n'],
    ['nothing', '-\n\n', ''],
  ])('should make a document of an item with %s', (_name, item, expected) => {
    expect(itemText(item, 0, item.length)).toBe(expected);
  });

  it('should make no document of an item with content left of its first', () => {
    expect(itemText('-   a: 1\n  b: 2\n', 0, 16)).toBeUndefined();
  });
});

describe('itemEnd', () => {
  it('should end an item at the next line as little indented, and say when it cannot tell', () => {
    const text = '  - a: 1\n    b: 2\n  # c\n  - d: 3\n';
    expect(itemEnd(text, 0)).toBe(text.indexOf('  - d'));
    expect(itemEnd(text.slice(0, 25), 0, false)).toBeUndefined();
    expect(itemEnd('- a: 1\n  b: 2', 0)).toBe(13);
    expect(itemEnd('- a: 1\n  b: 2', 0, false)).toBeUndefined();
  });
});

describe('jsonListLayout', () => {
  it('should cut the objects of a JSON List and leave null for them in its header', () => {
    const text =
      '{\n  "apiVersion": "v1",\n  "items": [\n    {"a": "}"},\n    {\n      "b": [1, {"c": "\\""}]\n    }\n  ],\n  "kind": "List"\n}\n';
    const layout = jsonListLayout(text);
    expect(layout?.header).toBe(
      '{\n  "apiVersion": "v1",\n  "items": null,\n  "kind": "List"\n}\n',
    );
    const places = layout?.items.map((p) => [p.line, text.slice(p.start, p.end)]);
    expect(places).toEqual([
      [3, '{"a": "}"}'],
      [4, '{\n      "b": [1, {"c": "\\""}]\n    }'],
    ]);
    const second = layout!.items[1]!;
    expect(objectTextAt(text.slice(second.start), 'json item')).toBe(
      text.slice(second.start, second.end),
    );
  });

  it.each([
    ['items that are not objects', '{"kind": "List", "items": [1, 2]}'],
    ['items that are not an array', '{"kind": "List", "items": {"a": {}}}'],
    ['items twice', '{"kind": "List", "items": [], "items": [{}]}'],
    ['a single-quoted string', '{"kind": \'List\', "items": [{}]}'],
    ['a comment', '{"kind": "List", "items": [{"a": 1} # c\n]}'],
    ['text after the object', '{"kind": "List", "items": [{}]} x'],
    ['an unclosed array', '{"kind": "List", "items": [{}'],
  ])('should cut nothing of JSON with %s', (_name, text) => {
    expect(jsonListLayout(text)).toBeUndefined();
  });
});

/** Every manifest file below `dir`, sorted. */
function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.name.startsWith('kustomization'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every field path of a parsed value, parents before children. */
function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, v]) => [[...prefix, key], ...pathsOf(v, [...prefix, key])]);
}

/** How a document becomes an item: the dash's line, and the indent of its other lines. */
const STYLES = {
  'dash at the margin': { dash: '- ', indent: '  ' },
  'indented dash': { dash: '  - ', indent: '    ' },
  'wide dash': { dash: '-   ', indent: '    ' },
  'dash alone': { dash: '-\n  ', indent: '  ' },
} as const;

/** A List whose items are the documents of `texts`, in `style`, with comments between them. */
function listOf(texts: readonly string[], style: keyof typeof STYLES, tail = ''): string {
  const { dash, indent } = STYLES[style];
  const items = texts.map((text) => {
    const lines = text
      .replace(/^---[^\n]*\n/, '')
      .replace(/\n+$/, '')
      .split('\n');
    return `${dash}${lines.map((line, i) => (i === 0 ? line : indent + line)).join('\n')}\n`;
  });
  const body = items.join('# between items\n\n');
  return `apiVersion: v1\nkind: List\nitems:\n${body}metadata:\n  resourceVersion: ""\n${tail}`;
}

/** The documents of the project's manifests that stand as items: objects, not a marker line's. */
function itemDocuments(): string[] {
  const files = [...manifestFiles('test/fixtures'), ...manifestFiles('deploy')];
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    try {
      if (loadManifestText(text, file).length === 0) return [];
    } catch {
      return []; // a fixture of a loading error
    }
    return documentTexts(text).filter(
      (doc) => !/^---[ \t]*[^\s#]/.test(doc) && !doc.includes('\t'),
    );
  });
}

/** What the loader answers of an object: where it is, the object, and every field's line. */
function answers(source: SourceObject): unknown[] {
  const paths = pathsOf(source.object);
  return [
    source.file,
    source.line,
    source.documentIndex,
    source.object,
    paths.map((p) => source.lineOf(p)),
  ];
}

describe('a List read an item at a time', () => {
  const documents = itemDocuments();
  it('should have documents to make Lists of', () => {
    expect(documents.length).toBeGreaterThan(100);
  });

  it.each(Object.keys(STYLES) as (keyof typeof STYLES)[])(
    'should read every item written with a %s as the List read whole reads it',
    (style) => {
      const text = listOf(documents, style);
      // An anchor makes the whole document take the reader of the whole List.
      const whole = loadManifestText(listOf(documents, style, 'anchored: &a 1\n'), 'l.yaml');
      const read: SourceObject[] = [];
      const detached: SourceObject[] = [];
      const textAgain = (start: number): string => text.slice(start);
      forEachManifestObject(
        text,
        'l.yaml',
        (source) => {
          read.push(source);
          detached.push(source.detach!({}));
        },
        textAgain,
      );
      expect(whole.every((source) => source.detach === undefined)).toBe(true);
      expect(read.length).toBe(whole.length);
      expect(read.map(answers)).toEqual(whole.map(answers));
      const detachedLines = detached.map((source, i) =>
        pathsOf(read[i]!.object).map((p) => source.lineOf(p)),
      );
      expect(detachedLines).toEqual(whole.map((source) => answers(source)[4]));
    },
  );

  it('should read a List in CRLF lines after a marker as the List read whole reads it', () => {
    const text = `---\n${listOf(documents.slice(0, 40), 'indented dash')}`.replaceAll('\n', '\r\n');
    const whole = loadManifestText(`${text}anchored: &a 1\r\n`, 'l.yaml');
    expect(loadManifestText(text, 'l.yaml').map(answers)).toEqual(whole.map(answers));
  });

  it('should read a JSON List as kubectl get -o json writes it as the List read whole reads it', () => {
    const objects = documents
      .flatMap((doc) => loadManifestText(doc, 'd.yaml'))
      .map((o) => o.object);
    const list = JSON.stringify(
      { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } },
      null,
      4,
    );
    // A single-quoted string is YAML's, not JSON's: that List is read whole.
    const wholeText = list.replace(/\n}$/, ',\n    "z": \'q\'\n}');
    const whole = loadManifestText(wholeText, 'l.json');
    const read: SourceObject[] = [];
    const detached: SourceObject[] = [];
    forEachManifestObject(
      list,
      'l.json',
      (source) => {
        read.push(source);
        detached.push(source.detach!({}));
      },
      (start) => list.slice(start),
    );
    expect(whole.every((source) => source.detach === undefined)).toBe(true);
    expect(read.map((source) => source.object)).toEqual(objects);
    expect(read.map(answers)).toEqual(whole.map(answers));
    const detachedLines = detached.map((source, i) =>
      pathsOf(read[i]!.object).map((p) => source.lineOf(p)),
    );
    expect(detachedLines).toEqual(whole.map((source) => answers(source)[4]));
  });

  it('should read each item once when the List is read whole from an item on', () => {
    // js-yaml refuses `\'` in a double-quoted string, which kubectl reads as `'`.
    const items = ['a', 'b', "c\\'s", 'd'].map(
      (name) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: "${name}"\n`,
    );
    const text = `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`;
    const read = loadManifestText(text, 'l.yaml');
    expect(read.map((source) => [source.object.metadata?.name, source.line])).toEqual([
      ['a', 4],
      ['b', 8],
      ["c's", 12],
      ['d', 16],
    ]);
    expect(read.map((source) => source.detach !== undefined)).toEqual([true, true, false, false]);
  });

  it.each([
    ['a syntax error', '    name: "b\n', 'l.yaml:12:1: Missing closing "quote'],
    ['a duplicate key', '    name: b\n    name: c\n', 'l.yaml:12:5: Map keys must be unique'],
  ])('should stop at an item with %s as the List read whole does', (_name, field, message) => {
    const item = (name: string) =>
      `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n`;
    const text = `apiVersion: v1\nkind: List\nitems:\n${item('a')}${item('x').replace('    name: x\n', field)}`;
    const visited: unknown[] = [];
    let error: unknown;
    try {
      forEachManifestObject(text, 'l.yaml', (source) => visited.push(source.object.metadata?.name));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(KprodError);
    expect((error as KprodError).message).toBe(message);
    expect(visited).toEqual(['a']);
  });
});

describe('a document with an anchor, detached', () => {
  it('should find every line as the fast reader finds it without the anchor, also detached', () => {
    const plain = itemDocuments().map((doc) => `${doc.replace(/\n*$/, '')}\n`);
    const fast = loadManifestText(plain.join('---\n'), 'a.yaml');
    const text = plain.map((doc) => `${doc}anchored: &z 1\n`).join('---\n');
    const read: SourceObject[] = [];
    forEachManifestObject(
      text,
      'a.yaml',
      (source) => read.push(source),
      (start) => text.slice(start),
    );
    expect(read.length).toBe(fast.length);
    expect(read.length).toBeGreaterThan(100);
    const detached = read.map((source) => source.detach!({}));
    const lines = (source: SourceObject, i: number) =>
      pathsOf(fast[i]!.object).map((p) => source.lineOf(p));
    // Each document is a line longer than without its anchor, and so starts lower.
    const expected = fast.map((source, i) => lines(source, i).map((line) => line! + i));
    expect(read.map(lines)).toEqual(expected);
    expect(detached.map(lines)).toEqual(expected);
  });
});
