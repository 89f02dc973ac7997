import { describe, expect, it } from 'vitest';
import type { FieldPath, SourceObject } from '../manifest/source-object.js';
import { findingFor, ruleDocsOf } from './finding.js';

const RULE = ruleDocsOf('test')('r', 'warning', 's', 'd', 'e');

/** A source whose fields sit on lines that name their path exactly. */
function sourceWithLines(lines: Readonly<Record<string, number>>): SourceObject {
  return {
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } },
    file: 'p.yaml',
    line: 1,
    documentIndex: 0,
    lineOf: (path: FieldPath) => lines[JSON.stringify(path)],
  };
}

describe('findingFor', () => {
  it('should place each field of one object on its own line, paths that print alike included', () => {
    const source = sourceWithLines({
      '["a",0]': 2,
      '["a","0"]': 3,
      '["a.b"]': 4,
      '["a","b"]': 5,
    });
    const lines = [['a', 0], ['a', '0'], ['a.b'], ['a', 'b'], ['a', 0], ['absent']].map(
      (field) => findingFor(source, RULE, 'm', 'h', field).line,
    );
    expect(lines).toEqual([2, 3, 4, 5, 2, 1]);
  });

  it('should give the findings of one object one resource id, and another object its own', () => {
    const first = sourceWithLines({});
    const second = { ...sourceWithLines({}), object: { apiVersion: 'v1', kind: 'Pod' } };
    const a = findingFor(first, RULE, 'm', 'h');
    const b = findingFor(first, RULE, 'm2', 'h', ['spec']);
    const c = findingFor(second, RULE, 'm', 'h');
    expect(b.resource).toBe(a.resource);
    expect(a.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'n', name: 'p' });
    expect(c.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: undefined, name: '' });
  });
});
