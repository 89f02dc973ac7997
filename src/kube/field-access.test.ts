import { describe, expect, it } from 'vitest';
import {
  arrayAt,
  editableRecordAt,
  editableRecordsAt,
  recordsAt,
  stringMapAt,
} from './field-access.js';

describe('editableRecordAt', () => {
  it.each([
    ['an object', { spec: { a: 1 } }, { a: 1 }],
    ['an absent key', { other: {} }, undefined],
    ['an array', { spec: [1] }, undefined],
    ['null', { spec: null }, undefined],
    ['a string', { spec: 'x' }, undefined],
    ['a parent that is not an object', ['spec'], undefined],
  ])('should give the object at the key for %s', (_, value, expected) => {
    expect(editableRecordAt(value, 'spec')).toEqual(expected);
  });

  it('should return the object itself, so an edit changes the parent', () => {
    const parent = { spec: { name: 'web' } };
    const spec = editableRecordAt(parent, 'spec');
    if (spec !== undefined) spec['name'] = 'web-canary';
    expect(parent).toEqual({ spec: { name: 'web-canary' } });
  });
});

describe('editableRecordsAt', () => {
  it.each([
    [
      'objects and other entries',
      { rules: [{ a: 1 }, null, 'x', [2], { b: 2 }] },
      [{ a: 1 }, { b: 2 }],
    ],
    ['an absent key', {}, []],
    ['an object instead of an array', { rules: { a: 1 } }, []],
    ['a parent that is null', null, []],
  ])('should give the object entries for %s', (_, value, expected) => {
    expect(editableRecordsAt(value, 'rules')).toEqual(expected);
  });

  it('should return the entries themselves, so an edit changes the parent', () => {
    const parent = { rules: [{ weight: 0 }, { weight: 0 }] };
    for (const rule of editableRecordsAt(parent, 'rules')) rule['weight'] = 50;
    expect(parent).toEqual({ rules: [{ weight: 50 }, { weight: 50 }] });
  });
});

describe('recordsAt', () => {
  it.each([
    ['objects', { items: [{ a: 1 }, { b: 2 }] }, [{ a: 1 }, { b: 2 }]],
    ['entries that are not objects', { items: [null, 'x', 3, [1], { a: 1 }] }, [{ a: 1 }]],
    ['an absent key', { other: [] }, []],
    ['an object instead of an array', { items: { a: 1 } }, []],
    ['a parent that is not an object', [{ a: 1 }], []],
  ])('should give the objects of the array at the key for %s', (_, value, expected) => {
    expect(recordsAt(value, 'items')).toEqual(expected);
  });
});

describe('arrayAt', () => {
  it('should give the array itself when present', () => {
    const ports = [{ port: 80 }];
    expect(arrayAt({ ports }, 'ports')).toBe(ports);
  });

  it.each([
    ['an absent key', {}],
    ['an object instead of an array', { ports: { a: 1 } }],
    ['a parent that is not an object', ['ports']],
  ])('should give one shared, frozen empty list for %s', (_, value) => {
    const list = arrayAt(value, 'ports');
    expect(list).toEqual([]);
    expect(Object.isFrozen(list)).toBe(true);
    expect(list).toBe(arrayAt(null, 'other'));
  });
});

describe('stringMapAt', () => {
  it('should keep the string values of the map', () => {
    expect(stringMapAt({ labels: { app: 'web', replicas: 2 } }, 'labels')).toEqual({ app: 'web' });
  });

  it('should give one shared, frozen empty map when the map is absent', () => {
    const map = stringMapAt({}, 'labels');
    expect(map).toEqual({});
    expect(Object.isFrozen(map)).toBe(true);
    expect(map).toBe(stringMapAt({ labels: 'x' }, 'labels'));
  });
});
