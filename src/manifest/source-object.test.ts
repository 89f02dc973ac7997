import { describe, expect, it } from 'vitest';
import { formatFieldPath } from './source-object.js';

describe('formatFieldPath', () => {
  it.each([
    [
      'field names and indexes',
      ['spec', 'template', 'spec', 'containers', 0, 'image'],
      'spec.template.spec.containers[0].image',
    ],
    [
      'a key with dots and a slash',
      ['metadata', 'labels', 'app.kubernetes.io/name'],
      'metadata.labels[app.kubernetes.io/name]',
    ],
    ['a file name as a key', ['data', 'config.yml'], 'data[config.yml]'],
    ['a key with a space', ['data', 'a b'], 'data[a b]'],
    ['an empty key', ['data', ''], 'data[]'],
    ['names with - _ $', ['x-y', 'a_b', '$ref'], 'x-y.a_b.$ref'],
    ['a first key that needs brackets', ['a.b', 'c'], '[a.b].c'],
    ['nothing', [], ''],
  ] as const)('should render %s', (_name, path, expected) => {
    expect(formatFieldPath(path)).toBe(expected);
  });
});
